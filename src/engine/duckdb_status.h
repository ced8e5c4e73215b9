// DuckDB's errors as tributary Status values.
#pragma once

#include <duckdb.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::engine {

// The Status for a DuckDB error of `type` carrying DuckDB's own `message`; `field` names the
// input to blame ("query", "path"). An interrupt maps to kCancelled: callers that interrupted
// for a reason of their own (a timeout) report that reason instead.
Status StatusFromDuckDb(duckdb_error_type type, std::string_view message, std::string field);

// For calls that report no error type (prepare, extract): the type is read from the message's
// "<Type> Error: " prefix (a prepare can fail on a file it may not read); `fallback` is the
// message when DuckDB gave none.
Status StatusFromDuckDbMessage(const char* message, std::string field, std::string_view fallback);

}  // namespace trib::engine
