#include "objectstore/local/local_list.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <utility>

#include "objectstore/local/local_entry.h"
#include "objectstore/local/local_status.h"

namespace trib::objectstore {
namespace {

using DirStream = std::unique_ptr<DIR, int (*)(DIR*)>;

// Takes ownership of `fd` (an O_RDONLY directory).
DirStream OpenStream(int fd) {
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) ::close(fd);
  return DirStream(dir, &::closedir);
}

struct Walk {
  const BeneathRoot& root;
  bool recursive;
  std::vector<std::pair<dev_t, ino_t>> ancestors;  // the directories being read: no cycles
  std::vector<ListEntry> out;

  // Reads `fd` (the directory `dir_key`), keeping names that start with `text`.
  Status Read(int fd, const std::string& dir_key, std::string_view text) {
    DirStream dir = OpenStream(fd);
    if (dir == nullptr) return LocalError(errno, dir_key, "list");
    struct stat self {};
    if (::fstat(::dirfd(dir.get()), &self) != 0) return LocalError(errno, dir_key, "list");
    ancestors.emplace_back(self.st_dev, self.st_ino);
    while (true) {
      errno = 0;
      const dirent* entry = ::readdir(dir.get());
      if (entry == nullptr) break;
      const std::string_view name = entry->d_name;
      if (name == "." || name == ".." || IsTempName(name) || !name.starts_with(text)) continue;
      TRIB_RETURN_IF_ERROR(Visit(dir_key + std::string(name)));
    }
    const int err = errno;
    ancestors.pop_back();
    return err == 0 ? Status::Ok() : LocalError(err, dir_key, "list");
  }

  Status Visit(std::string key) {
    if (!CheckObjectKey("path", key).ok()) return Status::Ok();
    // Resolving each entry beneath the root follows symlinks that stay inside it only.
    UniqueFd fd(root.Open(key, O_PATH));
    if (!fd.valid()) return Status::Ok();
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return Status::Ok();
    if (S_ISREG(st.st_mode)) {
      out.push_back({key, false, InfoFromStat(key, st)});
    } else if (S_ISDIR(st.st_mode)) {
      if (!recursive) {
        out.push_back({key + "/", true, {}});
      } else if (std::find(ancestors.begin(), ancestors.end(),
                           std::make_pair(st.st_dev, st.st_ino)) == ancestors.end()) {
        const int dir_fd = root.Open(key, O_RDONLY | O_DIRECTORY);
        if (dir_fd >= 0) return Read(dir_fd, key + "/", "");
      }
    }
    return Status::Ok();
  }
};

Status RemoveTempFilesIn(int fd) {
  DirStream dir = OpenStream(fd);
  if (dir == nullptr) return LocalError(errno, "", "clean up");
  const int dir_fd = ::dirfd(dir.get());
  Status first;
  while (const dirent* entry = ::readdir(dir.get())) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (::fstatat(dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    Status status;
    if (S_ISREG(st.st_mode) && IsTempName(name)) {
      if (::unlinkat(dir_fd, entry->d_name, 0) != 0 && errno != ENOENT) {
        status = LocalError(errno, name, "remove");
      }
    } else if (S_ISDIR(st.st_mode)) {
      const int child =
          ::openat(dir_fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child >= 0) status = RemoveTempFilesIn(child);
    }
    if (first.ok()) first = status;
  }
  return first;
}

}  // namespace

Result<std::vector<ListEntry>> ListEntries(const BeneathRoot& root, std::string_view dir_key,
                                           std::string_view text, bool recursive) {
  std::string dir(dir_key);
  const int fd =
      root.Open(dir.empty() ? "" : dir.substr(0, dir.size() - 1), O_RDONLY | O_DIRECTORY);
  if (fd == -ENOENT || fd == -ENOTDIR) return std::vector<ListEntry>{};
  if (fd < 0) return LocalError(-fd, dir_key, "list");
  Walk walk{root, recursive, {}, {}};
  TRIB_RETURN_IF_ERROR(walk.Read(fd, dir, text));
  std::sort(walk.out.begin(), walk.out.end(),
            [](const ListEntry& a, const ListEntry& b) { return a.key < b.key; });
  return std::move(walk.out);
}

Status RemoveTempFilesBelow(const BeneathRoot& root) {
  const int fd = root.Open("", O_RDONLY | O_DIRECTORY);
  if (fd < 0) return LocalError(-fd, "", "clean up");
  return RemoveTempFilesIn(fd);
}

}  // namespace trib::objectstore
