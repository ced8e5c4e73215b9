#include "sql/mariadb/mariadb_reader.h"


#include "sql/mariadb/mariadb_connection.h"

namespace trib::sql::mariadb {

RowReader::RowReader(QueryHost* host, Schema schema, std::vector<ColumnPlan> plans,
                     const QueryOptions& options)
    : host_(host),
      schema_(std::move(schema)),
      plans_(std::move(plans)),
      builder_(schema_, options.batch),
      cancel_(options.cancel),
      statement_timeout_ms_(options.statement_timeout_ms),
      max_bytes_(options.batch.max_bytes) {}

RowReader::~RowReader() = default;

Status RowReader::GetSchema(ArrowSchema* out) {
  ExportSchema(schema_, out);
  return Status::Ok();
}

Status RowReader::Next(ArrowArray* out) {
  out->release = nullptr;
  if (finished_) return final_status_;
  if (cancel_ && cancel_->cancelled()) return Fail(Status::Cancelled("the query was cancelled"));
  bool end = false;
  for (;;) {
    const Step step = FetchRow();
    if (step == Step::kRow) {
      if (!row_status_.ok()) return Fail(row_status_);
      // Long strings can fill a batch long before the row count or the builder's own check
      // (every 1024 rows) does: count them here.
      if (builder_.FinishRow() || var_bytes_ >= max_bytes_) break;
    } else if (step == Step::kEnd) {
      end = true;
      break;
    } else {
      // The fetch failed: the server has nothing more to send, no KILL needed.
      finished_ = true;
      const bool cancelled = cancel_ && cancel_->cancelled();
      final_status_ = QueryError(FetchError(), cancelled, statement_timeout_ms_);
      Stop(false);
      return final_status_;
    }
  }
  if (end) {
    finished_ = true;
    Stop(false);
    if (builder_.rows() == 0) return Status::Ok();
  }
  builder_.Finish(out);
  var_bytes_ = 0;
  return Status::Ok();
}

void RowReader::DecodeFailed(unsigned column, Decoded what) {
  if (row_status_.ok()) row_status_ = DecodeError(schema_[column], what);
}

Status RowReader::Fail(Status status) {
  finished_ = true;
  final_status_ = std::move(status);
  Stop(true);
  return final_status_;
}

void RowReader::Stop(bool kill) {
  if (stopped_) return;
  stopped_ = true;
  finished_ = true;
  // Clear() waits for a cancel action in progress, and no new one can start afterwards.
  bool cancelled = false;
  if (cancel_) {
    cancel_->Clear();
    cancelled = cancel_->cancelled();
  }
  // Rows still coming: stop the server rather than read them all (a cancel already did).
  if (kill && !cancelled) host_->KillRunningQuery();
  Release();
  host_->QueryFinished();
}

// --- binary protocol ---------------------------------------------------------------------

BinaryRowReader::BinaryRowReader(QueryHost* host, MYSQL_STMT* stmt, Schema schema,
                                 std::vector<ColumnPlan> plans, const QueryOptions& options)
    : RowReader(host, std::move(schema), std::move(plans), options), stmt_(stmt) {
  mysql_stmt_attr_set(stmt_, STMT_ATTR_CB_USER_DATA, this);
  mysql_stmt_attr_set(stmt_, STMT_ATTR_CB_RESULT, reinterpret_cast<void*>(&OnColumn));
}

BinaryRowReader::~BinaryRowReader() { Stop(true); }

// Called by mysql_stmt_fetch for every column of the row: `row` null for a NULL, else the
// position of the value in the packet, which the callback must move past the value.
void BinaryRowReader::OnColumn(void* self, unsigned column, unsigned char** row) {
  auto* r = static_cast<BinaryRowReader*>(self);
  if (!r->row_status_.ok()) return;  // the query is failing; the rest of the row is moot
  ColumnBuilder& b = r->builder_.column(column);
  if (row == nullptr) {
    b.AppendNull();
    return;
  }
  const unsigned char* p = *row;
  // The packet lies in libmariadb's read buffer: its end bounds every read.
  const Decoded d =
      DecodeBinary(r->plans_[column], b, p, r->stmt_->mysql->net.buff_end, &r->var_bytes_);
  *row = const_cast<unsigned char*>(p);
  if (d != Decoded::kOk) r->DecodeFailed(column, d);
}

RowReader::Step BinaryRowReader::FetchRow() {
  const int rc = mysql_stmt_fetch(stmt_);
  if (rc == 0 || rc == MYSQL_DATA_TRUNCATED) return Step::kRow;
  if (rc == MYSQL_NO_DATA) return Step::kEnd;
  return Step::kError;
}

ServerError BinaryRowReader::FetchError() {
  // An error packet met while fetching is recorded on the connection, not the statement.
  ServerError e = LastError(stmt_);
  return e.code != 0 ? e : LastError(stmt_->mysql);
}

void BinaryRowReader::Release() {
  if (stmt_ == nullptr) return;
  mysql_stmt_close(stmt_);  // drains unread rows and further result sets
  stmt_ = nullptr;
}

// --- text protocol -----------------------------------------------------------------------

TextRowReader::TextRowReader(QueryHost* host, MYSQL_RES* result, Schema schema,
                             std::vector<ColumnPlan> plans, const QueryOptions& options)
    : RowReader(host, std::move(schema), std::move(plans), options), result_(result) {}

TextRowReader::~TextRowReader() { Stop(true); }

RowReader::Step TextRowReader::FetchRow() {
  MYSQL_ROW row = mysql_fetch_row(result_);
  if (row == nullptr) return mysql_errno(host_->connection()) != 0 ? Step::kError : Step::kEnd;
  const unsigned long* lengths = mysql_fetch_lengths(result_);
  const unsigned n = static_cast<unsigned>(plans_.size());
  for (unsigned i = 0; i < n; ++i) {
    ColumnBuilder& b = builder_.column(i);
    if (row[i] == nullptr) {
      b.AppendNull();
      continue;
    }
    const Decoded d = DecodeText(plans_[i], b, row[i], lengths[i], &var_bytes_);
    if (d != Decoded::kOk) {
      DecodeFailed(i, d);
      break;
    }
  }
  return Step::kRow;
}

ServerError TextRowReader::FetchError() { return LastError(host_->connection()); }

void TextRowReader::Release() {
  if (result_ == nullptr) return;
  mysql_free_result(result_);  // reads and drops the rows not fetched
  result_ = nullptr;
  // CALL returns a further (status) result; the connection is usable only once it is read.
  MYSQL* m = host_->connection();
  while (mysql_more_results(m) && mysql_next_result(m) == 0) {
    if (MYSQL_RES* more = mysql_use_result(m)) mysql_free_result(more);
  }
}

}  // namespace trib::sql::mariadb
