// Which driver reads a jdbc data source, and with what ConnectParams: parses its
// connection_string (a jdbc: URL) together with its arguments map. Pure: no I/O.
//
//   jdbc:postgresql://host[:port][/db][?k=v&...]   PostgreSQL (also jdbc:postgresql:db)
//   jdbc:mysql://... , jdbc:mariadb://...           MariaDB/MySQL (also jdbc:mariadb:<mode>://)
//   jdbc:sqlite:PATH, jdbc:sqlite:file:PATH[?k=v]   SQLite (empty or :memory: = in-memory)
//   jdbc:duckdb:PATH[?k=v]                          DuckDB (empty or :memory: = in-memory)
//   jdbc:odbc:<connection string or DSN name>       ODBC (a bare name becomes DSN=name)
//   jdbc:<other>://host[:port][/db][?k=v|;k=v]      ODBC with arguments.odbc_driver:
//                                                   Driver={..};Server=host;Port=..;Database=db
// Several hosts ("h1:5432,h2:5432"): only the first is used. Parameters from the URL and the
// arguments both become options; an argument wins over a URL parameter of the same key.
// arguments.user / arguments.password become ConnectParams.user / password. A URL carrying a
// password (a password/pwd/secret/token parameter, or user:password@) is refused. ODBC drivers
// and DSNs are names, never paths; FILEDSN, SAVEFILE and the like are refused
// (sql/odbc/odbc_attribute_rules.h).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"
#include "sql/sql_driver.h"

namespace trib::sql {

enum class SqlDriverKind { kPostgres, kMariaDb, kSqlite, kDuckDb, kOdbc };

// "postgresql", "mariadb", "sqlite", "duckdb", "odbc".
std::string_view SqlDriverKindName(SqlDriverKind kind);

// ODBC only: the driver and DSN names the connection string ends up with (either may be
// empty), and the field each came from, so the check against the system's registered drivers
// and DSNs (done where the system is visible) names the right field.
struct OdbcNames {
  std::string driver;
  std::string driver_field;
  std::string dsn;
  std::string dsn_field;
};

struct JdbcTarget {
  SqlDriverKind driver = SqlDriverKind::kOdbc;
  ConnectParams params;
  OdbcNames odbc;
};

// Errors are kInvalidArgument naming "connection_string" (or "arguments.<key>" for a bad
// argument); no message repeats a parameter value.
Result<JdbcTarget> ParseJdbcUrl(std::string_view url,
                                const std::map<std::string, std::string>& arguments);

}  // namespace trib::sql
