#include "sql/mariadb/mariadb_errors.h"

#include <errmsg.h>
#include <mysqld_error.h>

namespace trib::sql::mariadb {
namespace {

// MySQL's own statement-timeout error (max_execution_time); MariaDB's is ER_STATEMENT_TIMEOUT.
constexpr unsigned kMySqlQueryTimeout = 3024;

std::string Describe(const ServerError& e) {
  std::string out = e.message + " (error " + std::to_string(e.code);
  if (!e.sqlstate.empty() && e.sqlstate != "HY000") out += ", SQLSTATE " + e.sqlstate;
  return out + ")";
}

bool IsClientError(unsigned code) { return code >= CR_MIN_ERROR && code < 3000; }

}  // namespace

Status ConnectError(const ServerError& e, const std::string& endpoint, int64_t elapsed_ms,
                    int64_t timeout_ms) {
  const std::string where = "MySQL/MariaDB server at " + endpoint;
  switch (e.code) {
    case ER_ACCESS_DENIED_ERROR:
    case ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
    case ER_MUST_CHANGE_PASSWORD_LOGIN:
    case ER_ACCOUNT_HAS_BEEN_LOCKED:
      return {StatusCode::kUpstreamRejected, where + " refused the credentials: " + Describe(e),
              "password"};
    case ER_DBACCESS_DENIED_ERROR:
      return {StatusCode::kUpstreamRejected,
              where + " refused access to the database: " + Describe(e), "database"};
    case ER_BAD_DB_ERROR:
      return Status::InvalidArgument("database", where + ": " + Describe(e));
    default:
      break;
  }
  // libmariadb says "lost connection"/"can't connect" for a connect or handshake that ran out
  // of time, with errno 110 in the text: the clock is the reliable tell.
  if (IsClientError(e.code) && e.code != CR_UNKNOWN_HOST && e.code != CR_SSL_CONNECTION_ERROR &&
      elapsed_ms * 10 >= timeout_ms * 9) {
    return Status::DeadlineExceeded("could not connect to " + where + " within " +
                                    std::to_string(timeout_ms) + " ms: " + Describe(e));
  }
  return {StatusCode::kUnavailable, "could not connect to " + where + ": " + Describe(e), "host"};
}

Status QueryError(const ServerError& e, bool cancelled, int64_t statement_timeout_ms) {
  if (cancelled) return Status::Cancelled("the query was cancelled");
  switch (e.code) {
    case ER_STATEMENT_TIMEOUT:
    case kMySqlQueryTimeout:
      return Status::DeadlineExceeded("the statement timeout of " +
                                      std::to_string(statement_timeout_ms) +
                                      " ms ran out: " + Describe(e));
    case ER_LOCK_WAIT_TIMEOUT:
      return Status::DeadlineExceeded(Describe(e));
    case ER_QUERY_INTERRUPTED:
    case ER_CONNECTION_KILLED:
    case ER_SERVER_SHUTDOWN:
      return Status::Unavailable("the server interrupted the query: " + Describe(e));
    case ER_LOCK_DEADLOCK:
    case ER_CON_COUNT_ERROR:
    case ER_TOO_MANY_USER_CONNECTIONS:
      return Status::Unavailable(Describe(e));
    default:
      break;
  }
  if (IsClientError(e.code))
    return Status::Unavailable("connection to the server failed: " + Describe(e));
  return Status::InvalidArgument("query", Describe(e));
}

}  // namespace trib::sql::mariadb
