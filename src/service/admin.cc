// Cluster administration: audit queries, master-key rotation, the demo project.
#include "service/tributary.h"

namespace trib {

Result<Json> Tributary::QueryAudit(const Principal& caller, const AuditQuery& query) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  if (query.limit < 1 || query.limit > 1000) {
    return Status::InvalidArgument("limit", "'limit' must be between 1 and 1000");
  }
  TRIB_ASSIGN_OR_RETURN(auto events, catalog_->QueryAudit(query));
  Json list = Json::array();
  for (const auto& e : events) {
    Json detail = e.detail.empty() ? Json::object() : Json::parse(e.detail, nullptr, false);
    list.push_back(Json{{"id", e.id},
                        {"time", FormatIso8601(e.ts_ms)},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"project", e.project},
                        {"target", e.target},
                        {"detail", detail.is_discarded() ? Json(e.detail) : detail}});
  }
  return Json{{"events", std::move(list)}};
}

Result<Json> Tributary::RotateMasterKey(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_ASSIGN_OR_RETURN(auto rows, catalog_->ListSealedSecrets());
  TRIB_RETURN_IF_ERROR(
      vault_->RotateMasterKey(*catalog_, Event(caller, "vault.rotate", "", "master-key")));
  return Json{{"key_id", vault_->ActiveKeyId()}, {"secrets", rows.size()}};
}

Status Tributary::EnsureDemoProject(const std::string& name) {
  TRIB_ASSIGN_OR_RETURN(User admin, catalog_->FindUserByName("admin"));
  auto existing = catalog_->FindProjectByName(name);
  if (existing.ok()) return Status::Ok();
  if (existing.status().code() != StatusCode::kNotFound) return existing.status();
  Principal principal{admin, {"read", "write", "admin"}};
  auto created = CreateProject(principal, Json{{"name", name}, {"description", "Demo project"}});
  return created.ok() ? Status::Ok() : created.status();
}

}  // namespace trib
