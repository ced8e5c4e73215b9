// bench/s3_write's program: writes --files objects of --rows-per-file generated rows each
// (the rows bench/s3_read generates) as Parquet to an s3 source, one Write per object, and
// prints one key=value line (method, rows, seconds, mb, mb_per_s, peak_rss_mb) for run.sh.
//   s3_write_bench --endpoint URL --bucket B --prefix P [--temp DIR --files N --rows-per-file R]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "s3_bench.h"

namespace {

constexpr char kProgram[] = "s3_write_bench";

}  // namespace

int main(int argc, char** argv) {
  using trib::bench::Fail;
  trib::bench::Args args = trib::bench::S3Args({});
  if (const std::string error = trib::bench::ParseArgs(argc, argv, &args); !error.empty()) {
    return Fail(kProgram, error);
  }
  const int files = std::atoi(args["--files"].c_str());
  const int64_t per_file = std::atoll(args["--rows-per-file"].c_str());
  const auto start = std::chrono::steady_clock::now();
  const trib::bench::ConnectorParts parts = trib::bench::S3Parts(args);
  auto connector = trib::bench::S3BenchConnector(parts, args);
  if (!connector.ok()) return Fail(kProgram, connector.status().ToString());
  int64_t rows = 0;
  int64_t bytes = 0;
  for (int i = 0; i < files; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "part-%02d.parquet", i);
    trib::WriteRequest request;
    request.path = name;
    request.data_format = "parquet";
    request.mode = "overwrite";
    request.rows = [i, per_file](ArrowArrayStream* out) {
      trib::ExportStream(std::make_unique<trib::bench::GeneratedRows>(i * per_file, per_file), out);
      return trib::Status::Ok();
    };
    auto written = (*connector)->Write(request);
    if (!written.ok()) return Fail(kProgram, written.status().ToString());
    rows += written->rows;
    bytes += written->bytes;
  }
  const double seconds = trib::bench::SecondsSince(start);
  const double mb = static_cast<double>(bytes) / 1048576.0;
  std::printf("method=ours rows=%lld seconds=%.3f mb=%.1f mb_per_s=%.1f peak_rss_mb=%.1f\n",
              static_cast<long long>(rows), seconds, mb, mb / seconds, trib::bench::PeakRssMb());
  return 0;
}
