#include "sql/sql_drivers.h"

#include "sql/duckdb/duckdb_session.h"
#include "sql/mariadb/mariadb_driver.h"
#include "sql/odbc/odbc_session.h"
#include "sql/postgres/postgres_session.h"
#include "sql/sqlite/sqlite_session.h"

namespace trib::sql {

Result<std::unique_ptr<SqlSession>> ConnectDriver(SqlDriverKind driver,
                                                  const ConnectParams& params) {
  switch (driver) {
    case SqlDriverKind::kPostgres:
      return ConnectPostgres(params, PostgresMode::kCopy);
    case SqlDriverKind::kMariaDb:
      return ConnectMariaDb(params);
    case SqlDriverKind::kSqlite:
      return ConnectSqlite(params);
    case SqlDriverKind::kDuckDb:
      return ConnectDuckDb(params);
    case SqlDriverKind::kOdbc:
      return ConnectOdbc(params);
  }
  return Status::Internal("unknown SQL driver");
}

std::string_view JdbcDriverClass(SqlDriverKind driver) {
  switch (driver) {
    case SqlDriverKind::kPostgres:
      return "org.postgresql.Driver";
    case SqlDriverKind::kMariaDb:
      return "org.mariadb.jdbc.Driver";
    case SqlDriverKind::kSqlite:
      return "org.sqlite.JDBC";
    case SqlDriverKind::kDuckDb:
      return "org.duckdb.DuckDBDriver";
    case SqlDriverKind::kOdbc:
      return "";
  }
  return "";
}

std::optional<std::string> KnownIdentifierQuote(SqlDriverKind driver) {
  switch (driver) {
    case SqlDriverKind::kPostgres:
    case SqlDriverKind::kSqlite:
    case SqlDriverKind::kDuckDb:
      return "\"";
    case SqlDriverKind::kMariaDb:
      return "`";  // a quote in any sql_mode, ANSI_QUOTES or not
    case SqlDriverKind::kOdbc:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace trib::sql
