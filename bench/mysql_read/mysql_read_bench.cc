// Reads one query through the MySQL/MariaDB driver as an Arrow stream and drops the batches,
// as a consumer would. Connection from TRIB_TEST_MYSQL_* (tests/scripts/with_mariadb.sh).
// Prints one JSON line: rows, batches, seconds, rows_per_s, arrow_mb, peak_rss_mb.
//   mysql_read_bench "SELECT ..." [--text-protocol]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "columnar/arrow_handles.h"
#include "columnar/batch_reader.h"
#include "sql/mariadb/mariadb_driver.h"

namespace {

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) {
    std::fprintf(stderr, "mysql_read_bench: %s is not set\n", name);
    std::exit(2);
  }
  return v;
}

// Bytes of the value buffers of a batch and its children (what a consumer receives).
size_t BufferBytes(const ArrowArray& a, const ArrowSchema& s) {
  size_t n = 0;
  for (int64_t i = 0; i < a.n_children; ++i) {
    const ArrowArray& c = *a.children[i];
    const char* f = s.children[i]->format;
    if (std::strcmp(f, "u") == 0 || std::strcmp(f, "z") == 0) {
      n += static_cast<size_t>(static_cast<const int32_t*>(c.buffers[1])[c.length]);
      n += static_cast<size_t>(c.length + 1) * 4;
    } else if (std::strncmp(f, "d:", 2) == 0) {
      n += static_cast<size_t>(c.length) * 16;
    } else if (f[0] == 'l' || f[0] == 'g' || std::strncmp(f, "ts", 2) == 0 ||
               std::strncmp(f, "tt", 2) == 0) {
      n += static_cast<size_t>(c.length) * 8;
    } else {
      n += static_cast<size_t>(c.length) * 4;
    }
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: mysql_read_bench QUERY [--text-protocol]\n");
    return 2;
  }
  trib::sql::ConnectParams params;
  params.host = Env("TRIB_TEST_MYSQL_HOST");
  params.port = std::atoi(Env("TRIB_TEST_MYSQL_PORT"));
  params.user = Env("TRIB_TEST_MYSQL_USER");
  params.password = Env("TRIB_TEST_MYSQL_PASSWORD");
  params.database = Env("TRIB_TEST_MYSQL_DATABASE");
  if (argc > 2 && std::strcmp(argv[2], "--text-protocol") == 0) {
    params.options["useServerPrepStmts"] = "false";
  }

  const auto start = std::chrono::steady_clock::now();
  auto session = trib::sql::ConnectMariaDb(params);
  if (!session.ok()) {
    std::fprintf(stderr, "mysql_read_bench: %s\n", session.status().ToString().c_str());
    return 1;
  }
  auto reader = (*session)->Query(argv[1], {});
  if (!reader.ok()) {
    std::fprintf(stderr, "mysql_read_bench: %s\n", reader.status().ToString().c_str());
    return 1;
  }
  trib::StreamHandle stream;
  trib::ExportStream(std::move(reader).value(), stream.get());
  trib::StreamReader consumer(stream.get());
  trib::SchemaHandle schema;
  if (trib::Status st = consumer.GetSchema(schema.get()); !st.ok()) {
    std::fprintf(stderr, "mysql_read_bench: %s\n", st.ToString().c_str());
    return 1;
  }
  int64_t rows = 0, batches = 0;
  size_t bytes = 0;
  for (;;) {
    trib::ArrayHandle batch;
    if (trib::Status st = consumer.Next(batch.get()); !st.ok()) {
      std::fprintf(stderr, "mysql_read_bench: %s\n", st.ToString().c_str());
      return 1;
    }
    if (!batch.valid()) break;
    rows += batch->length;
    bytes += BufferBytes(*batch, *schema);
    ++batches;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "{\"rows\": %lld, \"batches\": %lld, \"seconds\": %.3f, \"rows_per_s\": %.0f, "
      "\"arrow_mb\": %.1f, \"cpu_s\": %.3f, \"peak_rss_mb\": %.1f}\n",
      static_cast<long long>(rows), static_cast<long long>(batches), seconds, rows / seconds,
      static_cast<double>(bytes) / (1 << 20),
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
      static_cast<double>(usage.ru_maxrss) / 1024);
  return 0;
}
