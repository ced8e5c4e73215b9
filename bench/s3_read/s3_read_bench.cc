// bench/s3_read's programs; each prints one key=value line (method, rows, seconds, mb_per_s,
// peak_rss_mb) for run.sh.
//   s3_read_bench --mode generate --dir D [--files N --rows-per-file R]
//       writes D/part-NN.parquet (generated rows, zstd, by the engine tributary writes with)
//   s3_read_bench --mode ours --endpoint URL --bucket B --prefix P [--temp DIR]
//       reads every file below P of an s3 source into Arrow batches and drops them
//   s3_read_bench --mode duckdb_local --dir D
//       DuckDB (C API) reads D/*.parquet into Arrow batches and drops them: the ceiling
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/duckdb_engine.h"
#include "s3_bench.h"

namespace {

constexpr char kProgram[] = "s3_read_bench";
namespace fs = std::filesystem;

// `opened_seconds`: until the reader was there (ours: the objects spooled), 0 for the others.
void Print(const char* method, int64_t rows, double seconds, double mb, double opened_seconds = 0) {
  std::printf(
      "method=%s rows=%lld seconds=%.3f mb=%.1f mb_per_s=%.1f peak_rss_mb=%.1f "
      "opened_seconds=%.3f\n",
      method, static_cast<long long>(rows), seconds, mb, mb / seconds, trib::bench::PeakRssMb(),
      opened_seconds);
}

double DirMb(const std::string& dir) {
  double bytes = 0;
  for (const auto& entry : fs::directory_iterator(dir)) bytes += entry.file_size();
  return bytes / 1048576.0;
}

}  // namespace

int main(int argc, char** argv) {
  using trib::bench::Fail;
  trib::bench::Args args = trib::bench::S3Args({{"--mode", "ours"}, {"--dir", ""}});
  if (const std::string error = trib::bench::ParseArgs(argc, argv, &args); !error.empty()) {
    return Fail(kProgram, error);
  }
  const std::string mode = args["--mode"];
  const auto start = std::chrono::steady_clock::now();

  if (mode == "generate") {
    const int files = std::atoi(args["--files"].c_str());
    const int64_t per_file = std::atoll(args["--rows-per-file"].c_str());
    auto engine = trib::engine::DuckDbEngine::Open();
    if (!engine.ok()) return Fail(kProgram, engine.status().ToString());
    for (int i = 0; i < files; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "part-%02d.parquet", i);
      ArrowArrayStream stream;
      trib::ExportStream(std::make_unique<trib::bench::GeneratedRows>(i * per_file, per_file),
                         &stream);
      const trib::Status written = (*engine)->WriteFile(
          &stream, (fs::path(args["--dir"]) / name).string(), trib::engine::FileFormat::kParquet);
      if (!written.ok()) return Fail(kProgram, written.ToString());
    }
    Print("generate", files * per_file, trib::bench::SecondsSince(start), DirMb(args["--dir"]));
    return 0;
  }

  if (mode == "duckdb_local") {
    const std::string glob = (fs::path(args["--dir"]) / "*.parquet").string();
    auto rows = trib::bench::DuckDbReadArrow("SELECT * FROM read_parquet('" + glob + "')");
    if (!rows.ok()) return Fail(kProgram, rows.status().ToString());
    Print("duckdb_local", *rows, trib::bench::SecondsSince(start), DirMb(args["--dir"]));
    return 0;
  }

  if (mode != "ours") return Fail(kProgram, "--mode is generate, ours or duckdb_local");
  const trib::bench::ConnectorParts parts = trib::bench::S3Parts(args);
  auto connector = trib::bench::S3BenchConnector(parts, args);
  if (!connector.ok()) return Fail(kProgram, connector.status().ToString());
  trib::ReadRequest request;
  request.payload = trib::FileRead{.path = "", .data_format = "parquet"};
  auto reader = (*connector)->Read(request);
  if (!reader.ok()) return Fail(kProgram, reader.status().ToString());
  // Read answers once the objects are spooled and DuckDB has opened them.
  const double opened_seconds = trib::bench::SecondsSince(start);
  const auto drained = trib::bench::Drain(**reader);
  if (!drained.ok()) return Fail(kProgram, drained.status().ToString());
  reader->reset();
  const double seconds = trib::bench::SecondsSince(start);
  // --dir: the same files on local disk, to count the megabytes read.
  Print("ours", drained->rows, seconds, args["--dir"].empty() ? 0 : DirMb(args["--dir"]),
        opened_seconds);
  return 0;
}
