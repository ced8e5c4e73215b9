#include "connectors/common/project_paths.h"

#include <algorithm>
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

// No NUL, backslash, "." or ".." segment: what every local path must satisfy as text.
Status CheckPathText(const std::string& name, std::string_view path) {
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
  return CheckPathText(name, path);
}

Status CheckLocalPath(std::string_view field, std::string_view path) {
  if (path.empty() || path.front() != '/') return CheckProjectRelativePath(field, path);
  return CheckPathText(std::string(field), path);
}

bool InAllowedDirectory(std::string_view path, const std::vector<std::string>& directories) {
  const fs::path file = fs::path(path).lexically_normal();
  for (const std::string& dir : directories) {
    if (IsInside(file, fs::path(dir)) && file != fs::path(dir)) return true;
  }
  return false;
}

Status CheckLocalPathAllowed(std::string_view field, std::string_view path,
                             const std::vector<std::string>& directories) {
  if (path.empty() || path.front() != '/' || InAllowedDirectory(path, directories)) {
    return Status::Ok();
  }
  const std::string name(field);
  return Status::InvalidArgument(
      name, "'" + name +
                "' names an absolute path outside every local directory the administrator "
                "allows (name a file relative to the project's directory instead)");
}

Result<std::string> ResolveLocalPath(std::string_view field, std::string_view path,
                                     const std::string& project_dir,
                                     const std::vector<std::string>& directories) {
  if (path.empty() || path.front() != '/') return ResolveProjectPath(field, path, project_dir);
  TRIB_RETURN_IF_ERROR(CheckLocalPath(field, path));
  std::error_code ec;
  // Every symlink that exists is followed: the file itself must lie in an allowed directory.
  const fs::path resolved = fs::weakly_canonical(fs::path(path), ec);
  if (ec || !InAllowedDirectory(resolved.string(), directories)) return Outside(field);
  return resolved.string();
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
