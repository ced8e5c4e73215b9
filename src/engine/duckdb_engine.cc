#include "engine/duckdb_engine.h"

#include <duckdb.h>

#include <filesystem>
#include <set>

#include "columnar/arrow_handles.h"
#include "common/random.h"
#include "engine/arrow_scan_source.h"
#include "engine/duckdb_query_reader.h"

namespace trib::engine {

namespace {

namespace fs = std::filesystem;

// Views over Arrow streams live in this in-memory catalog, never in a database file: a view
// that points at a stream must not outlive the process.
constexpr const char* kScratchCatalog = "trib_scratch";

// The CSV reader's longest line and the JSON reader's largest object: DuckDB's defaults
// (2 MB, 16 MB) refuse rows tributary writes (10 MB text values are fine).
constexpr int64_t kMaxCsvLineBytes = 64 << 20;
constexpr int64_t kMaxJsonObjectBytes = 64 << 20;
// DuckDB's default buffer is 16 lines of the longest size (1 GiB here, over the engine's
// memory limit); two are enough for any line to fit.
constexpr int64_t kCsvBufferBytes = 2 * kMaxCsvLineBytes;

Result<std::string> CopyOptions(FileFormat format, const WriteFileOptions& options) {
  switch (format) {
    case FileFormat::kParquet: {
      static const std::set<std::string> codecs = {"uncompressed", "snappy",  "gzip",  "zstd",
                                                   "lz4",          "lz4_raw", "brotli"};
      if (codecs.count(options.parquet_compression) == 0) {
        return Status::InvalidArgument(
            "parquet_compression",
            "unknown Parquet compression '" + options.parquet_compression + "'");
      }
      std::string out = "FORMAT parquet, COMPRESSION " + options.parquet_compression;
      if (options.parquet_compression_level != 0) {
        out += ", COMPRESSION_LEVEL " + std::to_string(options.parquet_compression_level);
      }
      if (options.parquet_row_group_size > 0) {
        out += ", ROW_GROUP_SIZE " + std::to_string(options.parquet_row_group_size);
      }
      return out;
    }
    case FileFormat::kCsv: {
      const char d = options.csv_delimiter;
      if (d == '\0' || d == '\n' || d == '\r' || d == '"') {
        return Status::InvalidArgument("csv_delimiter",
                                       "a CSV delimiter cannot be a quote or a "
                                       "line break");
      }
      return "FORMAT csv, HEADER true, DELIMITER " + SqlLiteral(std::string(1, d));
    }
    case FileFormat::kJson:
      return std::string("FORMAT json");  // one object per line (ARRAY false)
  }
  return Status::InvalidArgument("format", "unknown file format");
}

// The type to read a JSON value as: DuckDB writes BLOBs into JSON as text with \xNN escapes,
// and only a cast from VARCHAR (not the JSON reader) turns such text back into the bytes.
std::string JsonReadTypeName(const ColumnType& type) {
  if (type.id == TypeId::kBinary) return "VARCHAR";
  if (type.id == TypeId::kList && type.element) return JsonReadTypeName(*type.element) + "[]";
  return DuckDbTypeName(type);
}

std::string ColumnsStruct(const Schema& columns, FileFormat format) {
  std::string out = "{";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    const std::string type = format == FileFormat::kJson ? JsonReadTypeName(columns[i].type)
                                                         : DuckDbTypeName(columns[i].type);
    out += SqlLiteral(columns[i].name) + ": " + SqlLiteral(type);
  }
  return out + "}";
}

// The select list: every column, cast back where it was read as another type.
std::string SelectList(const Schema& columns, FileFormat format) {
  if (columns.empty() || format != FileFormat::kJson) return "*";
  std::string out;
  for (const Column& column : columns) {
    if (!out.empty()) out += ", ";
    const std::string name = SqlIdentifier(column.name);
    const std::string type = DuckDbTypeName(column.type);
    out += JsonReadTypeName(column.type) == type ? name
                                                 : "CAST(" + name + " AS " + type + ") AS " + name;
  }
  return out;
}

std::string ScanSql(const std::string& path, FileFormat format, const ReadFileOptions& options) {
  const std::string file = SqlLiteral(path);
  const std::string select = "SELECT " + SelectList(options.columns, format) + " FROM ";
  std::string columns;
  if (!options.columns.empty()) columns = ", columns = " + ColumnsStruct(options.columns, format);
  switch (format) {
    case FileFormat::kParquet:
      return select + "read_parquet(" + file + ")";
    case FileFormat::kCsv:
      // The writer quotes empty strings and leaves NULLs empty: keep "" an empty string.
      return select + "read_csv(" + file + ", header = true, allow_quoted_nulls = false" +
             ", max_line_size = " + std::to_string(kMaxCsvLineBytes) +
             ", buffer_size = " + std::to_string(kCsvBufferBytes) + columns + ")";
    case FileFormat::kJson:
      return select + "read_json(" + file +
             ", format = 'newline_delimited', maximum_object_size = " +
             std::to_string(kMaxJsonObjectBytes) + columns + ")";
  }
  return "";
}

// Runs `sql` through the streaming path, which honours `cancel`, and drains its answer.
Status RunToEnd(const std::shared_ptr<DuckDbConnection>& conn, const std::string& sql,
                const std::shared_ptr<CancelToken>& cancel) {
  TRIB_ASSIGN_OR_RETURN(auto reader, StreamQuery(conn, sql, {0, cancel}, "path"));
  while (true) {
    ArrayHandle batch;
    TRIB_RETURN_IF_ERROR(reader->Next(batch.get()));
    if (!batch.valid()) return Status::Ok();
  }
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kParquet:
      return "parquet";
    case FileFormat::kCsv:
      return "csv";
    case FileFormat::kJson:
      return "json";
  }
  return "?";
}

