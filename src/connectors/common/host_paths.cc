#include "connectors/common/host_paths.h"

#include <algorithm>

namespace trib {

HostPathRewrites ProjectPathRewrites(const std::string& project_dir, const std::string& data_dir) {
  HostPathRewrites rewrites;
  if (!project_dir.empty()) rewrites.emplace_back(project_dir + "/", "");
  if (!data_dir.empty()) rewrites.emplace_back(data_dir, "<data dir>");
  std::sort(rewrites.begin(), rewrites.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return rewrites;
}

std::string HideHostPaths(std::string text, const HostPathRewrites& rewrites) {
  for (const auto& [prefix, shown] : rewrites) {
    if (prefix.size() < 2) continue;  // "/" alone would eat every path
    for (size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + shown.size())) {
      text.replace(at, prefix.size(), shown);
    }
  }
  return text;
}

Status HideHostPaths(Status status, const HostPathRewrites& rewrites) {
  if (status.ok() || rewrites.empty()) return status;
  std::string message = HideHostPaths(status.message(), rewrites);
  if (message == status.message()) return status;
  return Status(status.code(), std::move(message), status.field());
}

}  // namespace trib
