// The local_directories setting: absolute directories where jdbc:sqlite:/jdbc:duckdb: files may
// lie besides each project's own directory (admin only). The data directory (catalog, key
// files, every project) can be neither one of them nor below one.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "service/request_checks.h"
#include "service/setting_names.h"
#include "service/tributary.h"

namespace trib {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxDirectories = 100;

// Whether `inner` is `outer` or lies below it (both canonical).
bool Within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

Status Bad(const std::string& message) { return Status::InvalidArgument("directories", message); }

}  // namespace

Result<std::vector<std::string>> Tributary::AllowedLocalDirectories() {
  TRIB_ASSIGN_OR_RETURN(auto stored, catalog_->GetSetting(std::string(kLocalDirectoriesSetting)));
  std::vector<std::string> out;
  if (!stored) return out;
  const Json list = Json::parse(*stored, nullptr, false);
  if (!list.is_array()) return Status::Internal("the stored local_directories is not an array");
  for (const Json& dir : list) {
    if (!dir.is_string()) return Status::Internal("the stored local_directories is damaged");
    out.push_back(dir.get<std::string>());
  }
  return out;
}

Result<Json> Tributary::GetLocalDirectories(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> dirs, AllowedLocalDirectories());
  return Json{{"directories", dirs}};
}

Result<Json> Tributary::SetLocalDirectories(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"directories"}));
  auto it = body.find("directories");
  if (it == body.end() || !it->is_array() || it->size() > kMaxDirectories) {
    return Bad("'directories' must be an array of at most " + std::to_string(kMaxDirectories) +
               " absolute directory paths");
  }
  std::error_code ec;
  const fs::path data_dir = fs::canonical(options_.data_dir, ec);
  if (ec) return Status::Unavailable("the data directory cannot be resolved");
  std::vector<std::string> dirs;
  for (const Json& entry : *it) {
    if (!entry.is_string() || entry.get<std::string>().empty() ||
        entry.get<std::string>().front() != '/') {
      return Bad("'directories' must hold absolute directory paths");
    }
    const std::string given = entry.get<std::string>();
    const fs::path dir = fs::canonical(given, ec);
    if (ec || !fs::is_directory(dir, ec)) {
      return Bad("'" + given.substr(0, 256) + "' is not an existing directory");
    }
    // The catalog, the key files and every project live in the data directory.
    if (Within(dir, data_dir) || Within(data_dir, dir)) {
      return Bad("'" + given.substr(0, 256) +
                 "' is, holds or lies in the data directory, which no data source may reach");
    }
    if (std::find(dirs.begin(), dirs.end(), dir.string()) == dirs.end()) {
      dirs.push_back(dir.string());
    }
  }
  const Json stored(dirs);
  TRIB_RETURN_IF_ERROR(catalog_->PutSetting(
      std::string(kLocalDirectoriesSetting), stored.dump(),
      Event(caller, "local_directories.set", "", std::string(kLocalDirectoriesSetting),
            Json{{"directories", stored}})));
  return Json{{"directories", stored}};
}

}  // namespace trib
