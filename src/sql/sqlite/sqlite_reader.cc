#include "sql/sqlite/sqlite_reader.h"

namespace trib::sql {

namespace {

// The progress handler runs every this many virtual machine instructions: often enough to stop
// within a millisecond or so, rarely enough to cost nothing measurable.
constexpr int kProgressInstructions = 1000;

}  // namespace

Status SqliteError(sqlite3* db, int rc) {
  const std::string message = std::string("SQLite: ") + sqlite3_errmsg(db);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(StatusCode::kUnavailable, message, "connection_string");
    case SQLITE_NOMEM:
      return Status::Internal(message);
    case SQLITE_NOTADB:
      return Status::InvalidArgument("connection_string",
                                     "the file is not a SQLite database (" + message + ")");
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
      return Status(StatusCode::kUnavailable, message, "connection_string");
    default:
      return Status::InvalidArgument("query", message);
  }
}

SqliteReader::SqliteReader(sqlite3* db, sqlite3_stmt* stmt, const QueryOptions& options)
    : db_(db), stmt_(stmt), options_(options) {
  deadline_ =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.statement_timeout_ms);
  sqlite3_progress_handler(db_, kProgressInstructions, &SqliteReader::OnProgress, this);
  // sqlite3_interrupt may be called from any thread while the connection is open; the token
  // is cleared before the reader (and so the registration) goes away.
  if (options_.cancel) options_.cancel->OnCancel([db] { sqlite3_interrupt(db); });
}

SqliteReader::~SqliteReader() {
  if (options_.cancel) options_.cancel->Clear();
  sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  sqlite3_finalize(stmt_);
}

int SqliteReader::OnProgress(void* self) {
  auto* reader = static_cast<SqliteReader*>(self);
  if (reader->options_.cancel && reader->options_.cancel->cancelled()) return 1;
  if (reader->options_.statement_timeout_ms > 0 &&
      std::chrono::steady_clock::now() >= reader->deadline_) {
    reader->timed_out_ = true;
    return 1;
  }
  return 0;
}

Status SqliteReader::Interrupted() const {
  if (options_.cancel && options_.cancel->cancelled()) {
    return Status::Cancelled("the query was cancelled");
  }
  if (timed_out_) {
    return Status::DeadlineExceeded("the query ran past its statement timeout of " +
                                    std::to_string(options_.statement_timeout_ms) + " ms");
  }
  return Status::Cancelled("the query was interrupted");
}

Result<bool> SqliteReader::Step() {
  if (options_.cancel && options_.cancel->cancelled()) return Interrupted();
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    ++row_;
    return true;
  }
  if (rc == SQLITE_DONE) return false;
  if ((rc & 0xff) == SQLITE_INTERRUPT) return Interrupted();
  return SqliteError(db_, rc);
}

SqliteCell SqliteReader::CellAt(int column) const {
  SqliteCell cell;
  cell.storage_class = sqlite3_column_type(stmt_, column);
  switch (cell.storage_class) {
    case SQLITE_INTEGER:
      cell.integer = sqlite3_column_int64(stmt_, column);
      break;
    case SQLITE_FLOAT:
      cell.real = sqlite3_column_double(stmt_, column);
      break;
    case SQLITE_TEXT:
      cell.bytes = sqlite3_column_text(stmt_, column);
      cell.size = static_cast<size_t>(sqlite3_column_bytes(stmt_, column));
      break;
    case SQLITE_BLOB:
      cell.bytes = sqlite3_column_blob(stmt_, column);
      cell.size = static_cast<size_t>(sqlite3_column_bytes(stmt_, column));
      break;
    default:
      break;
  }
  return cell;
}

SqliteCell SqliteReader::CellOf(const OwnedCell& owned) {
  SqliteCell cell;
  cell.storage_class = owned.storage_class;
  cell.integer = owned.integer;
  cell.real = owned.real;
  cell.bytes = owned.bytes.data();
  cell.size = owned.bytes.size();
  return cell;
}

