// The SQLite driver (sqlite3): a database file as a SqlSession.
#pragma once

#include <memory>

#include "sql/sql_driver.h"

namespace trib::sql {

// Opens params.database (a file path, or ":memory:"). Options (from the URL or arguments):
//   mode          "rw" (default: read-write, the file must exist), "ro" (read-only),
//                 "rwc" (read-write, created when missing), "memory" (a private in-memory db)
//   busy_timeout  milliseconds to wait for a lock held by another connection (default 5000)
// Any other option is an error naming it (field "arguments"); a missing file is an error
// naming the connection_string.
Result<std::unique_ptr<SqlSession>> ConnectSqlite(const ConnectParams& params);

}  // namespace trib::sql
