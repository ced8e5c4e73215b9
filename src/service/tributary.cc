#include "service/tributary.h"

#include <algorithm>

#include "common/random.h"
#include "connectors/builtin_connectors.h"
#include "service/api_keys.h"

namespace trib {

bool Principal::HasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

Tributary::Tributary(std::unique_ptr<Catalog> catalog, std::unique_ptr<Vault> vault,
                     const TypeRegistry& types, TributaryOptions options)
    : catalog_(std::move(catalog)),
      vault_(std::move(vault)),
      types_(types),
      options_(std::move(options)),
      connectors_(options_.connectors != nullptr ? *options_.connectors : BuiltinConnectors()),
      key_cache_(options_.clock, options_.key_cache_ttl_ms) {}

Tributary::~Tributary() = default;

Result<Principal> Tributary::Authenticate(std::string_view api_key) {
  const auto parsed = ParseApiKey(api_key);
  // One message for every failure: which part was wrong is nobody's business.
  const Status denied = Status::Unauthenticated("invalid API key");
  if (!parsed) return denied;
  std::optional<std::pair<ApiKey, User>> cached = key_cache_.Find(parsed->id);
  if (!cached) {
    auto found = catalog_->FindApiKey(parsed->id);
    if (!found.ok()) {
      return found.status().code() == StatusCode::kNotFound ? denied : found.status();
    }
    cached = std::move(found).value();
    key_cache_.Put(cached->first, cached->second);
  }
  auto& [key, user] = *cached;
  if (!VerifyApiKey(key, parsed->secret)) return denied;
  Principal principal{std::move(user), std::move(key.scopes)};
  if (!principal.user.is_admin) {
    std::erase(principal.scopes, std::string(kScopeAdmin));
  }
  return principal;
}

Result<std::optional<std::string>> Tributary::BootstrapAdmin() {
  TRIB_ASSIGN_OR_RETURN(const int64_t users, catalog_->CountUsers());
  if (users > 0) return std::optional<std::string>();
  User admin{RandomHex(), "admin", true, options_.clock()};
  IssuedKey key = IssueApiKey(admin.id, AllScopes(), admin.created_ms);
  AuditEvent event{
      0, admin.created_ms, "system", "user.create", "", admin.name, Json{{"admin", true}}.dump()};
  TRIB_RETURN_IF_ERROR(catalog_->CreateUser(admin, key.row, event));
  return std::optional<std::string>(std::move(key.plaintext));
}

Result<Tributary::Access> Tributary::AccessProject(const Principal& caller,
                                                   const std::string& project) {
  const Status hidden = Status::NotFound("project '" + project.substr(0, 64) + "' not found");
  auto found = catalog_->FindProjectAccess(project, caller.user.id);
  if (!found.ok()) return found.status().code() == StatusCode::kNotFound ? hidden : found.status();
  auto& [record, role] = found.value();
  if (caller.user.is_admin) return Access{std::move(record), ProjectRole::kDataOwner, role};
  if (!role) return hidden;
  return Access{std::move(record), *role, role};
}

Status Tributary::RequireCredentialAccess(const Principal& caller, const Access& access) {
  if (access.membership != ProjectRole::kDataOwner) {
    return Status::PermissionDenied("only data owners who are members of project '" +
                                    access.project.name + "' may receive stored credentials");
  }
  if (!caller.HasScope(kScopeWrite)) {
    return Status::PermissionDenied(
        "receiving stored credentials needs an API key with the 'write' scope");
  }
  return Status::Ok();
}

Status Tributary::RequireOwner(const Access& access, std::string_view what) {
  if (access.role == ProjectRole::kDataOwner) return Status::Ok();
  return Status::PermissionDenied("only data owners of project '" + access.project.name + "' may " +
                                  std::string(what));
}

Status Tributary::RequireScope(const Principal& caller, std::string_view scope) {
  if (caller.HasScope(scope)) return Status::Ok();
  return Status::PermissionDenied("this API key lacks the '" + std::string(scope) + "' scope");
}

Status Tributary::RequireAdmin(const Principal& caller) {
  if (!caller.user.is_admin) return Status::PermissionDenied("cluster administrators only");
  return RequireScope(caller, kScopeAdmin);
}

AuditEvent Tributary::Event(const Principal& caller, std::string action, std::string project,
                            std::string target, Json detail) const {
  return AuditEvent{0,
                    options_.clock(),
                    caller.user.name,
                    std::move(action),
                    std::move(project),
                    std::move(target),
                    detail.empty() ? std::string() : detail.dump()};
}

}  // namespace trib
