#include "sql/sql_driver.h"

namespace trib::sql {

std::string SqlSession::QuoteIdentifier(std::string_view identifier) const {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string SqlSession::QualifiedName(const TableRef& table) const {
  if (table.schema.empty()) return QuoteIdentifier(table.name);
  return QuoteIdentifier(table.schema) + "." + QuoteIdentifier(table.name);
}

std::string SqlSession::LimitQuery(const std::string& sql, int64_t limit) const {
  return "SELECT * FROM (" + sql + ") AS trib_limited LIMIT " + std::to_string(limit);
}

}  // namespace trib::sql
