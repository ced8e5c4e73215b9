// tributary's file-format engine: DuckDB (C API, pinned LTS) writes Arrow streams to Parquet,
// CSV or JSON files and reads such files back as Arrow streams.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "columnar/arrow_c_abi.h"
#include "columnar/batch_reader.h"
#include "columnar/column_type.h"
#include "common/cancel.h"
#include "common/status.h"
#include "engine/duckdb_database.h"

namespace trib::engine {

enum class FileFormat {
  kParquet,  // zstd-compressed by default
  kCsv,      // with a header row
  kJson,     // newline-delimited JSON: one object per row
};

std::string_view FileFormatName(FileFormat format);  // "parquet", "csv", "json"

struct WriteFileOptions {
  // Parquet: uncompressed | snappy | gzip | zstd | lz4 | lz4_raw | brotli.
  std::string parquet_compression = "zstd";
  int parquet_compression_level = 0;   // 0: DuckDB's default for the codec
  int64_t parquet_row_group_size = 0;  // rows; 0: DuckDB's default (122880)
  char csv_delimiter = ',';
  // Stops the write (kCancelled, no file left); may be null.
  std::shared_ptr<CancelToken> cancel;
};

struct ReadFileOptions {
  // CSV and JSON only (Parquet carries its own types): the columns and types to read, e.g.
  // the schema the file was written with, so values come back with their written types
  // instead of the types DuckDB would guess. Empty: DuckDB detects them.
  Schema columns;
};

class DuckDbEngine {
 public:
  // Start-up check: the loaded libduckdb must be the version tributary was built against
  // (TRIB_DUCKDB_VERSION), else kFailedPrecondition naming both.
  static Status CheckVersion();
  static Status CheckVersion(std::string_view library_version, std::string_view pinned_version);

  // DuckDB's memory_limit unless `config` names one.
  static constexpr char kDefaultMemoryLimit[] = "512MB";

  // `path` "" keeps the engine's database in memory; `config` holds DuckDB options (see
  // DuckDbDatabase::Open).
  static Result<std::unique_ptr<DuckDbEngine>> Open(
      const std::string& path = "", const std::map<std::string, std::string>& config = {});

  // Consumes `stream` (it is released, whatever happens) and writes its rows to `path`. The
  // rows go to `path` + ".tmp-<random>" first, renamed to `path` only once complete: a failure
  // (missing directory, a source error mid-way, a cancel) leaves neither file behind. DuckDB
  // pulls the batches from its worker threads, one call at a time.
  Status WriteFile(ArrowArrayStream* stream, const std::string& path, FileFormat format,
                   const WriteFileOptions& options = {});

  // Opens `path` and streams its rows into `out` (which the caller releases); batches are read
  // from the file as the consumer pulls them. The stream does not need this engine to live on.
  Status ReadFile(const std::string& path, FileFormat format, ArrowArrayStream* out,
                  const ReadFileOptions& options = {});
  Result<std::unique_ptr<BatchReader>> OpenFile(const std::string& path, FileFormat format,
                                                const ReadFileOptions& options = {});

  // A fresh connection on the engine's database, for SQL of the engine's own.
  Result<std::shared_ptr<DuckDbConnection>> Connect();

 private:
  explicit DuckDbEngine(std::shared_ptr<DuckDbDatabase> db) : db_(std::move(db)) {}

  std::shared_ptr<DuckDbDatabase> db_;
};

// The DuckDB type that holds `type` ("BIGINT", "DECIMAL(12,2)", "TIMESTAMPTZ", "INTEGER[]").
std::string DuckDbTypeName(const ColumnType& type);

}  // namespace trib::engine
