// Withheld error messages (datasource.secret_echo) count against the caller: a member whose
// reads made a source echo its stored secret 3 times within an hour may not use that source
// until a data owner clears it. That bounds how fast anyone can test password guesses through
// a database's error messages.
#include <algorithm>

#include "datasource/validation.h"
#include "service/api_keys.h"
#include "service/request_checks.h"
#include "service/tributary.h"

namespace trib {

namespace {

constexpr int64_t kWindowMs = 3600 * 1000;
constexpr size_t kMaxEchoes = 3;
constexpr const char* kEchoAction = "datasource.secret_echo";
constexpr const char* kClearAction = "datasource.clear_suspension";

}  // namespace

Status Tributary::CheckNotSuspended(const Principal& caller, const Access& access,
                                    const std::string& name) {
  const int64_t since = options_.clock() - kWindowMs;
  AuditQuery echoes{caller.user.name, kEchoAction, access.project.name, since, 1000};
  TRIB_ASSIGN_OR_RETURN(auto echo_events, catalog_->QueryAudit(echoes));
  if (echo_events.size() < kMaxEchoes) return Status::Ok();
  AuditQuery clears{std::nullopt, kClearAction, access.project.name, since, 1000};
  TRIB_ASSIGN_OR_RETURN(auto clear_events, catalog_->QueryAudit(clears));
  int64_t cleared_at = 0;
  for (const AuditEvent& e : clear_events) {
    if (e.target != name) continue;
    const auto detail = ParseJson(e.detail);
    if (detail.ok() && detail->value("user", "") == caller.user.name) {
      cleared_at = std::max(cleared_at, e.ts_ms);
    }
  }
  size_t counted = 0;
  for (const AuditEvent& e : echo_events) {
    if (e.target == name && e.ts_ms > cleared_at) ++counted;
  }
  if (counted < kMaxEchoes) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                "your use of data source '" + name +
                    "' is suspended: its error messages contained a stored secret 3 times within "
                    "an hour; a data owner of the project can clear it",
                "name");
}

Result<Json> Tributary::ClearSuspension(const Principal& caller, const std::string& project,
                                        const std::string& name, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(RequireOwner(access, "clear suspensions"));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"user"}));
  TRIB_ASSIGN_OR_RETURN(std::string user, StringMember(body, "user", true));
  if (!ValidateUserName(Json(user)).ok()) {
    return Status::InvalidArgument("user", "'user' must be a user name");
  }
  TRIB_ASSIGN_OR_RETURN(DataSource source, catalog_->GetDataSource(access.project.id, name));
  TRIB_RETURN_IF_ERROR(catalog_->AppendAudit(
      Event(caller, kClearAction, access.project.name, source.name, Json{{"user", user}})));
  return Json{{"user", user}, {"datasource", source.name}, {"cleared", true}};
}

}  // namespace trib
