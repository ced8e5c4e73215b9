#include "server/file_modes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace trib {

std::vector<std::string> LooseFileModeWarnings(const std::vector<std::string>& paths) {
  std::vector<std::string> warnings;
  for (const std::string& path : paths) {
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const unsigned mode = st.st_mode & 0777;
    if ((mode & 077) == 0) continue;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", mode);
    warnings.push_back(path + " is readable by group or others (mode " + octal +
                       "); it holds secrets: chmod 600 " + path);
  }
  return warnings;
}

void CreatePrivateFileIfMissing(const std::string& path) {
  if (path.empty()) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) ::close(fd);  // EEXIST and the rest: the catalog's own open reports problems
}

std::string CatalogFilePath(const std::string& location) {
  // As OpenCatalog reads it: sqlite:PATH, sqlite:///PATH or a bare path; any other URL is a
  // server.
  if (!location.starts_with("sqlite:")) {
    return location.find("://") == std::string::npos ? location : "";
  }
  std::string path = location.substr(7);
  if (path.starts_with("//")) path.erase(0, 2);
  return path;
}

}  // namespace trib
