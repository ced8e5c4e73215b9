#include "sql/sql_driver.h"

namespace trib::sql {

std::string QuoteIdentifier(std::string_view identifier, std::string_view quote) {
  if (quote.empty()) return std::string(identifier);
  std::string out(quote);
  for (size_t i = 0; i < identifier.size(); ++i) {
    if (identifier.compare(i, quote.size(), quote) == 0) {
      out += quote;  // doubled, as SQL escapes a quote inside a quoted name
      out += quote;
      i += quote.size() - 1;
    } else {
      out += identifier[i];
    }
  }
  out += quote;
  return out;
}

std::string QualifiedName(const TableRef& table, std::string_view quote) {
  if (table.schema.empty()) return QuoteIdentifier(table.name, quote);
  return QuoteIdentifier(table.schema, quote) + "." + QuoteIdentifier(table.name, quote);
}

std::string SqlSession::LimitQuery(const std::string& sql, int64_t limit) const {
  return "SELECT * FROM (" + sql + ") AS trib_limited LIMIT " + std::to_string(limit);
}

}  // namespace trib::sql
