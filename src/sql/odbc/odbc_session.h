// The ODBC driver (unixODBC): any database with an ODBC driver as a SqlSession.
#pragma once

#include <memory>

#include "sql/sql_driver.h"

namespace trib::sql {

// Connects with SQLDriverConnect to params.odbc_connection_string, to which it adds
// params.options as further attributes and params.user / params.password as UID / PWD (values
// braced, so none can inject an attribute). Login and connection timeouts come from
// params.connect_timeout_ms (whole seconds, rounded up).
// Errors: kUpstreamRejected (field "password") for refused credentials, kUnavailable for an
// unreachable server, kDeadlineExceeded for a login timeout, kInvalidArgument
// ("connection_string") for an unknown DSN or driver. No message contains the password.
Result<std::unique_ptr<SqlSession>> ConnectOdbc(const ConnectParams& params);

}  // namespace trib::sql
