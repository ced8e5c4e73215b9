// Streams one ODBC statement as Arrow batches: fixed-width columns through block cursors
// (column-wise SQLBindCol arrays), text and binary through SQLGetData in pieces.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "sql/odbc/odbc_diag.h"
#include "sql/odbc/odbc_handle.h"
#include "sql/odbc/odbc_types.h"
#include "sql/sql_driver.h"

namespace trib::sql {

// Reads a whole long value of column `column` (1-based) of the current row by SQLGetData:
// UTF-8 text (wide = true, SQL_C_WCHAR) or bytes (SQL_C_BINARY). `buffer` is scratch space.
// Sets *is_null for SQL NULL.
Status OdbcGetLongData(SQLHSTMT stmt, SQLUSMALLINT column, bool wide, std::vector<SQLWCHAR>& buffer,
                       std::string& out, bool* is_null, const OdbcErrorContext& context);

class OdbcReader final : public BatchReader {
 public:
  // `getdata_extensions`: SQLGetInfo(SQL_GETDATA_EXTENSIONS) of the connection.
  OdbcReader(OdbcHandle stmt, const QueryOptions& options, SQLUINTEGER getdata_extensions);
  ~OdbcReader() override;
  OdbcReader(const OdbcReader&) = delete;
  OdbcReader& operator=(const OdbcReader&) = delete;

  // Runs `sql` (SQL_ATTR_QUERY_TIMEOUT from the statement timeout), describes and binds.
  Status Execute(const std::string& sql);

  Status GetSchema(ArrowSchema* out) override;
  Status Next(ArrowArray* out) override;

 private:
  struct Binding {
    OdbcColumnPlan plan;
    bool bound = false;           // in the block-cursor arrays; else SQLGetData
    std::vector<uint8_t> values;  // rowset x OdbcFixedSize(plan.fetch)
    std::vector<SQLLEN> indicators;
  };

  SQLHSTMT stmt() const { return stmt_.get(); }
  OdbcErrorContext Context() const;
  Status Error();
  Status Describe();
  Status Bind();
  Status AppendFixed(size_t column, const uint8_t* value, SQLLEN indicator);
  Status AppendFetched(size_t column);
  Status Misfit(size_t column) const;
  Status Fail(Status status);

  OdbcHandle stmt_;
  QueryOptions options_;
  SQLUINTEGER getdata_extensions_;
  std::chrono::steady_clock::time_point deadline_;

  Schema schema_;
  std::vector<Binding> columns_;
  std::unique_ptr<BatchBuilder> batch_;
  size_t batch_bytes_ = 0;

  SQLULEN rowset_size_ = 1;
  SQLULEN rows_fetched_ = 0;  // written by SQLFetch (SQL_ATTR_ROWS_FETCHED_PTR)
  std::vector<SQLUSMALLINT> row_status_;
  size_t next_row_ = 0;

  std::vector<SQLWCHAR> scratch_;  // SQLGetData pieces
  std::string value_;              // one long value

  bool done_ = false;
  Status failed_;
};

}  // namespace trib::sql
