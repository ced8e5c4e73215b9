// The MySQL/MariaDB driver (libmariadb, Connector/C 3.3): sessions that stream query results as
// Arrow batches over the binary protocol. Type mapping: docs/sql-types.md.
#pragma once

#include <memory>

#include "common/status.h"
#include "sql/sql_driver.h"

namespace trib::sql {

// Connects to params.host:params.port (default 3306) as params.user. params.options takes
// the JDBC spellings of TLS, timeout and charset settings (sql/mariadb/mariadb_options.h);
// an unknown key is kInvalidArgument naming it.
// Errors: kUpstreamRejected ("password") for refused credentials, kUnavailable ("host") when
// the server cannot be reached, kDeadlineExceeded when connect_timeout_ms runs out.
Result<std::unique_ptr<SqlSession>> ConnectMariaDb(const ConnectParams& params);

}  // namespace trib::sql
