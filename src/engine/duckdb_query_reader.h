// Runs SQL on a DuckDB connection and streams the rows of its last statement as Arrow batches,
// one per DuckDB data chunk (up to 2048 rows): rows are pulled from DuckDB as the consumer asks,
// never materialised all at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "columnar/batch_reader.h"
#include "common/cancel.h"
#include "engine/duckdb_database.h"

namespace trib::engine {

struct QueryControl {
  int64_t timeout_ms = 0;               // the whole statement, fetches included; 0: no limit
  std::shared_ptr<CancelToken> cancel;  // may be null
  // Reads: exactly one statement, and it must be a SELECT (checked before it runs), so a
  // query cannot SET, ATTACH, COPY, INSTALL, CREATE or EXPLAIN ANALYZE a write.
  bool select_only = false;
};

// `sql` may hold several statements; all but the last run to completion first. Errors name
// `field`: kInvalidArgument with DuckDB's message for a bad statement, kDeadlineExceeded after
// the timeout, kCancelled after control.cancel fired (from the call or from Next()). The reader
// keeps `connection` alive; the connection runs nothing else until the reader is gone.
Result<std::unique_ptr<BatchReader>> StreamQuery(std::shared_ptr<DuckDbConnection> connection,
                                                 const std::string& sql,
                                                 const QueryControl& control = {},
                                                 const std::string& field = "query");

}  // namespace trib::engine
