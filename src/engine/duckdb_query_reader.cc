#include "engine/duckdb_query_reader.h"

#include <vector>

#include "columnar/column_type.h"
#include "columnar/dictionary_decode.h"
#include "engine/duckdb_status.h"
#include "engine/query_watchdog.h"

namespace trib::engine {

namespace {

// The Arrow format of the indices DuckDB gives an ENUM's dictionary, or null.
const char* EnumIndexFormat(duckdb_logical_type type) {
  switch (duckdb_enum_internal_type(type)) {
    case DUCKDB_TYPE_UTINYINT:
      return "C";
    case DUCKDB_TYPE_USMALLINT:
      return "S";
    case DUCKDB_TYPE_UINTEGER:
      return "I";
    default:
      return nullptr;
  }
}

class DuckDbQueryReader : public BatchReader {
 public:
  DuckDbQueryReader(std::shared_ptr<DuckDbConnection> conn, const QueryControl& control,
                    std::string field)
      : conn_(std::move(conn)),
        field_(std::move(field)),
        select_only_(control.select_only),
        watchdog_([c = conn_.get()] { c->Interrupt(); }, control.timeout_ms, control.cancel) {}

  ~DuckDbQueryReader() override {
    watchdog_.Stop();  // before the result goes: nothing may interrupt a later statement
  }

  Status Start(const std::string& sql);
  Status GetSchema(ArrowSchema* out) override;
  Status Next(ArrowArray* out) override;

 private:
  Status Run(idx_t index, bool last);
  // The watchdog's reason when it fired, else DuckDB's error in `result`.
  Status ResultError(duckdb_result* result) const;
  Status CheckFired() {
    Status fired = watchdog_.Check();
    return fired.ok() ? fired : Fail(std::move(fired));
  }
  // Remembers the first error (later calls repeat it) and stops the watchdog.
  Status Fail(Status status) {
    if (failed_.ok()) failed_ = std::move(status);
    watchdog_.Stop();
    return failed_;
  }

