#include "catalog/sql_catalog.h"

#include <algorithm>

#include "catalog/migrations.h"
#include "catalog/sql_catalog_rows.h"

namespace trib {

namespace {

constexpr int64_t kDefaultAuditLimit = 100;
constexpr int64_t kMaxAuditLimit = 1000;

Result<std::vector<std::string>> ScopesFromColumn(const std::string& text) {
  TRIB_ASSIGN_OR_RETURN(Json parsed, JsonFromColumn(text, "API key scope list"));
  const Status malformed = Status::Internal("the catalog holds a malformed API key scope list");
  if (!parsed.is_array()) return malformed;
  std::vector<std::string> scopes;
  for (const Json& scope : parsed) {
    if (!scope.is_string()) return malformed;
    scopes.push_back(scope.get<std::string>());
  }
  return scopes;
}

Status InsertApiKey(SqlConnection& c, const ApiKey& key) {
  TRIB_ASSIGN_OR_RETURN(std::string scopes, JsonText(Json(key.scopes), "scopes"));
  Status status = c.Exec(
                       "INSERT INTO api_keys (id, user_id, salt, hash, scopes, created_ms)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       {key.id, key.user_id, key.salt, key.hash, scopes, key.created_ms})
                      .status();
  status = Reword(status, StatusCode::kAlreadyExists,
                  Status::AlreadyExists("id", "an API key with this id already exists"));
  return Reword(status, StatusCode::kFailedPrecondition, Status::NotFound("user not found"));
}

}  // namespace

Result<std::unique_ptr<Catalog>> SqlCatalog::Open(std::unique_ptr<ConnectionPool> pool) {
  std::unique_ptr<SqlCatalog> catalog(new SqlCatalog(std::move(pool)));
  TRIB_RETURN_IF_ERROR(catalog->WithConnection(
      [](SqlConnection& c) { return ApplyMigrations(c, CatalogMigrations()); }));
  return std::unique_ptr<Catalog>(std::move(catalog));
}

Status SqlCatalog::WithConnection(const Body& body) {
  TRIB_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  return body(*lease);
}

Status SqlCatalog::InTransaction(const Body& body) {
  for (int attempt = 0;; ++attempt) {
    TRIB_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
    Status status = lease->Begin();
    if (!status.ok()) {
      // Nothing ran yet: a connection that died while idle is safe to replace once.
      if (attempt == 0 && !lease->Healthy()) continue;
      return status;
    }
    status = body(*lease);
    if (status.ok()) status = lease->Commit();
    if (!status.ok()) (void)lease->Rollback();
    return status;
  }
}

Status SqlCatalog::InsertAudit(SqlConnection& c, const AuditEvent& event) {
  return c
      .Exec(
          "INSERT INTO audit (ts_ms, actor, action, project, target, detail)"
          " VALUES (?, ?, ?, ?, ?, ?)",
          {event.ts_ms, event.actor, event.action, event.project, event.target, event.detail})
      .status();
}

Result<int> SqlCatalog::SchemaVersion() {
  int version = 0;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(version, AppliedSchemaVersion(c));
    return Status::Ok();
  }));
  return version;
}

// --- users and keys

Result<int64_t> SqlCatalog::CountUsers() {
  int64_t count = 0;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows, c.Exec("SELECT COUNT(*) FROM users"));
    count = rows.rows.empty() ? 0 : IntAt(rows.rows[0], 0);
    return Status::Ok();
  }));
  return count;
}

Status SqlCatalog::CreateUser(const User& user, const ApiKey& key, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_RETURN_IF_ERROR(Reword(
        c.Exec("INSERT INTO users (id, name, is_admin, created_ms) VALUES (?, ?, ?, ?)",
               {user.id, user.name, BoolValue(user.is_admin), user.created_ms})
            .status(),
        StatusCode::kAlreadyExists, Status::AlreadyExists("name", "user name already taken")));
    TRIB_RETURN_IF_ERROR(InsertApiKey(c, key));
    return InsertAudit(c, audit);
  });
}

