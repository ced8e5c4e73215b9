#include "sql/odbc/odbc_diag.h"

#include "common/strings.h"
#include "sql/odbc/odbc_text.h"

namespace trib::sql {

namespace {

constexpr size_t kMaxMessage = 2000;
constexpr SQLSMALLINT kMaxRecords = 8;

std::string Redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

bool StartsWith(const std::string& state, std::string_view prefix) {
  return state.compare(0, prefix.size(), prefix) == 0;
}

// The record that says what went wrong: the first that is not a warning (01xxx).
const OdbcDiagRecord* Principal(const std::vector<OdbcDiagRecord>& records) {
  for (const auto& record : records) {
    if (!StartsWith(record.sqlstate, "01")) return &record;
  }
  return records.empty() ? nullptr : &records.front();
}

}  // namespace

std::vector<OdbcDiagRecord> ReadOdbcDiagnostics(SQLSMALLINT handle_type, SQLHANDLE handle) {
  std::vector<OdbcDiagRecord> records;
  for (SQLSMALLINT i = 1; i <= kMaxRecords; ++i) {
    SQLWCHAR state[6] = {};
    SQLINTEGER native = 0;
    SQLWCHAR message[1024];
    SQLSMALLINT length = 0;
    const SQLRETURN rc = SQLGetDiagRecW(handle_type, handle, i, state, &native, message,
                                        static_cast<SQLSMALLINT>(std::size(message)), &length);
    if (!OdbcOk(rc)) break;
    const size_t units = std::min<size_t>(static_cast<size_t>(std::max<SQLSMALLINT>(length, 0)),
                                          std::size(message) - 1);
    records.push_back(
        OdbcDiagRecord{ToUtf8(state, 5), static_cast<int>(native), ToUtf8(message, units)});
  }
  return records;
}

Status OdbcStatus(const std::vector<OdbcDiagRecord>& records, const OdbcErrorContext& context) {
  const OdbcDiagRecord* principal = Principal(records);
  const std::string state = principal != nullptr ? principal->sqlstate : "";
  std::string text;
  for (const auto& record : records) {
    if (!text.empty()) text += "; ";
    text += "SQLSTATE " + record.sqlstate + ": " + record.message;
  }
  if (text.empty()) text = "the ODBC driver reported an error without a diagnostic";
  text = Redact(std::move(text), context.secret);
  if (text.size() > kMaxMessage) text = text.substr(0, kMaxMessage) + "...";
  const std::string message = "ODBC: " + text;
  const std::string lower = ToLower(text);

  if (context.cancelled || state == "HY008") return Status::Cancelled(message);
  if (state == "HYT00" || state == "HYT01" || state == "57014") {
    if (context.phase == OdbcPhase::kConnect) {
      return Status(StatusCode::kDeadlineExceeded, message, "connection_string");
    }
    return Status::DeadlineExceeded(context.statement_timeout_ms > 0
                                        ? "the query ran past its statement timeout of " +
                                              std::to_string(context.statement_timeout_ms) +
                                              " ms (" + message + ")"
                                        : message);
  }
  // Drivers often report a refused login as a generic connection failure (08001): the text
  // tells them apart.
  if (state == "28000" || state == "28P01" ||
      lower.find("password authentication failed") != std::string::npos ||
      lower.find("access denied for user") != std::string::npos ||
      lower.find("login failed") != std::string::npos) {
    return Status(StatusCode::kUpstreamRejected, message, "password");
  }
  // PostgreSQL without password checks names the unknown role instead.
  if (context.phase == OdbcPhase::kConnect && lower.find("role \"") != std::string::npos &&
      lower.find("does not exist") != std::string::npos) {
    return Status(StatusCode::kUpstreamRejected, message, "user");
  }
  if (StartsWith(state, "08") || StartsWith(state, "53") || state == "57P01" || state == "57P02" ||
      state == "57P03") {
    return Status(StatusCode::kUnavailable, message, "connection_string");
  }
  if (StartsWith(state, "IM")) return Status::InvalidArgument("connection_string", message);
  if (StartsWith(state, "42") || StartsWith(state, "22") || StartsWith(state, "21") ||
      StartsWith(state, "23") || StartsWith(state, "0A") || StartsWith(state, "3F") ||
      StartsWith(state, "07") || StartsWith(state, "44")) {
    return Status::InvalidArgument("query", message);
  }
  switch (context.phase) {
    case OdbcPhase::kConnect:
      return Status(StatusCode::kUnavailable, message, "connection_string");
    case OdbcPhase::kQuery:
      return Status::InvalidArgument("query", message);
    case OdbcPhase::kCatalog:
      return Status::Unavailable(message);
  }
  return Status::Unavailable(message);
}

Status OdbcError(SQLSMALLINT handle_type, SQLHANDLE handle, const OdbcErrorContext& context) {
  return OdbcStatus(ReadOdbcDiagnostics(handle_type, handle), context);
}

}  // namespace trib::sql
