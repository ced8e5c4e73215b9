// MySQL/MariaDB error numbers -> trib::Status, following the driver conventions of issue 4.
// Server messages never hold the password (the server does not know it in clear), so they are
// passed on; the password itself is never formatted anywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::sql::mariadb {

// What a failed call left behind (mysql_errno, mysql_sqlstate, mysql_error).
struct ServerError {
  unsigned code = 0;
  std::string sqlstate;
  std::string message;
};

// A failed mysql_real_connect to `endpoint` ("host:port") after `elapsed_ms` of a
// `timeout_ms` budget: 1045 -> kUpstreamRejected ("password"), unknown database ->
// kInvalidArgument ("database"), refused/unknown host -> kUnavailable ("host"), out of time ->
// kDeadlineExceeded.
Status ConnectError(const ServerError& error, const std::string& endpoint, int64_t elapsed_ms,
                    int64_t timeout_ms);

// A failed statement. `cancelled`: the caller's token fired (-> kCancelled whatever the code);
// 1969 / 3024 -> kDeadlineExceeded; lost connection -> kUnavailable; any other server error ->
// kInvalidArgument ("query") with the server's message and SQLSTATE.
Status QueryError(const ServerError& error, bool cancelled, int64_t statement_timeout_ms);

}  // namespace trib::sql::mariadb
