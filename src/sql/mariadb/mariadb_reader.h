// Streams a MySQL/MariaDB result set into Arrow batches, one row at a time off the socket
// (unbuffered: memory is one batch plus one row, whatever the row count).
// Two wire formats: the binary protocol of prepared statements (the default: the server sends
// numbers and dates without formatting them, which is most of its work) and the text protocol,
// for the few statements that cannot be prepared.
#pragma once

#include <mysql.h>

#include <memory>
#include <vector>

#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "sql/mariadb/mariadb_columns.h"
#include "sql/mariadb/mariadb_errors.h"
#include "sql/sql_driver.h"

namespace trib::sql::mariadb {

// What a reader needs from the session whose connection it borrows.
class QueryHost {
 public:
  virtual ~QueryHost() = default;
  virtual MYSQL* connection() = 0;
  // Best effort KILL QUERY of the running statement (from a second connection).
  virtual void KillRunningQuery() = 0;
  // The reader is done with the connection; the session may run its next query.
  virtual void QueryFinished() = 0;
};

class RowReader : public BatchReader {
 public:
  RowReader(QueryHost* host, Schema schema, std::vector<ColumnPlan> plans,
            const QueryOptions& options);
  ~RowReader() override;

  Status GetSchema(ArrowSchema* out) override;
  Status Next(ArrowArray* out) override;

 protected:
  enum class Step { kRow, kEnd, kError };
  // Reads one row into builder_ (decode problems go to row_status_), or says why not.
  virtual Step FetchRow() = 0;
  virtual ServerError FetchError() = 0;
  // Frees the result; libmariadb reads and drops whatever rows the server still sends.
  virtual void Release() = 0;

  void DecodeFailed(unsigned column, Decoded what);
  // Ends the query: stops the server first when rows are still coming (`kill`). Subclasses
  // call Stop(true) in their destructors, while their Release() can still run.
  void Stop(bool kill);

  QueryHost* host_;
  Schema schema_;
  std::vector<ColumnPlan> plans_;
  BatchBuilder builder_;
  size_t var_bytes_ = 0;  // bytes of strings in the current batch
  Status row_status_;

 private:
  Status Fail(Status status);

  std::shared_ptr<CancelToken> cancel_;
  int64_t statement_timeout_ms_;
  size_t max_bytes_;
  bool finished_ = false;  // no more batches (end reached or failed)
  bool stopped_ = false;   // the result and the connection are released
  Status final_status_;
};

// Prepared-statement result (mysql_stmt_execute done): rows arrive through libmariadb's result
// callback as raw binary-protocol values and are decoded in place, without MYSQL_BIND copies.
class BinaryRowReader final : public RowReader {
 public:
  // Takes `stmt`; installs the callback.
  BinaryRowReader(QueryHost* host, MYSQL_STMT* stmt, Schema schema, std::vector<ColumnPlan> plans,
                  const QueryOptions& options);
  ~BinaryRowReader() override;

 private:
  static void OnColumn(void* self, unsigned column, unsigned char** row);
  Step FetchRow() override;
  ServerError FetchError() override;
  void Release() override;

  MYSQL_STMT* stmt_;
};

// Text-protocol result (mysql_use_result done).
class TextRowReader final : public RowReader {
 public:
  TextRowReader(QueryHost* host, MYSQL_RES* result, Schema schema, std::vector<ColumnPlan> plans,
                const QueryOptions& options);
  ~TextRowReader() override;

 private:
  Step FetchRow() override;
  ServerError FetchError() override;
  void Release() override;

  MYSQL_RES* result_;
};

}  // namespace trib::sql::mariadb
