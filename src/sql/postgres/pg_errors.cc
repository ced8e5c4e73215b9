#include "sql/postgres/pg_errors.h"

#include <libpq-fe.h>

namespace trib::sql::pg {

namespace {

// Shorter secrets would turn ordinary words into "<redacted>" without protecting anything.
constexpr size_t kMinScrubbedLength = 4;

std::string Trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  // libpq indents its hint lines with a tab; one line reads better in JSON.
  for (char& c : message) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return message;
}

bool Contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

std::string Field(const pg_result* result, int code) {
  const char* value = result != nullptr ? PQresultErrorField(result, code) : nullptr;
  return value != nullptr ? value : "";
}

}  // namespace

std::string Scrub(std::string message, const std::string& secret) {
  if (secret.size() < kMinScrubbedLength) return message;
  for (size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at)) {
    message.replace(at, secret.size(), "<redacted>");
  }
  return message;
}

Status ConnectFailure(pg_conn* conn, const ConnectParams& params) {
  const std::string reason =
      Scrub(Trimmed(conn != nullptr ? PQerrorMessage(conn) : "out of memory"), params.password);
  const std::string where =
      params.host.empty()
          ? "PostgreSQL"
          : "PostgreSQL at " + params.host +
                (params.port > 0 ? ":" + std::to_string(params.port) : std::string());
  const std::string message = "cannot connect to " + where + ": " + reason;
  // libpq gives no SQLSTATE for a failed connection, only the server's message (28P01/28000).
  if (Contains(reason, "password authentication failed") ||
      Contains(reason, "no password supplied") || Contains(reason, "authentication failed") ||
      Contains(reason, "SCRAM") || Contains(reason, "password is required")) {
    return {StatusCode::kUpstreamRejected, message, "password"};
  }
  if ((Contains(reason, "role \"") && Contains(reason, "does not exist")) ||
      Contains(reason, "is not permitted to log in") || Contains(reason, "pg_hba.conf")) {
    return {StatusCode::kUpstreamRejected, message, "user"};
  }
  if (Contains(reason, "database \"") && Contains(reason, "does not exist")) {
    return Status::InvalidArgument("database", message);
  }
  if (Contains(reason, "timeout expired")) {
    return {StatusCode::kDeadlineExceeded, message, "connect_timeout_ms"};
  }
  return {StatusCode::kUnavailable, message, "host"};
}

Status StatementFailure(const pg_result* result, pg_conn* conn, const std::string& password,
                        const CancelToken* cancel) {
  const std::string sqlstate = Field(result, PG_DIAG_SQLSTATE);
  std::string primary = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (primary.empty() && result != nullptr) primary = PQresultErrorMessage(result);
  if (primary.empty() && conn != nullptr) primary = PQerrorMessage(conn);
  primary = Scrub(Trimmed(primary), password);
  if (sqlstate.empty()) {
    // No answer from the server: the connection broke (or libpq ran out of memory).
    if (cancel != nullptr && cancel->cancelled()) return Status::Cancelled("query cancelled");
    return Status::Unavailable("PostgreSQL connection failed: " + primary);
  }
  const std::string message = "PostgreSQL: " + primary + " (SQLSTATE " + sqlstate + ")";
  if (sqlstate == "57014") {  // query_canceled: our PQcancel or statement_timeout
    if (cancel != nullptr && cancel->cancelled()) return Status::Cancelled("query cancelled");
    return Status::DeadlineExceeded(message);
  }
  const std::string klass = sqlstate.substr(0, 2);
  if (klass == "28") return {StatusCode::kUpstreamRejected, message, "password"};
  // Connection exceptions, shutdowns, exhausted resources, serialization failures and
  // deadlocks, internal errors: the statement itself was fine, try again later.
  if (klass == "08" || klass == "53" || klass == "57" || klass == "58" || klass == "40" ||
      klass == "XX") {
    return Status::Unavailable(message);
  }
  return Status::InvalidArgument("query", message);
}

}  // namespace trib::sql::pg