  std::shared_ptr<DuckDbConnection> conn_;
  std::string field_;
  bool select_only_;
  QueryWatchdog watchdog_;
  uint64_t statement_ = 0;
  ExtractedHandle extracted_;
  PreparedHandle prepared_;  // kept with the streaming result that came from it
  PendingHandle pending_;
  ResultHandle result_;
  ArrowOptionsHandle arrow_options_;
  std::vector<LogicalTypeHandle> type_handles_;
  std::vector<duckdb_logical_type> types_;
  std::vector<std::string> names_;
  std::vector<DictionaryColumn> enums_;
  bool done_ = false;
  Status failed_;
};

Status DuckDbQueryReader::Start(const std::string& sql) {
  TRIB_RETURN_IF_ERROR(CheckFired());
  const idx_t count = duckdb_extract_statements(conn_->get(), sql.c_str(), extracted_.out());
  if (count == 0) {
    return Fail(StatusFromDuckDbMessage(duckdb_extract_statements_error(extracted_.get()), field_,
                                        "the query holds no SQL statement"));
  }
  if (select_only_ && count != 1) {
    return Fail(Status::InvalidArgument(
        field_, "a read runs one SELECT statement, not " + std::to_string(count)));
  }
  for (idx_t i = 0; i < count; ++i) TRIB_RETURN_IF_ERROR(Run(i, i + 1 == count));

  const idx_t columns = duckdb_column_count(result_.get());
  for (idx_t c = 0; c < columns; ++c) {
    type_handles_.emplace_back();
    *type_handles_.back().out() = duckdb_column_logical_type(result_.get(), c);
    if (duckdb_get_type_id(type_handles_.back().get()) == DUCKDB_TYPE_ENUM) {
      // An ENUM column reads as its labels: VARCHAR in the schema, decoded in each batch.
      const char* index_format = EnumIndexFormat(type_handles_.back().get());
      if (index_format != nullptr) {
        enums_.push_back({static_cast<size_t>(c), index_format});
        *type_handles_.back().out() = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
      }
    }
    types_.push_back(type_handles_.back().get());
    const char* name = duckdb_column_name(result_.get(), c);
    names_.emplace_back(name != nullptr ? name : "");
  }
  *arrow_options_.out() = duckdb_result_get_arrow_options(result_.get());
  return Status::Ok();
}

Status DuckDbQueryReader::Run(idx_t index, bool last) {
  statement_ = conn_->BeginStatement();
  PreparedHandle prepared;
  if (duckdb_prepare_extracted_statement(conn_->get(), extracted_.get(), index, prepared.out()) !=
      DuckDBSuccess) {
    TRIB_RETURN_IF_ERROR(CheckFired());
    return Fail(StatusFromDuckDbMessage(duckdb_prepare_error(prepared.get()), field_,
                                        "DuckDB could not prepare the statement"));
  }
  if (select_only_ &&
      duckdb_prepared_statement_type(prepared.get()) != DUCKDB_STATEMENT_TYPE_SELECT) {
    return Fail(Status::InvalidArgument(field_, "a read runs only SELECT statements"));
  }
  PendingHandle pending;
  const duckdb_state started =
      last ? duckdb_pending_prepared_streaming(prepared.get(), pending.out())
           : duckdb_pending_prepared(prepared.get(), pending.out());
  if (started != DuckDBSuccess) {
    TRIB_RETURN_IF_ERROR(CheckFired());
    return Fail(StatusFromDuckDbMessage(duckdb_pending_error(pending.get()), field_,
                                        "DuckDB could not start the statement"));
  }
  // Starting a statement clears DuckDB's interrupt flag: a watchdog that fired before this
  // point is only seen here; one that fires later interrupts the statement itself.
  TRIB_RETURN_IF_ERROR(CheckFired());
  ResultHandle earlier;
  ResultHandle& result = last ? result_ : earlier;
  if (duckdb_execute_pending(pending.get(), result.out()) != DuckDBSuccess) {
    return Fail(ResultError(result.get()));
  }
  if (last) {
    prepared_ = std::move(prepared);
    pending_ = std::move(pending);
  }
  return Status::Ok();
}

Status DuckDbQueryReader::ResultError(duckdb_result* result) const {
  Status fired = watchdog_.Check();
  if (!fired.ok()) return fired;
  const char* message = duckdb_result_error(result);
  return StatusFromDuckDb(duckdb_result_error_type(result), message != nullptr ? message : "",
                          field_);
}

Status DuckDbQueryReader::GetSchema(ArrowSchema* out) {
  if (types_.empty()) {  // a statement without rows (CREATE, SET, ...)
    ExportSchema({}, out);
    return Status::Ok();
  }
  std::vector<const char*> names;
  names.reserve(names_.size());
  for (const std::string& name : names_) names.push_back(name.c_str());
  ErrorDataHandle error;
  *error.out() =
      duckdb_to_arrow_schema(arrow_options_.get(), types_.data(), names.data(), types_.size(), out);
  if (error && duckdb_error_data_has_error(error.get())) {
    return Status::Internal(std::string("DuckDB could not describe the result in Arrow: ") +
                            duckdb_error_data_message(error.get()));
  }
  return Status::Ok();
}

Status DuckDbQueryReader::Next(ArrowArray* out) {
  out->release = nullptr;
  if (!failed_.ok()) return failed_;
  if (done_) return Status::Ok();
  TRIB_RETURN_IF_ERROR(CheckFired());
  if (conn_->statements() != statement_) {
    return Fail(Status::FailedPrecondition(
        "another statement ran on this DuckDB connection, which closed this result"));
  }
  while (true) {
    ChunkHandle chunk;
    *chunk.out() = duckdb_fetch_chunk(*result_.get());
    if (!chunk) {
      if (duckdb_result_error(result_.get()) != nullptr || !watchdog_.Check().ok()) {
        return Fail(ResultError(result_.get()));
      }
      done_ = true;
      watchdog_.Stop();
      return Status::Ok();
    }
    if (duckdb_data_chunk_get_size(chunk.get()) == 0) continue;
    ErrorDataHandle error;
    *error.out() = duckdb_data_chunk_to_arrow(arrow_options_.get(), chunk.get(), out);
    if (error && duckdb_error_data_has_error(error.get())) {
      out->release = nullptr;
      return Fail(Status::Internal(std::string("DuckDB could not convert rows to Arrow: ") +
                                   duckdb_error_data_message(error.get())));
    }
    if (!enums_.empty()) {
      Status decoded = DecodeDictionaryColumns(enums_, out);
      if (!decoded.ok()) return Fail(std::move(decoded));
    }
    return Status::Ok();
  }
}

}  // namespace

Result<std::unique_ptr<BatchReader>> StreamQuery(std::shared_ptr<DuckDbConnection> connection,
                                                 const std::string& sql,
                                                 const QueryControl& control,
                                                 const std::string& field) {
  auto reader = std::make_unique<DuckDbQueryReader>(std::move(connection), control, field);
  TRIB_RETURN_IF_ERROR(reader->Start(sql));
  return std::unique_ptr<BatchReader>(std::move(reader));
}

}  // namespace trib::engine
