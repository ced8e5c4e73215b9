// What libpq's failures mean for the caller: SQLSTATE classes and connection messages mapped onto
// Status codes (see sql_driver.h), with the password scrubbed from anything quoted.
#pragma once

#include <string>

#include "common/cancel.h"
#include "common/status.h"
#include "sql/sql_driver.h"

struct pg_conn;
struct pg_result;

namespace trib::sql::pg {

// Replaces occurrences of `secret` (when long enough to be one) by "<redacted>". libpq and the
// server never quote a password, but a message may echo the statement, and we never trust that.
std::string Scrub(std::string message, const std::string& secret);

// A failed PQconnectdbParams: wrong password -> kUpstreamRejected ("password"), unknown role ->
// kUpstreamRejected ("user"), unknown database -> kInvalidArgument ("database"), timeout ->
// kDeadlineExceeded, anything else (refused, unresolvable, reset) -> kUnavailable ("host").
Status ConnectFailure(pg_conn* conn, const ConnectParams& params);

// A failed statement. `result` may be null (the connection broke). SQLSTATE 57014 is
// kCancelled when `cancel` fired, else kDeadlineExceeded (statement_timeout); a bad statement
// is kInvalidArgument on field "query" with PostgreSQL's primary message and SQLSTATE.
Status StatementFailure(const pg_result* result, pg_conn* conn, const std::string& password,
                        const CancelToken* cancel);

}  // namespace trib::sql::pg
