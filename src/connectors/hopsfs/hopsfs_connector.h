// hopsfs: the internal file system, a directory tree under DATA_DIR/fs. A source's hopsfs_path
// ("/Projects/<project>/...") must lie in its own project's directory; the store is rooted at
// that project directory and opened beneath it (objectstore/local), so neither '..' nor a
// symlink reaches another project, the catalog or the key files.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "connectors/connector.h"

namespace trib {

// The source's prefix inside its project's directory ("" or "a/b/") for `hopsfs_path`, which
// must be /Projects/<project> or below it (errors name hopsfs_path).
Result<std::string> HopsfsPrefix(std::string_view hopsfs_path, const std::string& project);

Result<std::unique_ptr<Connector>> MakeHopsfsConnector(const ConnectorInput& input);
// Create-time: the same path rule, before anything is stored.
Status CheckHopsfsDefinition(const ConnectorInput& input);

}  // namespace trib
