// Local paths of a definition (jdbc:sqlite:, jdbc:duckdb:, later hopsfs) are relative to the
// project's own directory and may not leave it: checked once as text when a definition is
// written, and again after resolving symlinks when it is used.
#pragma once

#include <string>
#include <string_view>

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

// `absolute` shown relative to `project_dir` when it lies inside it, else unchanged.
std::string ProjectRelative(const std::string& absolute, const std::string& project_dir);

}  // namespace trib
