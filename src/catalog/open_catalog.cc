// OpenCatalog: picks the backend from the location and sizes the connection pool for it.
#include "catalog/catalog.h"
#include "catalog/connection_pool.h"
#include "catalog/postgres_connection.h"
#include "catalog/sql_catalog.h"
#include "catalog/sqlite_connection.h"

namespace trib {

namespace {

// In WAL mode SQLite readers run in parallel with each other and with the one writer (writers
// queue on BEGIN IMMEDIATE), so a few connections, each with its own statement cache, let
// request threads read without waiting on one lock. PostgreSQL serves several threads at once.
constexpr size_t kSqliteConnections = 64;
constexpr size_t kPostgresConnections = 8;

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Result<std::unique_ptr<Catalog>> OpenCatalog(const std::string& location) {
  if (StartsWith(location, "postgresql://") || StartsWith(location, "postgres://")) {
    auto pool = std::make_unique<ConnectionPool>(
        SqlDialect::kPostgres,
        [location]() -> Result<std::unique_ptr<SqlConnection>> {
          TRIB_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> connection,
                                PostgresConnection::Connect(location));
          return std::unique_ptr<SqlConnection>(std::move(connection));
        },
        kPostgresConnections);
    return SqlCatalog::Open(std::move(pool));
  }

  // Never echo the location: a URL may carry a password.
  if (location.find("://") != std::string::npos && !StartsWith(location, "sqlite:")) {
    return Status::InvalidArgument(
        "catalog",
        "unsupported catalog location; expected a file path, sqlite:PATH or "
        "postgresql://...");
  }
  std::string path = location;
  if (StartsWith(path, "sqlite:")) {
    path.erase(0, 7);
    if (StartsWith(path, "//")) path.erase(0, 2);  // "sqlite:///abs/path.db"
  }
  if (path.empty()) {
    return Status::InvalidArgument("catalog",
                                   "empty catalog location; expected a file path, "
                                   "sqlite:PATH or postgresql://...");
  }
  auto pool = std::make_unique<ConnectionPool>(
      SqlDialect::kSqlite,
      [path]() -> Result<std::unique_ptr<SqlConnection>> {
        TRIB_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> connection,
                              SqliteConnection::Open(path));
        return std::unique_ptr<SqlConnection>(std::move(connection));
      },
      kSqliteConnections);
  return SqlCatalog::Open(std::move(pool));
}

}  // namespace trib
