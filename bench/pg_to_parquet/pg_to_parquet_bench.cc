// Reads a PostgreSQL table through the driver (ReadTable, parallel ctid ranges) and writes it to
// a zstd Parquet file with the DuckDB engine, end to end; prints one key=value line (rows,
// seconds, rows_per_s, file_mb, peak_rss_mb, file_rows read back) for bench/pg_to_parquet/run.sh.
//   pg_to_parquet_bench --host H --port P --user U --database D --table T --out FILE
//                       [--connections N] [--duckdb key=value,...]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "columnar/batch_reader.h"
#include "engine/duckdb_engine.h"
#include "pg_bench.h"
#include "sql/postgres/postgres_session.h"

namespace {

constexpr char kProgram[] = "pg_to_parquet_bench";

// Counts the rows that pass through to the engine.
class CountingReader final : public trib::BatchReader {
 public:
  CountingReader(std::unique_ptr<trib::BatchReader> inner, std::atomic<int64_t>* rows)
      : inner_(std::move(inner)), rows_(rows) {}
  trib::Status GetSchema(ArrowSchema* out) override { return inner_->GetSchema(out); }
  trib::Status Next(ArrowArray* out) override {
    trib::Status s = inner_->Next(out);
    if (s.ok() && out->release != nullptr) *rows_ += out->length;
    return s;
  }

 private:
  std::unique_ptr<trib::BatchReader> inner_;
  std::atomic<int64_t>* rows_;
};

}  // namespace

int main(int argc, char** argv) {
  using trib::bench::Fail;
  trib::bench::Args args = trib::bench::PgArgs({{"--out", "bench.parquet"}, {"--duckdb", ""}});
  if (const std::string error = trib::bench::ParseArgs(argc, argv, &args); !error.empty()) {
    return Fail(kProgram, error);
  }
  const trib::sql::ConnectParams params = trib::bench::PgConnectParams(args);

  const auto start = std::chrono::steady_clock::now();
  // --duckdb "key=value,key=value": DuckDB settings for the engine (e.g. memory_limit=256MB).
  std::map<std::string, std::string> config;
  for (size_t at = 0; at < args["--duckdb"].size();) {
    const size_t comma = std::min(args["--duckdb"].find(',', at), args["--duckdb"].size());
    const std::string item = args["--duckdb"].substr(at, comma - at);
    const size_t eq = item.find('=');
    if (eq == std::string::npos) return Fail(kProgram, "--duckdb wants key=value pairs");
    config[item.substr(0, eq)] = item.substr(eq + 1);
    at = comma + 1;
  }
  auto engine = trib::engine::DuckDbEngine::Open("", config);
  if (!engine.ok()) return Fail(kProgram, engine.status().ToString());
  auto session = trib::sql::ConnectPostgres(params);
  if (!session.ok()) return Fail(kProgram, session.status().ToString());
  auto reader = (*session)->ReadTable({"", args["--table"]}, {});
  if (!reader.ok()) return Fail(kProgram, reader.status().ToString());
  std::atomic<int64_t> rows{0};
  ArrowArrayStream stream;
  trib::ExportStream(std::make_unique<CountingReader>(std::move(*reader), &rows), &stream);
  const trib::Status written =
      (*engine)->WriteFile(&stream, args["--out"], trib::engine::FileFormat::kParquet);
  if (!written.ok()) return Fail(kProgram, written.ToString());
  const double seconds = trib::bench::SecondsSince(start);
  const double peak_rss_mb = trib::bench::PeakRssMb();
  // Not timed: the file holds every row.
  auto back = (*engine)->OpenFile(args["--out"], trib::engine::FileFormat::kParquet);
  if (!back.ok()) return Fail(kProgram, back.status().ToString());
  const auto file = trib::bench::Drain(**back);
  if (!file.ok()) return Fail(kProgram, file.status().ToString());
  std::printf(
      "method=parquet rows=%lld seconds=%.3f rows_per_s=%.0f file_mb=%.1f "
      "peak_rss_mb=%.1f file_rows=%lld\n",
      static_cast<long long>(rows.load()), seconds, rows.load() / seconds,
      std::filesystem::file_size(args["--out"]) / 1048576.0, peak_rss_mb,
      static_cast<long long>(file->rows));
  return 0;
}
