// bench/hopsfs_parquet's programs: --rows generated rows (8 columns) written as Parquet to a
// hopsfs source and read back into Arrow batches (dropped), and the same done by DuckDB
// directly (C API: COPY ... TO, read_parquet). Prints one key=value line (method, rows,
// seconds, rows_per_s, mb, peak_rss_mb) for run.sh.
//   hopsfs_parquet_bench --mode write_ours|read_ours --root FILES_ROOT [--temp DIR]
//       the source /Projects/bench/Resources under FILES_ROOT; the file bench/data.parquet
//   hopsfs_parquet_bench --mode write_duckdb|read_duckdb --file PATH
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "connectors/hopsfs/hopsfs_connector.h"
#include "file_bench.h"

namespace {

constexpr char kProgram[] = "hopsfs_parquet_bench";
constexpr char kProject[] = "bench";
constexpr char kSourcePath[] = "/Projects/bench/Resources";
constexpr char kFile[] = "bench/data.parquet";

namespace fs = std::filesystem;

}  // namespace

int main(int argc, char** argv) {
  using trib::bench::Fail;
  trib::bench::Args args = {{"--mode", "write_ours"},
                            {"--root", ""},
                            {"--temp", "/tmp"},
                            {"--file", ""},
                            {"--rows", "10000000"}};
  if (const std::string error = trib::bench::ParseArgs(argc, argv, &args); !error.empty()) {
    return Fail(kProgram, error);
  }
  const std::string mode = args["--mode"];
  const int64_t rows_wanted = std::atoll(args["--rows"].c_str());
  std::string file = args["--file"];
  const auto start = std::chrono::steady_clock::now();
  int64_t rows = 0;

  if (mode == "write_duckdb") {
    const trib::Status written = trib::bench::DuckDbCopyTo(
        std::make_unique<trib::bench::GeneratedRows>(0, rows_wanted), file);
    if (!written.ok()) return Fail(kProgram, written.ToString());
    rows = rows_wanted;
  } else if (mode == "read_duckdb") {
    auto read = trib::bench::DuckDbReadArrow("SELECT * FROM read_parquet('" + file + "')");
    if (!read.ok()) return Fail(kProgram, read.status().ToString());
    rows = *read;
  } else if (mode == "write_ours" || mode == "read_ours") {
    trib::bench::ConnectorParts parts;
    parts.definition.name = "bench";
    parts.definition.type = "hopsfs";
    parts.definition.config = trib::Json{{"hopsfs_path", kSourcePath}};
    trib::ConnectorInput input = trib::bench::MakeInput(parts, args["--temp"]);
    input.project = kProject;
    input.files_root = args["--root"];
    auto connector = trib::MakeHopsfsConnector(input);
    if (!connector.ok()) return Fail(kProgram, connector.status().ToString());
    if (mode == "write_ours") {
      trib::WriteRequest request;
      request.path = kFile;
      request.data_format = "parquet";
      request.mode = "overwrite";
      request.rows = [rows_wanted](ArrowArrayStream* out) {
        trib::ExportStream(std::make_unique<trib::bench::GeneratedRows>(0, rows_wanted), out);
        return trib::Status::Ok();
      };
      auto written = (*connector)->Write(request);
      if (!written.ok()) return Fail(kProgram, written.status().ToString());
      rows = written->rows;
    } else {
      trib::ReadRequest request;
      request.payload = trib::FileRead{.path = kFile, .data_format = "parquet"};
      auto reader = (*connector)->Read(request);
      if (!reader.ok()) return Fail(kProgram, reader.status().ToString());
      const auto drained = trib::bench::Drain(**reader);
      if (!drained.ok()) return Fail(kProgram, drained.status().ToString());
      rows = drained->rows;
    }
    file = (fs::path(args["--root"]) / "Projects" / kProject / "Resources" / kFile).string();
  } else {
    return Fail(kProgram, "--mode is write_ours, read_ours, write_duckdb or read_duckdb");
  }
  const double seconds = trib::bench::SecondsSince(start);
  std::error_code ec;
  const double mb = static_cast<double>(fs::file_size(file, ec)) / 1048576.0;
  std::printf("method=%s rows=%lld seconds=%.3f rows_per_s=%.0f mb=%.1f peak_rss_mb=%.1f\n",
              mode.c_str(), static_cast<long long>(rows), seconds, rows / seconds, mb,
              trib::bench::PeakRssMb());
  return 0;
}
