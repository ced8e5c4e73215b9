// The BatchReaders a PostgreSQL session hands out: one binary COPY, a binary cursor (Redshift,
// which has no COPY TO STDOUT), and parallel COPYs over disjoint ctid ranges of one table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/batch_reader.h"
#include "sql/postgres/pg_cancel_hook.h"
#include "sql/postgres/pg_connection.h"
#include "sql/postgres/pg_query_shape.h"
#include "sql/sql_driver.h"

namespace trib::sql::pg {

// What every reader needs: where to read, what, and how to stop.
struct ReadContext {
  pg_conn* conn = nullptr;  // the session's connection, borrowed
  QueryShape shape;
  BatchLimits limits;
  std::string password;  // only to scrub messages
  std::unique_ptr<CancelHook> cancel;
  bool read_only = true;  // transactions the reader opens are READ ONLY
};

// Runs COPY (select_sql) TO STDOUT (FORMAT binary) and streams it.
Result<std::unique_ptr<BatchReader>> ReadWithCopy(ReadContext context,
                                                  const std::string& select_sql);

// BEGIN [READ ONLY]; DECLARE CURSOR; FETCH FORWARD n in binary until empty; COMMIT.
Result<std::unique_ptr<BatchReader>> ReadWithCursor(ReadContext context,
                                                    const std::string& select_sql);

// One COPY per connection, each on its own thread, batches handed out as they arrive (at most
// `queue_capacity` wait). `extra` are the further connections, already inside a transaction
// that imported the session connection's snapshot; `select_sqls[i]` runs on connection i
// (0: the session's). Each connection ends its transaction when its COPY ends.
Result<std::unique_ptr<BatchReader>> ReadInParallel(ReadContext context, std::vector<ConnPtr> extra,
                                                    const std::vector<std::string>& select_sqls,
                                                    size_t queue_capacity);

}  // namespace trib::sql::pg
