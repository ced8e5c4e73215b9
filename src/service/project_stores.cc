// The files every project starts with (its online and offline stores), and the upgrade of
// default data sources written before local paths became project-relative.
#include <duckdb.h>

#include <filesystem>
#include <fstream>
#include <system_error>

#include "connectors/common/project_paths.h"
#include "objectstore/local/local_store.h"
#include "service/tributary.h"

namespace trib {

namespace {

namespace fs = std::filesystem;

// An empty DuckDB database file, so that reads (which open files read-only) find one.
Status CreateDuckDbFile(const fs::path& path) {
  duckdb_database db = nullptr;
  char* error = nullptr;
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) != DuckDBSuccess) {
    return Status::Internal("DuckDB could not create a configuration");
  }
  duckdb_set_config(config, "enable_external_access", "false");
  const duckdb_state state = duckdb_open_ext(path.c_str(), &db, config, &error);
  duckdb_destroy_config(&config);
  const std::string message = error != nullptr ? error : "";
  duckdb_free(error);
  if (state != DuckDBSuccess) {
    return Status::Unavailable("cannot create the project's offline store: " + message);
  }
  duckdb_close(&db);
  return Status::Ok();
}

}  // namespace

Status Tributary::CreateProjectStores(const std::string& project) {
  std::error_code ec;
  const fs::path dir = fs::path(options_.data_dir) / "projects" / project;
  fs::create_directories(dir, ec);
  if (!ec) {
    fs::create_directories(fs::path(options_.data_dir) / "fs" / "Projects" / project /
                               (project + "_Training_Datasets"),
                           ec);
  }
  if (ec) return Status::Unavailable("cannot create the project's directories: " + ec.message());
  // The online store starts as an empty SQLite database (an empty file is one), so that it can
  // be read and browsed before anything was written to it.
  const fs::path online = dir / "online.db";
  if (!fs::exists(online, ec)) std::ofstream(online, std::ios::app).close();
  const fs::path offline = dir / "offline.duckdb";
  if (!fs::exists(offline, ec)) TRIB_RETURN_IF_ERROR(CreateDuckDbFile(offline));
  return Status::Ok();
}

Status Tributary::UpgradeDefaultSources() {
  TRIB_ASSIGN_OR_RETURN(auto projects, catalog_->ListProjects(""));
  for (const Project& project : projects) {
    TRIB_RETURN_IF_ERROR(CreateProjectStores(project.name));
    const std::string dir = ProjectDirectory(project.name);
    TRIB_ASSIGN_OR_RETURN(auto sources, catalog_->ListDataSources(project.id));
    for (DataSource source : sources) {
      if (!source.is_default || source.type != "jdbc") continue;
      const std::string url = source.config.value("connection_string", "");
      for (const char* prefix : {"jdbc:sqlite:", "jdbc:duckdb:"}) {
        const std::string scheme = prefix;
        if (!url.starts_with(scheme + "/")) continue;
        const std::string relative = ProjectRelative(url.substr(scheme.size()), dir);
        if (relative.starts_with("/")) break;  // not in the project: reads refuse it
        source.config["connection_string"] = scheme + relative;
        const AuditEvent event{0,
                               options_.clock(),
                               "system",
                               "datasource.update",
                               project.name,
                               source.name,
                               Json{{"reason", "project-relative path"}}.dump()};
        TRIB_RETURN_IF_ERROR(catalog_->UpdateDataSource(source, source.version, event));
        break;
      }
    }
  }
  return Status::Ok();
}

Status Tributary::RemoveLeftovers() {
  std::error_code ec;
  const fs::path tmp = fs::path(options_.data_dir) / "tmp";
  if (fs::is_directory(tmp, ec)) {
    for (const auto& entry : fs::directory_iterator(tmp, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("read-") || name.starts_with("write-") || name.starts_with("upload-")) {
        fs::remove_all(entry.path(), ec);
      }
    }
  }
  const fs::path files = fs::path(options_.data_dir) / "fs";
  if (!fs::is_directory(files, ec)) return Status::Ok();
  TRIB_ASSIGN_OR_RETURN(auto store, objectstore::LocalStore::Open(files.string()));
  return store->RemoveTemporaryFiles();
}

}  // namespace trib
