// The options each native SQL driver takes (URL parameters and `arguments` of a jdbc source),
// declared once. The table is the allowlist checked when a definition is written and again when
// it is used, what GET /datasource-types and docs/datasource-types.md show, and it says which
// values are secrets and which name files (those must lie in the project's own directory).
// ODBC has no table: its attributes belong to the registered driver (see odbc_connection_string).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/option_table.h"
#include "common/status.h"
#include "sql/jdbc_url.h"

namespace trib::sql {

using DriverOption = OptionSpec;
using trib::OptionKind;
using trib::OptionKindName;

// The declared options of `driver`; empty for ODBC.
const OptionTable& DriverOptionTable(SqlDriverKind driver);
inline const std::vector<DriverOption>& DriverOptions(SqlDriverKind driver) {
  return DriverOptionTable(driver).options;
}

// The declaration `key` matches (PostgreSQL and SQLite: exact; MySQL/MariaDB: any case, '-'
// and '_' ignored, as Connector/J spellings vary; DuckDB: any case), or null.
const DriverOption* FindDriverOption(SqlDriverKind driver, std::string_view key);

// Every key of `options` is declared for `driver` and its value has the declared kind. Errors
// name "arguments.<key>" when the key came from `arguments`, else "connection_string" (a URL
// parameter), list the allowed keys, and never repeat a value.
Status CheckDriverOptions(SqlDriverKind driver, const std::map<std::string, std::string>& options,
                          const std::map<std::string, std::string>& arguments);

}  // namespace trib::sql