Result<User> SqlCatalog::FindUserByName(const std::string& name) {
  User user;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(
        SqlRows rows,
        c.Exec("SELECT u.id, u.name, u.is_admin, u.created_ms FROM users u WHERE u.name = ?",
               {name}));
    if (rows.rows.empty()) return Status::NotFound("user not found");
    user = UserFromRow(rows.rows[0]);
    return Status::Ok();
  }));
  return user;
}

Result<std::vector<User>> SqlCatalog::ListUsers() {
  std::vector<User> users;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(
        SqlRows rows,
        c.Exec("SELECT u.id, u.name, u.is_admin, u.created_ms FROM users u ORDER BY u.name"));
    for (const SqlRow& row : rows.rows) users.push_back(UserFromRow(row));
    return Status::Ok();
  }));
  return users;
}

Status SqlCatalog::AddApiKey(const ApiKey& key, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_RETURN_IF_ERROR(InsertApiKey(c, key));
    return InsertAudit(c, audit);
  });
}

Result<std::pair<ApiKey, User>> SqlCatalog::FindApiKey(const std::string& key_id) {
  std::pair<ApiKey, User> found;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows,
                          c.Exec("SELECT k.id, k.user_id, k.salt, k.hash, k.scopes, k.created_ms,"
                                 " u.id, u.name, u.is_admin, u.created_ms"
                                 " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ?",
                                 {key_id}));
    if (rows.rows.empty()) return Status::NotFound("API key not found");
    const SqlRow& row = rows.rows[0];
    ApiKey& key = found.first;
    key.id = TextAt(row, 0);
    key.user_id = TextAt(row, 1);
    key.salt = TextAt(row, 2);
    key.hash = TextAt(row, 3);
    TRIB_ASSIGN_OR_RETURN(key.scopes, ScopesFromColumn(TextAt(row, 4)));
    key.created_ms = IntAt(row, 5);
    found.second = UserFromRow(row, 6);
    return Status::Ok();
  }));
  return found;
}

// --- settings

Result<std::optional<std::string>> SqlCatalog::GetSetting(const std::string& key) {
  std::optional<std::string> value;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows, c.Exec("SELECT value FROM settings WHERE name = ?", {key}));
    if (!rows.rows.empty()) value = TextAt(rows.rows[0], 0);
    return Status::Ok();
  }));
  return value;
}

Status SqlCatalog::PutSetting(const std::string& key, const std::string& value,
                              const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_RETURN_IF_ERROR(c.Exec("INSERT INTO settings (name, value) VALUES (?, ?)"
                                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                                {key, value})
                             .status());
    return InsertAudit(c, audit);
  });
}

// --- audit

Status SqlCatalog::AppendAudit(const AuditEvent& event) {
  return WithConnection([&](SqlConnection& c) { return InsertAudit(c, event); });
}

Result<std::vector<AuditEvent>> SqlCatalog::QueryAudit(const AuditQuery& query) {
  std::string sql = "SELECT id, ts_ms, actor, action, project, target, detail FROM audit";
  SqlParams params;
  const char* glue = " WHERE ";
  auto filter = [&](const char* condition, SqlValue value) {
    sql += glue;
    sql += condition;
    params.push_back(std::move(value));
    glue = " AND ";
  };
  if (query.actor) filter("actor = ?", *query.actor);
  if (query.action) filter("action = ?", *query.action);
  if (query.project) filter("project = ?", *query.project);
  if (query.since_ms) filter("ts_ms >= ?", *query.since_ms);
  // Events stamped in the same millisecond come newest-inserted first. A limit of 0 or less
  // means the default.
  sql += " ORDER BY ts_ms DESC, id DESC LIMIT ?";
  params.emplace_back(query.limit <= 0 ? kDefaultAuditLimit
                                       : std::min(query.limit, kMaxAuditLimit));

  std::vector<AuditEvent> events;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows, c.Exec(sql, params));
    events.reserve(rows.rows.size());
    for (const SqlRow& row : rows.rows) {
      AuditEvent& event = events.emplace_back();
      event.id = IntAt(row, 0);
      event.ts_ms = IntAt(row, 1);
      event.actor = TextAt(row, 2);
      event.action = TextAt(row, 3);
      event.project = TextAt(row, 4);
      event.target = TextAt(row, 5);
      event.detail = TextAt(row, 6);
    }
    return Status::Ok();
  }));
  return events;
}

}  // namespace trib
