// Opening libpq connections from ConnectParams, and RAII owners for libpq's handles.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "sql/sql_driver.h"

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace trib::sql::pg {

struct ConnDeleter {
  void operator()(pg_conn* conn) const;
};
struct ResultDeleter {
  void operator()(pg_result* result) const;
};
using ConnPtr = std::unique_ptr<pg_conn, ConnDeleter>;
using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

// Our own option (not a libpq keyword): connections a ReadTable of a plain table uses. One by
// default: a single COPY already keeps one server core busy, and more connections only pay
// when the server has idle cores (measured in bench/pg_read).
inline constexpr char kReadConnectionsOption[] = "read_connections";
inline constexpr int kDefaultReadConnections = 1;
inline constexpr int kMaxReadConnections = 16;

// Checks ConnectParams.options: each must be declared in sql/driver_options (the libpq
// keywords a data source may set, and ours). Returns the read_connections value.
Result<int> ValidateOptions(const ConnectParams& params);

// Makes every later transaction of the session READ ONLY (what a read session runs first).
Status StartReadOnly(pg_conn* conn, const std::string& password);

// Connects (PQconnectdbParams) with client_encoding UTF8 and notices silenced.
Result<ConnPtr> OpenConnection(const ConnectParams& params);

// Runs a statement that returns nothing or rows as text; errors per StatementFailure.
Result<ResultPtr> Exec(pg_conn* conn, const std::string& sql, const std::string& password,
                       const CancelToken* cancel = nullptr);
// Same with text parameters ($1, $2, ...).
Result<ResultPtr> ExecParams(pg_conn* conn, const std::string& sql,
                             const std::vector<std::string>& params, const std::string& password,
                             const CancelToken* cancel = nullptr);

// Reads results until libpq has none left, so the connection takes the next command.
void DrainResults(pg_conn* conn);

}  // namespace trib::sql::pg
