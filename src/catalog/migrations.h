// Versioned schema migrations. Each migration is a numbered list of statements applied in its
// own transaction and recorded in `schema_migrations`; applying is idempotent and safe when
// several servers start at once on one PostgreSQL (an advisory lock serialises them).
#pragma once

#include <string_view>
#include <vector>

#include "catalog/sql_connection.h"
#include "common/clock.h"
#include "common/status.h"

namespace trib {

struct Migration {
  int version = 0;
  std::string_view name;
  // Dialect placeholders: {{TEXT}} (byte-ordered text) and {{AUTO_ID}} (integer primary key
  // assigned by the database).
  std::vector<std::string_view> statements;
};

// The catalog schema, oldest first.
const std::vector<Migration>& CatalogMigrations();
int LatestSchemaVersion();

// Applies the migrations of `migrations` (ascending versions) not yet recorded. Refuses
// (FailedPrecondition) a database whose schema is newer than the newest migration given.
// `clock` stamps schema_migrations.applied_ms.
Status ApplyMigrations(SqlConnection& connection, const std::vector<Migration>& migrations,
                       const Clock& clock = SystemClock());

// The highest applied version (call after ApplyMigrations).
Result<int> AppliedSchemaVersion(SqlConnection& connection);

// A migration statement with its dialect placeholders substituted.
std::string DialectSql(std::string_view sql, SqlDialect dialect);

}  // namespace trib
