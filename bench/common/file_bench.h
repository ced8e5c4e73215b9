// What the file-source bench programs (s3_read, s3_write, hopsfs_parquet) share: the rows they
// write and read (generated, the same for a given row number on every run), connectors built
// straight from a definition as the server would build them, and DuckDB driven directly
// through its C API as the anchor.
#pragma once

#include <duckdb.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "bench_util.h"
#include "columnar/batch_builder.h"
#include "connectors/connector.h"

namespace trib::bench {

__extension__ typedef __int128 Int128;  // decimal128's unscaled value

// 8 columns, as bench/pg_read's table: id bigint, qty int, price double, amount
// decimal(12,2), name (20 random characters), flag bool, day date, ts timestamptz. Values are a
// function of the row number, so a file of rows [first, first + rows) is the same every time.
class GeneratedRows final : public BatchReader {
 public:
  GeneratedRows(int64_t first, int64_t rows, int64_t batch_rows = 65536)
      : next_(first), end_(first + rows), batch_rows_(batch_rows) {}

  static Schema Columns() {
    return {{"id", ColumnType::Of(TypeId::kInt64), false}, {"qty", ColumnType::Of(TypeId::kInt32)},
            {"price", ColumnType::Of(TypeId::kFloat64)},   {"amount", ColumnType::Decimal(12, 2)},
            {"name", ColumnType::Of(TypeId::kUtf8)},       {"flag", ColumnType::Of(TypeId::kBool)},
            {"day", ColumnType::Of(TypeId::kDate32)},      {"ts", ColumnType::Timestamp("UTC")}};
  }

  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(Columns(), out);
    return Status::Ok();
  }

  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    if (next_ >= end_) return Status::Ok();
    const int64_t n = std::min(batch_rows_, end_ - next_);
    BatchBuilder batch(Columns(), {.max_rows = n + 1, .max_bytes = size_t{1} << 40});
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      batch.column(c).Reserve(n, c == 4 ? static_cast<size_t>(n) * kNameBytes : 0);
    }
    char name[kNameBytes];
    for (int64_t row = next_; row < next_ + n; ++row) {
      const uint64_t a = Mix(static_cast<uint64_t>(row));
      const uint64_t b = Mix(a);
      const uint64_t c = Mix(b);
      batch.column(0).AppendFixed<int64_t>(row);
      batch.column(1).AppendFixed<int32_t>(static_cast<int32_t>(a % 1000000));
      batch.column(2).AppendFixed<double>(static_cast<double>(a >> 11) * 0x1.0p-53 * 1000.0);
      batch.column(3).AppendFixed<Int128>(static_cast<Int128>(b % 10000000000ULL));
      uint64_t bits = c;
      for (size_t i = 0; i < kNameBytes; ++i) {
        if (i == 10) bits = Mix(c);
        name[i] = kLetters[bits & 63];
        bits >>= 6;
      }
      batch.column(4).AppendBytes(name, kNameBytes);
      batch.column(5).AppendBool((b >> 63) != 0);
      batch.column(6).AppendFixed<int32_t>(static_cast<int32_t>(18262 + (b >> 40) % 2000));
      // 2020-01-01 plus up to ~2 years, in microseconds.
      batch.column(7).AppendFixed<int64_t>(1577836800000000LL +
                                           static_cast<int64_t>(c % 63072000000000ULL));
      batch.FinishRow();
    }
    next_ += n;
    batch.Finish(out);
    return Status::Ok();
  }

 private:
  static constexpr size_t kNameBytes = 20;
  static constexpr char kLetters[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.";
  static uint64_t Mix(uint64_t x) {  // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

  int64_t next_;
  int64_t end_;
  int64_t batch_rows_;
};

// A connector built from a definition and its secrets as the server builds one for a caller
// (no egress policy, no role mappings); `temp_dir` holds read views, spools and encoded writes.
struct ConnectorParts {
  DataSource definition;
  std::map<std::string, std::string> secrets;
  ConnectorEnvironment environment;
};

inline ConnectorInput MakeInput(const ConnectorParts& parts, const std::string& temp_dir) {
  ConnectorInput input{
      .definition = parts.definition, .secrets = parts.secrets, .environment = parts.environment};
  input.authorize_role = [](const std::string&) { return Status::Ok(); };
  input.temp_dir = temp_dir;
  input.spool_limit_bytes = int64_t{64} << 30;
  return input;
}

// ---- DuckDB directly (the anchors) ----

struct DuckDb {
  duckdb_database db = nullptr;
  duckdb_connection conn = nullptr;
  DuckDb() {
    if (duckdb_open(nullptr, &db) == DuckDBSuccess) duckdb_connect(db, &conn);
  }
  ~DuckDb() {
    if (conn != nullptr) duckdb_disconnect(&conn);
    if (db != nullptr) duckdb_close(&db);
  }
  DuckDb(const DuckDb&) = delete;
  DuckDb& operator=(const DuckDb&) = delete;
};

// Streams `sql` (a SELECT) and converts every chunk to Arrow, dropping it: what a program that
// asks DuckDB for Arrow gets. Returns the rows.
inline Result<int64_t> DuckDbReadArrow(const std::string& sql) {
  DuckDb duck;
  if (duck.conn == nullptr) return Status::Internal("cannot open DuckDB");
  duckdb_prepared_statement prepared = nullptr;
  if (duckdb_prepare(duck.conn, sql.c_str(), &prepared) != DuckDBSuccess) {
    const std::string error = duckdb_prepare_error(prepared);
    duckdb_destroy_prepare(&prepared);
    return Status::Internal(error);
  }
  duckdb_pending_result pending = nullptr;
  duckdb_result result{};
  const bool started = duckdb_pending_prepared_streaming(prepared, &pending) == DuckDBSuccess &&
                       duckdb_execute_pending(pending, &result) == DuckDBSuccess;
  duckdb_destroy_pending(&pending);
  duckdb_destroy_prepare(&prepared);
  if (!started) {
    const char* error = duckdb_result_error(&result);
    const std::string message = error != nullptr ? error : "DuckDB failed";
    duckdb_destroy_result(&result);
    return Status::Internal(message);
  }
  duckdb_arrow_options options = duckdb_result_get_arrow_options(&result);
  int64_t rows = 0;
  while (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
    rows += static_cast<int64_t>(duckdb_data_chunk_get_size(chunk));
    ArrowArray array{};
    duckdb_error_data error = duckdb_data_chunk_to_arrow(options, chunk, &array);
    if (error != nullptr) duckdb_destroy_error_data(&error);
    if (array.release != nullptr) array.release(&array);
    duckdb_destroy_data_chunk(&chunk);
  }
  const char* error = duckdb_result_error(&result);
  const std::string message = error != nullptr ? error : "";
  duckdb_destroy_arrow_options(&options);
  duckdb_destroy_result(&result);
  if (!message.empty()) return Status::Internal(message);
  return rows;
}

namespace internal {

// DuckDB's Arrow scan releases the stream it is handed; it gets this lent facade, and the
// real stream is released once here.
struct LentStream {
  ArrowArrayStream* real;
  static int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
    ArrowArrayStream* real = static_cast<LentStream*>(s->private_data)->real;
    return real->get_schema(real, out);
  }
  static int GetNext(ArrowArrayStream* s, ArrowArray* out) {
    ArrowArrayStream* real = static_cast<LentStream*>(s->private_data)->real;
    return real->get_next(real, out);
  }
  static const char* LastError(ArrowArrayStream* s) {
    ArrowArrayStream* real = static_cast<LentStream*>(s->private_data)->real;
    return real->get_last_error(real);
  }
  static void Release(ArrowArrayStream* s) { s->release = nullptr; }
};

}  // namespace internal

