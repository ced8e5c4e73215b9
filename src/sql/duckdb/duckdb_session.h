// The jdbc:duckdb driver: a DuckDB database file (or an in-memory database) as a SQL session
// whose results stream as Arrow.
#pragma once

#include <memory>

#include "common/status.h"
#include "sql/sql_driver.h"

namespace trib::sql {

// params.database is the file path ("" or ":memory:": a new in-memory database); user and
// password are ignored (DuckDB has no accounts). params.options are DuckDB configuration
// options ("access_mode": "read_only", "threads", "memory_limit", "timezone", ...); an unknown
// one is kInvalidArgument naming it. Unless the options say otherwise the session cannot read
// or write files other than its database (enable_external_access=false: the SQL comes from
// users, the files are the server's) and never installs extensions.
// Errors: kNotFound (field "database") for a missing directory, or a missing file opened
// read-only; kUnavailable when the file cannot be opened (locked by another process).
Result<std::unique_ptr<SqlSession>> ConnectDuckDb(const ConnectParams& params);

}  // namespace trib::sql
