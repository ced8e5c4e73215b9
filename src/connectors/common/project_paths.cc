#include "connectors/common/project_paths.h"

#include <filesystem>
#include <system_error>

namespace trib {

namespace {

namespace fs = std::filesystem;

Status Outside(std::string_view field) {
  const std::string name(field);
  return Status(StatusCode::kPermissionDenied,
                "'" + name + "' names a file outside the project's directory", name);
}

// Whether canonical `path` is `dir` itself or below it (both canonical, absolute).
bool IsInside(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

}  // namespace

Status CheckProjectRelativePath(std::string_view field, std::string_view path) {
  const std::string name(field);
  if (path.empty()) return Status::InvalidArgument(name, "'" + name + "' names no file");
  if (path.front() == '/' || path.front() == '~') {
    return Status::InvalidArgument(
        name, "'" + name +
                  "' must name a file relative to the project's directory (e.g. online.db), "
                  "not an absolute path");
  }
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return Status::InvalidArgument(name, "'" + name + "' contains a NUL or a backslash");
  }
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") {
      return Status::InvalidArgument(name, "'" + name + "' must not contain a '.' or '..' segment");
    }
    start = end + 1;
  }
  return Status::Ok();
}

Result<std::string> ResolveProjectPath(std::string_view field, std::string_view path,
                                       const std::string& project_dir) {
  if (project_dir.empty() || !fs::path(project_dir).is_absolute()) {
    return Status::Internal("the project's directory is not known");
  }
  TRIB_RETURN_IF_ERROR(CheckProjectRelativePath(field, path));
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(project_dir, ec);
  if (ec) return Status::Unavailable("the project's directory cannot be resolved");
  // Follows every symlink that exists; the part that does not exist yet stays as written.
  const fs::path resolved = fs::weakly_canonical(root / fs::path(path), ec);
  if (ec || !IsInside(resolved, root) || resolved == root) return Outside(field);
  return resolved.string();
}

std::string ProjectRelative(const std::string& absolute, const std::string& project_dir) {
  const fs::path path(absolute);
  const fs::path dir(project_dir);
  if (!path.is_absolute() || !IsInside(path, dir)) return absolute;
  return path.lexically_relative(dir).string();
}

}  // namespace trib
