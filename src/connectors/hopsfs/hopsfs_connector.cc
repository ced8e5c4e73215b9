#include "connectors/hopsfs/hopsfs_connector.h"

#include <filesystem>

#include "connectors/files/file_connector.h"
#include "objectstore/local/local_store.h"

namespace trib {

Result<std::string> HopsfsPrefix(std::string_view hopsfs_path, const std::string& project) {
  const std::string root = "/Projects/" + project;
  std::string path(hopsfs_path);
  while (path.size() > 1 && path.ends_with('/')) path.pop_back();
  if (path == root) return std::string();
  if (!path.starts_with(root + "/")) {
    return Status::InvalidArgument("hopsfs_path",
                                   "'hopsfs_path' must lie in this project's "
                                   "directory " +
                                       root);
  }
  const std::string rest = path.substr(root.size() + 1);
  TRIB_RETURN_IF_ERROR(objectstore::CheckObjectKey("hopsfs_path", rest));
  return rest + "/";
}

Status CheckHopsfsDefinition(const ConnectorInput& input) {
  return HopsfsPrefix(input.definition.config.value("hopsfs_path", ""), input.project).status();
}

Result<std::unique_ptr<Connector>> MakeHopsfsConnector(const ConnectorInput& input) {
  const std::string hopsfs_path = input.definition.config.value("hopsfs_path", "");
  TRIB_ASSIGN_OR_RETURN(std::string prefix, HopsfsPrefix(hopsfs_path, input.project));
  FileSourceSpec spec;
  spec.type = "hopsfs";
  spec.base = prefix;
  spec.shown_root = hopsfs_path;
  const std::string project_root =
      (std::filesystem::path(input.files_root) / "Projects" / input.project).string();
  spec.open_store = [project_root]() -> Result<std::unique_ptr<objectstore::ObjectStore>> {
    TRIB_ASSIGN_OR_RETURN(auto store, objectstore::LocalStore::Open(project_root));
    return std::unique_ptr<objectstore::ObjectStore>(std::move(store));
  };
  spec.read_defaults.temp_root = input.temp_dir;
  spec.read_defaults.spool_limit_bytes = input.spool_limit_bytes;
  spec.engine_options = Json{{"path", hopsfs_path}};
  return std::unique_ptr<Connector>(std::make_unique<FileConnector>(std::move(spec)));
}

}  // namespace trib