// COPY (SELECT * FROM <the rows>) TO `path` as zstd Parquet, with DuckDB's own settings.
inline Status DuckDbCopyTo(std::unique_ptr<BatchReader> rows, const std::string& path) {
  DuckDb duck;
  if (duck.conn == nullptr) return Status::Internal("cannot open DuckDB");
  ArrowArrayStream real{};
  ExportStream(std::move(rows), &real);
  internal::LentStream lent{&real};
  ArrowArrayStream facade{};
  facade.get_schema = internal::LentStream::GetSchema;
  facade.get_next = internal::LentStream::GetNext;
  facade.get_last_error = internal::LentStream::LastError;
  facade.release = internal::LentStream::Release;
  facade.private_data = &lent;
  Status status = Status::Ok();
  if (duckdb_arrow_scan(duck.conn, "rows", reinterpret_cast<duckdb_arrow_stream>(&facade)) !=
      DuckDBSuccess) {
    status = Status::Internal("DuckDB cannot scan the rows");
  } else {
    duckdb_result result{};
    const std::string sql =
        "COPY (SELECT * FROM rows) TO '" + path + "' (FORMAT parquet, COMPRESSION zstd)";
    if (duckdb_query(duck.conn, sql.c_str(), &result) != DuckDBSuccess) {
      const char* error = duckdb_result_error(&result);
      status = Status::Internal(error != nullptr ? error : "COPY failed");
    }
    duckdb_destroy_result(&result);
  }
  if (real.release != nullptr) real.release(&real);
  return status;
}

}  // namespace trib::bench
