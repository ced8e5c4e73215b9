// Messages from local drivers (SQLite, DuckDB) name files by their full path on the server:
// where the data directory lives is not the caller's business. These rewrite such paths to
// what the caller knows: a file of the project by its name in the project, anything else
// under the data directory as "<data dir>/...".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace trib {

// Each pair: a path prefix on the server, and what messages show instead ("" drops it).
using HostPathRewrites = std::vector<std::pair<std::string, std::string>>;

// For a project: "<project_dir>/" -> "", "<data_dir>" -> "<data dir>" (longest first).
HostPathRewrites ProjectPathRewrites(const std::string& project_dir, const std::string& data_dir);
std::string HideHostPaths(std::string text, const HostPathRewrites& rewrites);
Status HideHostPaths(Status status, const HostPathRewrites& rewrites);

}  // namespace trib
