// Local paths of a definition (jdbc:sqlite:, jdbc:duckdb:, later hopsfs) are relative to the
// project's own directory and may not leave it: checked once as text when a definition is
// written, and again after resolving symlinks when it is used. Database files may also be named
// by an absolute path inside a directory the administrator allows (setting local_directories).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib {

// Create-time rule, pure: `path` is relative ("online.db", "stores/x.duckdb"), has no "." or
// ".." segment, no backslash and no NUL. The error names `field` and never the data dir.
Status CheckProjectRelativePath(std::string_view field, std::string_view path);

// Use-time: relative `path` resolved against `project_dir` (canonical, absolute) with every
// symlink followed; the result must lie inside `project_dir`. The answer is the canonical
// absolute path to open (open it without following a final symlink: it may be swapped).
Result<std::string> ResolveProjectPath(std::string_view field, std::string_view path,
                                       const std::string& project_dir);

// Create-time, pure: a project-relative path as above, or an absolute path with no "." or ".."
// segment, NUL or backslash (whether its directory is allowed is CheckLocalPathAllowed's job).
Status CheckLocalPath(std::string_view field, std::string_view path);

// Whether absolute `path` lies (lexically) below one of `directories` (canonical, absolute).
bool InAllowedDirectory(std::string_view path, const std::vector<std::string>& directories);

// Create-time, with the cluster setting: an absolute `path` lies below an allowed directory.
Status CheckLocalPathAllowed(std::string_view field, std::string_view path,
                             const std::vector<std::string>& directories);

// Use-time: a relative path by ResolveProjectPath; an absolute one resolved with every symlink
// followed, which must still lie below one of `directories` (else kPermissionDenied).
Result<std::string> ResolveLocalPath(std::string_view field, std::string_view path,
                                     const std::string& project_dir,
                                     const std::vector<std::string>& directories);

// `absolute` shown relative to `project_dir` when it lies inside it, else unchanged.
std::string ProjectRelative(const std::string& absolute, const std::string& project_dir);

}  // namespace trib
