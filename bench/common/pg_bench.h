// What the PostgreSQL bench programs (pg_read_bench, pg_to_parquet_bench) share: their
// connection arguments and the parameters they make of them (the rest: bench_util.h).
#pragma once

#include <cstdlib>
#include <string>

#include "bench_util.h"
#include "sql/sql_driver.h"

namespace trib::bench {

// The connection and table arguments of every PostgreSQL bench with their defaults, plus the
// program's own (`extra`).
inline Args PgArgs(Args extra) {
  extra.insert({{"--host", "127.0.0.1"},
                {"--port", "5432"},
                {"--user", "postgres"},
                {"--database", "postgres"},
                {"--table", "bench"},
                {"--connections", "1"}});
  return extra;
}

// --host, --port, --user, --database and --connections (read_connections); the password, if
// any, from PGPASSWORD (never from the command line).
inline sql::ConnectParams PgConnectParams(const Args& args) {
  sql::ConnectParams params;
  params.host = args.at("--host");
  params.port = std::atoi(args.at("--port").c_str());
  params.user = args.at("--user");
  params.database = args.at("--database");
  params.options["read_connections"] = args.at("--connections");
  if (const char* password = std::getenv("PGPASSWORD")) params.password = password;
  return params;
}

}  // namespace trib::bench
