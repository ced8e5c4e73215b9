// Reads a PostgreSQL table through the driver and drops the batches; prints one line of
// key=value figures (rows, seconds, rows_per_s, batches, peak_rss_mb) for bench/pg_read/run.sh.
//   pg_read_bench --host H --port P --user U --database D --table T --method table|query
//                 [--connections N] [--max-rows N]
// --method table: SqlSession::ReadTable (parallel ctid ranges over N connections);
// --method query: SqlSession::Query("SELECT * FROM T"), one COPY.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "pg_bench.h"
#include "sql/postgres/postgres_session.h"

namespace {

constexpr char kProgram[] = "pg_read_bench";

}  // namespace

int main(int argc, char** argv) {
  using trib::bench::Fail;
  trib::bench::Args args = trib::bench::PgArgs({{"--method", "table"}, {"--max-rows", "65536"}});
  if (const std::string error = trib::bench::ParseArgs(argc, argv, &args); !error.empty()) {
    return Fail(kProgram, error);
  }
  const trib::sql::ConnectParams params = trib::bench::PgConnectParams(args);

  const auto start = std::chrono::steady_clock::now();
  auto session = trib::sql::ConnectPostgres(params);
  if (!session.ok()) return Fail(kProgram, session.status().ToString());
  trib::sql::QueryOptions options;
  options.batch.max_rows = std::atoll(args["--max-rows"].c_str());
  const std::string table = args["--table"];
  auto reader =
      args["--method"] == "table"
          ? (*session)->ReadTable({"", table}, options)
          : (*session)->Query("SELECT * FROM " + (*session)->QuoteIdentifier(table), options);
  if (!reader.ok()) return Fail(kProgram, reader.status().ToString());
  const auto drained = trib::bench::Drain(**reader);
  if (!drained.ok()) return Fail(kProgram, drained.status().ToString());
  reader->reset();
  const double seconds = trib::bench::SecondsSince(start);
  std::printf("method=%s rows=%lld seconds=%.3f rows_per_s=%.0f batches=%lld peak_rss_mb=%.1f\n",
              args["--method"].c_str(), static_cast<long long>(drained->rows), seconds,
              drained->rows / seconds, static_cast<long long>(drained->batches),
              trib::bench::PeakRssMb());
  return 0;
}
