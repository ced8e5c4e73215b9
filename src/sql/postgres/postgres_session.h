// The PostgreSQL driver (libpq): queries stream as Arrow batches decoded from binary COPY
// (PostgreSQL) or from a binary cursor (Redshift, which has no COPY TO STDOUT). Types map as
// docs/sql-types.md says. ConnectParams.options are libpq keywords (sslmode,
// application_name, ...) plus "read_connections": how many connections ReadTable uses for a
// plain table (default 1; with more, disjoint ctid ranges are read in parallel in one
// snapshot, PostgreSQL 14+).
#pragma once

#include <memory>

#include "common/status.h"
#include "sql/sql_driver.h"

namespace trib::sql {

enum class PostgresMode {
  kCopy,    // PostgreSQL: COPY (...) TO STDOUT (FORMAT binary)
  kCursor,  // Redshift: DECLARE CURSOR + FETCH n with binary results
};

// Errors: kInvalidArgument for an unknown option (naming it) or a database that does not exist,
// kUpstreamRejected (field "password" or "user") when the server refuses the login,
// kDeadlineExceeded when connect_timeout_ms ran out, kUnavailable when the server cannot be
// reached.
Result<std::unique_ptr<SqlSession>> ConnectPostgres(const ConnectParams& params,
                                                    PostgresMode mode = PostgresMode::kCopy);

}  // namespace trib::sql