std::string DuckDbTypeName(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBool:
      return "BOOLEAN";
    case TypeId::kInt8:
      return "TINYINT";
    case TypeId::kInt16:
      return "SMALLINT";
    case TypeId::kInt32:
      return "INTEGER";
    case TypeId::kInt64:
      return "BIGINT";
    case TypeId::kFloat32:
      return "FLOAT";
    case TypeId::kFloat64:
      return "DOUBLE";
    case TypeId::kDecimal128:
      return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case TypeId::kUtf8:
      return "VARCHAR";
    case TypeId::kBinary:
      return "BLOB";
    case TypeId::kDate32:
      return "DATE";
    case TypeId::kTime64Micro:
      return "TIME";
    case TypeId::kTimestampMicro:
      return type.timezone.empty() ? "TIMESTAMP" : "TIMESTAMPTZ";
    case TypeId::kList:
      return (type.element ? DuckDbTypeName(*type.element) : std::string("VARCHAR")) + "[]";
  }
  return "VARCHAR";
}

Status DuckDbEngine::CheckVersion() {
  return CheckVersion(duckdb_library_version(), TRIB_DUCKDB_VERSION);
}

Status DuckDbEngine::CheckVersion(std::string_view library_version,
                                  std::string_view pinned_version) {
  if (library_version == pinned_version) return Status::Ok();
  return Status::FailedPrecondition("the loaded DuckDB library is " + std::string(library_version) +
                                    " but tributary was built against DuckDB " +
                                    std::string(pinned_version) +
                                    "; install the pinned version (scripts/install-duckdb.sh)");
}

