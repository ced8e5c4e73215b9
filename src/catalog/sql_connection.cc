#include "catalog/sql_connection.h"

#include <charconv>

namespace trib {

std::string TextAt(const SqlRow& row, size_t column) {
  if (column >= row.size()) return {};
  const SqlValue& value = row[column];
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* number = std::get_if<int64_t>(&value)) return std::to_string(*number);
  return {};
}

int64_t IntAt(const SqlRow& row, size_t column) {
  if (column >= row.size()) return 0;
  const SqlValue& value = row[column];
  if (const auto* number = std::get_if<int64_t>(&value)) return *number;
  if (const auto* text = std::get_if<std::string>(&value)) {
    int64_t parsed = 0;
    std::from_chars(text->data(), text->data() + text->size(), parsed);
    return parsed;
  }
  return 0;
}

bool IsNullAt(const SqlRow& row, size_t column) {
  return column >= row.size() || std::holds_alternative<std::monostate>(row[column]);
}

Status Reword(Status status, StatusCode code, Status replacement) {
  return status.code() == code ? std::move(replacement) : status;
}

}  // namespace trib
