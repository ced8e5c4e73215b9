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

#include "common/status.h"
#include "sql/jdbc_url.h"

namespace trib::sql {

enum class OptionKind { kText, kInteger, kBoolean, kChoice, kProjectFile };

struct DriverOption {
  std::string_view name;
  OptionKind kind = OptionKind::kText;
  std::string_view description;
  std::vector<std::string_view> choices = {};  // kChoice: the accepted values
  bool secret = false;                         // stored sealed, answered as "<redacted>"
  int64_t max = 0;                             // kInteger: the largest value (0: no bound)
};

// "text", "integer", "boolean", "choice", "project_file".
std::string_view OptionKindName(OptionKind kind);

// The declared options of `driver`; empty for ODBC.
const std::vector<DriverOption>& DriverOptions(SqlDriverKind driver);

// The declaration `key` matches (PostgreSQL and SQLite: exact; MySQL/MariaDB: any case, '-'
// and '_' ignored, as Connector/J spellings vary; DuckDB: any case), or null.
const DriverOption* FindDriverOption(SqlDriverKind driver, std::string_view key);

// Every key of `options` is declared for `driver` and its value has the declared kind. Errors
// name "arguments.<key>" when the key came from `arguments`, else "connection_string" (a URL
// parameter), list the allowed keys, and never repeat a value.
Status CheckDriverOptions(SqlDriverKind driver, const std::map<std::string, std::string>& options,
                          const std::map<std::string, std::string>& arguments);

}  // namespace trib::sql