Result<std::unique_ptr<DuckDbEngine>> DuckDbEngine::Open(
    const std::string& path, const std::map<std::string, std::string>& config) {
  // Never fetch extensions from the network at run time: what the engine needs is built in.
  // DuckDB would let one engine take 80% of the machine's memory; the server runs an engine
  // per Parquet answer, so each gets a bound (a Parquet write of any size stays near 250 MB).
  // What does not fit spills to a directory of its own under the system's temp dir (an
  // in-memory DuckDB would use ./.tmp, and two engines must not share temp files).
  std::map<std::string, std::string> defaults = {{"autoinstall_known_extensions", "false"},
                                                 {"autoload_known_extensions", "false"},
                                                 {"memory_limit", kDefaultMemoryLimit}};
  if (path.empty() || path == ":memory:") {
    defaults["temp_directory"] =
        (std::filesystem::temp_directory_path() / ("trib-duckdb-" + RandomHex(8))).string();
  }
  TRIB_ASSIGN_OR_RETURN(auto db, DuckDbDatabase::Open(path, config, defaults));
  std::unique_ptr<DuckDbEngine> engine(new DuckDbEngine(std::move(db)));
  TRIB_ASSIGN_OR_RETURN(auto conn, engine->Connect());
  TRIB_RETURN_IF_ERROR(
      conn->Execute(std::string("ATTACH IF NOT EXISTS ':memory:' AS ") + kScratchCatalog));
  return engine;
}

Result<std::shared_ptr<DuckDbConnection>> DuckDbEngine::Connect() {
  return DuckDbConnection::Open(db_);
}

Status DuckDbEngine::WriteFile(ArrowArrayStream* stream, const std::string& path, FileFormat format,
                               const WriteFileOptions& options) {
  ArrowScanSource source(stream);  // owns the stream from here on, on every path
  if (path.empty()) return Status::InvalidArgument("path", "a file path is required");
  TRIB_ASSIGN_OR_RETURN(const std::string copy_options, CopyOptions(format, options));
  const fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    return Status(StatusCode::kNotFound, "the directory of '" + path + "' does not exist", "path");
  }

  TRIB_ASSIGN_OR_RETURN(auto conn, Connect());
  TRIB_RETURN_IF_ERROR(conn->Execute(std::string("USE ") + kScratchCatalog));
  const std::string view = "trib_write_" + RandomHex(8);
  TRIB_RETURN_IF_ERROR(source.CreateView(conn->get(), view));

  const std::string tmp = path + ".tmp-" + RandomHex(8);
  Status copied = RunToEnd(conn,
                           "COPY (SELECT * FROM " + SqlIdentifier(view) + ") TO " +
                               SqlLiteral(tmp) + " (" + copy_options + ")",
                           options.cancel);
  (void)conn->Execute("DROP VIEW IF EXISTS " + SqlIdentifier(view));
  if (!copied.ok()) {
    fs::remove(tmp, ec);
    const Status& failed = source.source_error();
    if (!failed.ok() && copied.code() != StatusCode::kCancelled) {
      return Status(failed.code(), "the rows to write could not be read: " + failed.message(),
                    "stream");
    }
    return copied;
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status(StatusCode::kUnavailable, "could not move the written file to '" + path + "'",
                  "path");
  }
  return Status::Ok();
}

Result<std::unique_ptr<BatchReader>> DuckDbEngine::OpenFile(const std::string& path,
                                                            FileFormat format,
                                                            const ReadFileOptions& options) {
  if (path.empty()) return Status::InvalidArgument("path", "a file path is required");
  std::error_code ec;
  if (path.find_first_of("*?[") == std::string::npos && !fs::is_regular_file(path, ec)) {
    return Status(StatusCode::kNotFound, "no file at '" + path + "'", "path");
  }
  TRIB_ASSIGN_OR_RETURN(auto conn, Connect());
  return StreamQuery(std::move(conn), ScanSql(path, format, options), {}, "path");
}

Status DuckDbEngine::ReadFile(const std::string& path, FileFormat format, ArrowArrayStream* out,
                              const ReadFileOptions& options) {
  out->release = nullptr;
  TRIB_ASSIGN_OR_RETURN(auto reader, OpenFile(path, format, options));
  ExportStream(std::move(reader), out);
  return Status::Ok();
}

}  // namespace trib::engine
