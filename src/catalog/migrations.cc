#include "catalog/migrations.h"

#include <functional>
#include <string>

namespace trib {

namespace {

// Any fixed number: the advisory lock every server takes while migrating.
constexpr int64_t kMigrationLockKey = 0x7472696253514c;  // "tribSQL"

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name {{TEXT}} NOT NULL, applied_ms BIGINT NOT NULL)";

// Ids are app-generated random hex, except audit ids (assigned by the database).
// Timestamps are epoch milliseconds. Booleans are INTEGER 0/1 in both dialects.
const std::vector<Migration> kMigrations = {
    {1,
     "initial schema",
     {
         "CREATE TABLE users ("
         " id {{TEXT}} PRIMARY KEY, name {{TEXT}} NOT NULL UNIQUE,"
         " is_admin INTEGER NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL)",

         "CREATE TABLE api_keys ("
         " id {{TEXT}} PRIMARY KEY,"
         " user_id {{TEXT}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
         " salt {{TEXT}} NOT NULL, hash {{TEXT}} NOT NULL, scopes {{TEXT}} NOT NULL,"
         " created_ms BIGINT NOT NULL)",
         "CREATE INDEX api_keys_user ON api_keys(user_id)",

         "CREATE TABLE projects ("
         " id {{TEXT}} PRIMARY KEY, name {{TEXT}} NOT NULL UNIQUE,"
         " description {{TEXT}} NOT NULL, created_by {{TEXT}} NOT NULL,"
         " created_ms BIGINT NOT NULL)",

         "CREATE TABLE members ("
         " project_id {{TEXT}} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
         " user_id {{TEXT}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
         " role {{TEXT}} NOT NULL, added_ms BIGINT NOT NULL,"
         " PRIMARY KEY (project_id, user_id))",
         "CREATE INDEX members_user ON members(user_id)",

         "CREATE TABLE datasources ("
         " id {{TEXT}} PRIMARY KEY,"
         " project_id {{TEXT}} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
         " name {{TEXT}} NOT NULL, type {{TEXT}} NOT NULL, description {{TEXT}} NOT NULL,"
         " config {{TEXT}} NOT NULL, version BIGINT NOT NULL, created_ms BIGINT NOT NULL,"
         " updated_ms BIGINT NOT NULL, created_by {{TEXT}} NOT NULL,"
         " is_default INTEGER NOT NULL DEFAULT 0,"
         " UNIQUE (project_id, name))",

         "CREATE TABLE datasource_secrets ("
         " datasource_id {{TEXT}} NOT NULL REFERENCES datasources(id) ON DELETE CASCADE,"
         " pointer {{TEXT}} NOT NULL, sealed {{TEXT}} NOT NULL,"
         " PRIMARY KEY (datasource_id, pointer))",

         "CREATE TABLE role_mappings ("
         " id {{TEXT}} PRIMARY KEY,"
         " project_id {{TEXT}} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
         " project_role {{TEXT}} NOT NULL, cloud_role {{TEXT}} NOT NULL,"
         " is_default INTEGER NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL,"
         " UNIQUE (project_id, project_role, cloud_role))",

         "CREATE TABLE settings (name {{TEXT}} PRIMARY KEY, value {{TEXT}} NOT NULL)",

         "CREATE TABLE audit ("
         " id {{AUTO_ID}}, ts_ms BIGINT NOT NULL, actor {{TEXT}} NOT NULL,"
         " action {{TEXT}} NOT NULL, project {{TEXT}} NOT NULL, target {{TEXT}} NOT NULL,"
         " detail {{TEXT}} NOT NULL)",
         "CREATE INDEX audit_ts ON audit(ts_ms, id)",
         "CREATE INDEX audit_actor ON audit(actor, ts_ms, id)",
         "CREATE INDEX audit_action ON audit(action, ts_ms, id)",
         "CREATE INDEX audit_project ON audit(project, ts_ms, id)",
     }},
};

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

Status InTransaction(SqlConnection& connection, const std::function<Status()>& body) {
  TRIB_RETURN_IF_ERROR(connection.Begin());
  Status status = body();
  if (status.ok()) status = connection.Commit();
  if (!status.ok()) (void)connection.Rollback();
  return status;
}

// Inside a migration transaction: waits for any other server migrating the same database.
Status LockMigrations(SqlConnection& connection) {
  if (connection.dialect() != SqlDialect::kPostgres) return Status::Ok();  // BEGIN IMMEDIATE
  return connection.Exec("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey}).status();
}

Result<int> MaxVersion(SqlConnection& connection) {
  TRIB_ASSIGN_OR_RETURN(SqlRows rows,
                        connection.Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return rows.rows.empty() ? 0 : static_cast<int>(IntAt(rows.rows[0], 0));
}

Status ApplyOne(SqlConnection& connection, const Migration& migration, int newest_known,
                const Clock& clock) {
  const SqlDialect dialect = connection.dialect();
  return InTransaction(connection, [&]() -> Status {
    TRIB_RETURN_IF_ERROR(LockMigrations(connection));
    TRIB_RETURN_IF_ERROR(connection.Exec(DialectSql(kCreateMigrationsTable, dialect)).status());
    TRIB_ASSIGN_OR_RETURN(int current, MaxVersion(connection));
    if (current > newest_known) {
      return Status::FailedPrecondition("the catalog schema (version " + std::to_string(current) +
                                        ") is newer than this server knows (version " +
                                        std::to_string(newest_known) + "); upgrade the server");
    }
    TRIB_ASSIGN_OR_RETURN(SqlRows applied,
                          connection.Exec("SELECT version FROM schema_migrations WHERE version = ?",
                                          {int64_t{migration.version}}));
    if (!applied.rows.empty()) return Status::Ok();
    for (std::string_view statement : migration.statements) {
      Status status = connection.Exec(DialectSql(statement, dialect)).status();
      if (!status.ok()) {
        return Status(status.code(), "schema migration " + std::to_string(migration.version) +
                                         " failed: " + status.message());
      }
    }
    return connection
        .Exec("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
              {int64_t{migration.version}, std::string(migration.name), clock()})
        .status();
  });
}

}  // namespace

const std::vector<Migration>& CatalogMigrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

std::string DialectSql(std::string_view sql, SqlDialect dialect) {
  std::string out(sql);
  const bool pg = dialect == SqlDialect::kPostgres;
  // Byte order in PostgreSQL too, so names sort and compare alike on both backends.
  ReplaceAll(out, "{{TEXT}}", pg ? "TEXT COLLATE \"C\"" : "TEXT");
  ReplaceAll(out, "{{AUTO_ID}}",
             pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY");
  return out;
}

Status ApplyMigrations(SqlConnection& connection, const std::vector<Migration>& migrations,
                       const Clock& clock) {
  if (migrations.empty()) return Status::Ok();
  const int newest_known = migrations.back().version;
  for (const Migration& migration : migrations) {
    TRIB_RETURN_IF_ERROR(ApplyOne(connection, migration, newest_known, clock));
  }
  return Status::Ok();
}

Result<int> AppliedSchemaVersion(SqlConnection& connection) { return MaxVersion(connection); }

}  // namespace trib
