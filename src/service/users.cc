// Users and their API keys.
#include "common/clock.h"
#include "common/random.h"
#include "datasource/validation.h"
#include "service/api_keys.h"
#include "service/request_checks.h"
#include "service/tributary.h"

namespace trib {

namespace {

Json RenderUser(const User& user) {
  return {
      {"name", user.name}, {"admin", user.is_admin}, {"created", FormatIso8601(user.created_ms)}};
}

Result<std::vector<std::string>> ParseScopes(const Json& body, const Principal& caller) {
  auto it = body.find("scopes");
  if (it == body.end() || it->is_null()) return caller.scopes;
  if (!it->is_array() || it->empty()) {
    return Status::InvalidArgument("scopes",
                                   "'scopes' must be a non-empty list of: read, write, admin");
  }
  std::vector<std::string> scopes;
  for (const auto& scope : *it) {
    if (!scope.is_string() || !caller.HasScope(scope.get<std::string>())) {
      return Status::InvalidArgument(
          "scopes", "'scopes' may only name scopes the calling key has (read, write, admin)");
    }
    scopes.push_back(scope.get<std::string>());
  }
  return scopes;
}

}  // namespace

Result<Json> Tributary::CreateUser(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"name", "admin"}));
  auto name = body.find("name");
  if (name == body.end()) return Status::InvalidArgument("name", "'name' is required");
  TRIB_RETURN_IF_ERROR(ValidateUserName(*name));
  bool admin = false;
  if (auto it = body.find("admin"); it != body.end()) {
    if (!it->is_boolean()) return Status::InvalidArgument("admin", "'admin' must be true or false");
    admin = it->get<bool>();
  }
  User user{RandomHex(), name->get<std::string>(), admin, options_.clock()};
  std::vector<std::string> scopes = AllScopes();
  if (!admin) std::erase(scopes, std::string(kScopeAdmin));
  IssuedKey key = IssueApiKey(user.id, scopes, user.created_ms);
  TRIB_RETURN_IF_ERROR(catalog_->CreateUser(
      user, key.row, Event(caller, "user.create", "", user.name, Json{{"admin", admin}})));
  Json out = RenderUser(user);
  out["api_key"] = key.plaintext;
  return out;
}

Result<Json> Tributary::ListUsers(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_ASSIGN_OR_RETURN(auto users, catalog_->ListUsers());
  Json list = Json::array();
  for (const auto& u : users) list.push_back(RenderUser(u));
  return Json{{"users", std::move(list)}};
}

Result<Json> Tributary::DescribeCaller(const Principal& caller) {
  Json out = RenderUser(caller.user);
  out["scopes"] = caller.scopes;
  return out;
}

Result<Json> Tributary::CreateApiKey(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"scopes"}));
  TRIB_ASSIGN_OR_RETURN(auto scopes, ParseScopes(body, caller));
  IssuedKey key = IssueApiKey(caller.user.id, scopes, options_.clock());
  TRIB_RETURN_IF_ERROR(catalog_->AddApiKey(
      key.row, Event(caller, "apikey.create", "", caller.user.name, Json{{"key_id", key.row.id}})));
  return Json{{"api_key", key.plaintext}, {"scopes", scopes}};
}

}  // namespace trib