Status SqliteReader::AppendCell(int column, const SqliteCell& cell) {
  if (AppendSqliteCell(cell, batch_->column(static_cast<size_t>(column)))) {
    batch_bytes_ += cell.size;
    return Status::Ok();
  }
  const Column& c = schema_[static_cast<size_t>(column)];
  const std::string& declared = declared_[static_cast<size_t>(column)];
  return Status::InvalidArgument(
      "query", "column '" + c.name + "' (" +
                   (declared.empty() ? std::string("no declared type") : "declared " + declared) +
                   ", read as " + c.type.ToString() + ") holds a " +
                   std::string(SqliteStorageClassName(cell.storage_class)) + " value in row " +
                   std::to_string(row_) + " that " + c.type.ToString() +
                   " cannot hold; select CAST(" + c.name + " AS TEXT) to read it as text");
}

bool SqliteReader::BatchFull() {
  return batch_->FinishRow() || batch_bytes_ >= options_.batch.max_bytes;
}

Status SqliteReader::Start() {
  const int columns = sqlite3_column_count(stmt_);
  if (columns == 0) {
    // A statement without result columns (DDL, DML): run it, answer no rows.
    while (true) {
      TRIB_ASSIGN_OR_RETURN(const bool row, Step());
      if (!row) break;
    }
    done_ = true;
    batch_ = std::make_unique<BatchBuilder>(schema_, options_.batch);
    return Status::Ok();
  }
  std::vector<bool> from_values(static_cast<size_t>(columns));
  bool any_from_values = false;
  for (int i = 0; i < columns; ++i) {
    const char* name = sqlite3_column_name(stmt_, i);
    const char* declared = sqlite3_column_decltype(stmt_, i);
    declared_.emplace_back(declared != nullptr ? declared : "");
    const SqliteColumnPlan plan = PlanSqliteColumn(declared_.back());
    schema_.push_back(Column{name != nullptr ? name : "", plan.type, true});
    from_values[static_cast<size_t>(i)] = plan.from_values;
    any_from_values = any_from_values || plan.from_values;
  }
  if (any_from_values) {
    // Read the first batch ahead, keeping copies, and type each such column by its values.
    std::vector<SqliteValueKinds> kinds(static_cast<size_t>(columns));
    size_t bytes = 0;
    for (int64_t rows = 0; rows < options_.batch.max_rows && bytes < options_.batch.max_bytes;
         ++rows) {
      TRIB_ASSIGN_OR_RETURN(const bool row, Step());
      if (!row) {
        done_ = true;
        break;
      }
      for (int i = 0; i < columns; ++i) {
        const SqliteCell cell = CellAt(i);
        kinds[static_cast<size_t>(i)].Add(cell);
        OwnedCell owned{cell.storage_class, cell.integer, cell.real, {}};
        if (cell.size != 0) owned.bytes.assign(static_cast<const char*>(cell.bytes), cell.size);
        bytes += cell.size + sizeof(OwnedCell);
        window_.push_back(std::move(owned));
      }
    }
    for (size_t i = 0; i < kinds.size(); ++i) {
      if (from_values[i]) schema_[i].type = kinds[i].Type();
    }
    row_ = 0;  // counted again as the window is appended
  }
  batch_ = std::make_unique<BatchBuilder>(schema_, options_.batch);
  return Status::Ok();
}

Status SqliteReader::GetSchema(ArrowSchema* out) {
  ExportSchema(schema_, out);
  return Status::Ok();
}

Status SqliteReader::Next(ArrowArray* out) {
  out->release = nullptr;
  if (!failed_.ok()) return failed_;
  const int columns = static_cast<int>(schema_.size());
  auto fail = [this](Status status) {
    failed_ = std::move(status);
    window_.clear();
    return failed_;
  };
  while (true) {
    if (window_next_ < window_.size()) {
      ++row_;
      for (int i = 0; i < columns; ++i) {
        const Status appended = AppendCell(i, CellOf(window_[window_next_++]));
        if (!appended.ok()) return fail(appended);
      }
      if (window_next_ == window_.size()) {
        window_.clear();
        window_.shrink_to_fit();
        window_next_ = 0;
      }
    } else if (done_) {
      break;
    } else {
      auto row = Step();
      if (!row.ok()) return fail(row.status());
      if (!*row) {
        done_ = true;
        break;
      }
      for (int i = 0; i < columns; ++i) {
        const Status appended = AppendCell(i, CellAt(i));
        if (!appended.ok()) return fail(appended);
      }
    }
    if (BatchFull()) break;
  }
  if (batch_->rows() == 0) return Status::Ok();  // the end
  batch_->Finish(out);
  batch_bytes_ = 0;
  return Status::Ok();
}

}  // namespace trib::sql
