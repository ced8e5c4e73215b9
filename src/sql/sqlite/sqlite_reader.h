// Streams one prepared SQLite statement as Arrow batches: sqlite3_step straight into column
// builders, bounded batches, statement timeout and cancellation through the progress handler.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "sql/sql_driver.h"
#include "sql/sqlite/sqlite_types.h"

namespace trib::sql {

// Maps a failed SQLite call on `db` to a Status (the database's message, field "query").
Status SqliteError(sqlite3* db, int rc);

class SqliteReader final : public BatchReader {
 public:
  // Takes `stmt` (finalized on destruction); `db` must outlive the reader.
  SqliteReader(sqlite3* db, sqlite3_stmt* stmt, const QueryOptions& options);
  ~SqliteReader() override;
  SqliteReader(const SqliteReader&) = delete;
  SqliteReader& operator=(const SqliteReader&) = delete;

  // Fixes the schema: when a column's type comes from its values, reads the first batch's
  // rows ahead. Statements without result columns run to completion here.
  Status Start();

  Status GetSchema(ArrowSchema* out) override;
  Status Next(ArrowArray* out) override;

 private:
  // A value kept from the read-ahead window.
  struct OwnedCell {
    int storage_class = SQLITE_NULL;
    int64_t integer = 0;
    double real = 0;
    std::string bytes;
  };

  static int OnProgress(void* self);
  Result<bool> Step();  // true: a row is ready
  Status Interrupted() const;
  SqliteCell CellAt(int column) const;
  static SqliteCell CellOf(const OwnedCell& owned);
  Status AppendCell(int column, const SqliteCell& cell);
  bool BatchFull();

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  QueryOptions options_;
  std::chrono::steady_clock::time_point deadline_;
  bool timed_out_ = false;

  Schema schema_;
  std::vector<std::string> declared_;  // declared types, for messages
  std::unique_ptr<BatchBuilder> batch_;
  size_t batch_bytes_ = 0;  // variable-length bytes in the current batch
  int64_t row_ = 0;         // rows read so far, for messages

  std::vector<OwnedCell> window_;  // read-ahead rows, row-major
  size_t window_next_ = 0;         // next cell of window_ to append

  bool done_ = false;
  Status failed_;
};

}  // namespace trib::sql
