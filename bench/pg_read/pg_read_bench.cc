// Reads a PostgreSQL table through the driver and drops the batches; prints one line of
// key=value figures (rows, seconds, rows_per_s, batches, peak_rss_mb) for bench/pg_read/run.sh.
//   pg_read_bench --host H --port P --user U --database D --table T --method table|query
//                 [--connections N] [--max-rows N]
// --method table: SqlSession::ReadTable (parallel ctid ranges over N connections);
// --method query: SqlSession::Query("SELECT * FROM T"), one COPY.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "columnar/arrow_handles.h"
#include "sql/postgres/postgres_session.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "pg_read_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args = {{"--host", "127.0.0.1"}, {"--port", "5432"},
                                             {"--user", "postgres"},  {"--database", "postgres"},
                                             {"--table", "bench"},    {"--method", "table"},
                                             {"--connections", "1"},  {"--max-rows", "65536"}};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (args.count(argv[i]) == 0) return Fail(std::string("unknown argument ") + argv[i]);
    args[argv[i]] = argv[i + 1];
  }
  trib::sql::ConnectParams params;
  params.host = args["--host"];
  params.port = std::atoi(args["--port"].c_str());
  params.user = args["--user"];
  params.database = args["--database"];
  params.options["read_connections"] = args["--connections"];
  if (const char* password = std::getenv("PGPASSWORD")) params.password = password;

  const auto start = std::chrono::steady_clock::now();
  auto session = trib::sql::ConnectPostgres(params);
  if (!session.ok()) return Fail(session.status().ToString());
  trib::sql::QueryOptions options;
  options.batch.max_rows = std::atoll(args["--max-rows"].c_str());
  const std::string table = args["--table"];
  auto reader =
      args["--method"] == "table"
          ? (*session)->ReadTable({"", table}, options)
          : (*session)->Query("SELECT * FROM " + (*session)->QuoteIdentifier(table), options);
  if (!reader.ok()) return Fail(reader.status().ToString());
  int64_t rows = 0;
  int64_t batches = 0;
  while (true) {
    trib::ArrayHandle batch;
    const trib::Status s = (*reader)->Next(batch.get());
    if (!s.ok()) return Fail(s.ToString());
    if (!batch.valid()) break;
    rows += batch->length;
    ++batches;
  }
  reader->reset();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("method=%s rows=%lld seconds=%.3f rows_per_s=%.0f batches=%lld peak_rss_mb=%.1f\n",
              args["--method"].c_str(), static_cast<long long>(rows), seconds, rows / seconds,
              static_cast<long long>(batches), usage.ru_maxrss / 1024.0);
  return 0;
}
