// ODBC diagnostics (SQLGetDiagRec) turned into tributary's error conventions by SQLSTATE.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib::sql {

struct OdbcDiagRecord {
  std::string sqlstate;  // five characters, e.g. "42601"
  int native_error = 0;
  std::string message;
};

std::vector<OdbcDiagRecord> ReadOdbcDiagnostics(SQLSMALLINT handle_type, SQLHANDLE handle);

// What was being done when the error came: decides the default code and the field.
enum class OdbcPhase { kConnect, kQuery, kCatalog };

struct OdbcErrorContext {
  OdbcPhase phase = OdbcPhase::kQuery;
  bool cancelled = false;            // the caller's cancel token fired
  int64_t statement_timeout_ms = 0;  // for the message of a timeout
  std::string_view secret;           // removed from messages (the password, at connect)
};

// 28000/28P01 (or a driver's "password authentication failed") -> kUpstreamRejected
// "password" (an unknown role: field "user"); 08xxx -> kUnavailable; HYT00/HYT01/57014 ->
// kDeadlineExceeded; HY008 (or any error once cancelled) -> kCancelled; 42xxx/22xxx/... ->
// kInvalidArgument "query"; IMxxx -> kInvalidArgument "connection_string". Messages carry the
// SQLSTATE and the driver's text.
Status OdbcStatus(const std::vector<OdbcDiagRecord>& records, const OdbcErrorContext& context);

// Reads the diagnostics of `handle` and maps them.
Status OdbcError(SQLSMALLINT handle_type, SQLHANDLE handle, const OdbcErrorContext& context);

inline bool OdbcOk(SQLRETURN rc) { return rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO; }

}  // namespace trib::sql
