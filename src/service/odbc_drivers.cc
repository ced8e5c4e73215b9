// The ODBC drivers data sources may name (cluster setting odbc_drivers), and the check of a
// definition against the system's registered drivers before it is stored.
#include <set>

#include "common/strings.h"
#include "datasource/validation.h"
#include "service/request_checks.h"
#include "service/setting_names.h"
#include "service/tributary.h"

namespace trib {

namespace {

constexpr std::string_view kField = "odbc_drivers";

Json RenderAllowList(const std::optional<std::vector<std::string>>& allowed) {
  return allowed ? Json(*allowed) : Json();
}

}  // namespace

Result<std::optional<std::vector<std::string>>> Tributary::AllowedOdbcDrivers() {
  TRIB_ASSIGN_OR_RETURN(auto stored, catalog_->GetSetting(std::string(kOdbcDriversSetting)));
  if (!stored) return std::optional<std::vector<std::string>>();
  const Json value = Json::parse(*stored, nullptr, false);
  if (value.is_null()) return std::optional<std::vector<std::string>>();
  if (!value.is_array()) {
    return Status::Internal("the stored cluster setting odbc_drivers is not a JSON array");
  }
  std::vector<std::string> names;
  for (const auto& name : value) {
    if (name.is_string()) names.push_back(name.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(names));
}

Result<Json> Tributary::GetOdbcDrivers(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_ASSIGN_OR_RETURN(auto allowed, AllowedOdbcDrivers());
  TRIB_ASSIGN_OR_RETURN(sql::OdbcSystem system, options_.environment.odbc_system());
  return Json{{"odbc_drivers", RenderAllowList(allowed)}, {"registered", system.drivers}};
}

Result<Json> Tributary::SetOdbcDrivers(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {kField}));
  const auto it = body.find(std::string(kField));
  if (it == body.end()) {
    return Status::InvalidArgument(std::string(kField),
                                   "'odbc_drivers' is required: a list of driver names, or null "
                                   "for every driver registered in odbcinst.ini");
  }
  TRIB_ASSIGN_OR_RETURN(sql::OdbcSystem system, options_.environment.odbc_system());
  std::optional<std::vector<std::string>> allowed;
  if (!it->is_null()) {
    if (!it->is_array()) {
      return Status::InvalidArgument(std::string(kField),
                                     "'odbc_drivers' must be a list of driver names or null");
    }
    std::set<std::string> registered;
    for (const auto& name : system.drivers) registered.insert(ToLower(name));
    allowed.emplace();
    for (const auto& name : *it) {
      // Only registered names: a typo would otherwise silently refuse every ODBC source.
      if (!name.is_string() || registered.count(ToLower(name.get<std::string>())) == 0) {
        return Status::InvalidArgument(
            std::string(kField),
            "'odbc_drivers' may list only drivers registered in odbcinst.ini: " +
                Json(system.drivers).dump());
      }
      allowed->push_back(name.get<std::string>());
    }
  }
  const std::string stored = RenderAllowList(allowed).dump();
  TRIB_RETURN_IF_ERROR(catalog_->PutSetting(std::string(kOdbcDriversSetting), stored,
                                            Event(caller, "odbc_drivers.set", "", stored)));
  return Json{{"odbc_drivers", RenderAllowList(allowed)}, {"registered", system.drivers}};
}

Status Tributary::CheckDefinition(const Access& access, const ValidatedDefinition& def) {
  const DefinitionCheck* check = connectors_.FindCheck(def.type);
  if (check == nullptr) return Status::Ok();
  DataSource source;
  source.name = def.name;
  source.type = def.type;
  source.config = def.config;
  std::map<std::string, std::string> secrets;
  for (const auto& [pointer, plaintext] : def.secrets) {
    if (plaintext) secrets[pointer] = *plaintext;  // a kept secret is not needed to check
  }
  ConnectorInput input{source, secrets, options_.environment, nullptr};
  TRIB_RETURN_IF_ERROR(FillProjectInput(input, access.project.name));
  return (*check)(input);
}

}  // namespace trib
