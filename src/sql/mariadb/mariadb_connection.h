// Opening libmariadb connections the one way tributary wants them: TCP, utf8mb4, UTC session
// time zone, no LOCAL INFILE, no auto-reconnect, timeouts and TLS from the options.
#pragma once

#include <mysql.h>

#include <memory>
#include <string>

#include "common/status.h"
#include "sql/mariadb/mariadb_errors.h"
#include "sql/mariadb/mariadb_options.h"
#include "sql/sql_driver.h"

namespace trib::sql::mariadb {

struct MysqlCloser {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
using MysqlPtr = std::unique_ptr<MYSQL, MysqlCloser>;

// What went wrong on `m` (or on `stmt`, when given).
ServerError LastError(MYSQL* m);
ServerError LastError(MYSQL_STMT* stmt);

// "host:port" as connections use them (defaults: localhost, 3306).
std::string Endpoint(const ConnectParams& params);

// Connects; errors per ConnectError. `timeout_ms` overrides options.connect_timeout_ms when > 0.
Result<MysqlPtr> OpenConnection(const ConnectParams& params, const MariaDbOptions& options,
                                int64_t timeout_ms = 0);

// Stops the statement running on connection `thread_id` (KILL QUERY) from a second, short-lived
// connection with the same credentials; KILL needs no privilege for one's own connections.
Status KillQuery(const ConnectParams& params, const MariaDbOptions& options,
                 unsigned long thread_id);

}  // namespace trib::sql::mariadb
