#include "sql/sqlite/sqlite_types.h"

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "common/strings.h"
#include "sql/text_values.h"

namespace trib::sql {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<int> Number(std::string_view s) {
  s = Trim(s);
  int value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// "DECIMAL(12,2)" / "NUMERIC(10)": decimal128 when the precision fits one.
std::optional<ColumnType> DecimalType(std::string_view args) {
  const size_t comma = args.find(',');
  const auto precision = Number(args.substr(0, comma));
  const auto scale =
      comma == std::string_view::npos ? std::optional<int>(0) : Number(args.substr(comma + 1));
  if (!precision || !scale || *precision < 1 || *precision > 38 || *scale < 0 ||
      *scale > *precision) {
    return std::nullopt;
  }
  return ColumnType::Decimal(*precision, *scale);
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// Whether a double holds `value` exactly.
bool ExactAsDouble(int64_t value) {
  constexpr int64_t kExact = int64_t{1} << 53;
  if (value >= -kExact && value <= kExact) return true;
  const auto d = static_cast<double>(value);
  // 2^63 itself is out of range for int64: anything that rounds to it is inexact.
  return d < 9223372036854775808.0 && static_cast<int64_t>(d) == value;
}

std::string_view Text(const SqliteCell& cell) {
  return {static_cast<const char*>(cell.bytes), cell.size};
}

// The exact text of a number, for decimal and text columns.
std::string NumberText(const SqliteCell& cell) {
  return cell.storage_class == SQLITE_INTEGER ? std::to_string(cell.integer)
                                              : FormatDouble(cell.real);
}

}  // namespace

SqliteColumnPlan PlanSqliteColumn(std::string_view declared_type) {
  const std::string lower = ToLower(Trim(declared_type));
  const size_t open = lower.find('(');
  const std::string_view name = Trim(std::string_view(lower).substr(0, open));
  std::string_view args;
  if (open != std::string::npos) {
    args = std::string_view(lower).substr(open + 1);
    args = args.substr(0, args.find(')'));
  }
  auto typed = [](ColumnType type) { return SqliteColumnPlan{false, std::move(type)}; };
  if (name.empty()) return {true, {}};
  // Names SQLite leaves to NUMERIC affinity but whose meaning is clear.
  if (name == "boolean" || name == "bool") return typed(ColumnType::Of(TypeId::kBool));
  if (name == "date") return typed(ColumnType::Of(TypeId::kDate32));
  if (name == "time") return typed(ColumnType::Of(TypeId::kTime64Micro));
  if (name == "datetime" || name == "timestamp" || name == "timestamp without time zone") {
    return typed(ColumnType::Timestamp(""));
  }
  if (name == "timestamptz" || name == "timestamp with time zone") {
    return typed(ColumnType::Timestamp("UTC"));
  }
  if (name == "numeric" || name == "decimal") {
    if (open == std::string::npos) return {true, {}};
    if (auto decimal = DecimalType(args)) return typed(*decimal);
    return {true, {}};
  }
  // SQLite's own affinity rules (https://sqlite.org/datatype3.html, 3.1), in their order.
  if (Contains(name, "int")) return typed(ColumnType::Of(TypeId::kInt64));
  if (Contains(name, "char") || Contains(name, "clob") || Contains(name, "text")) {
    return typed(ColumnType::Of(TypeId::kUtf8));
  }
  if (Contains(name, "blob")) return typed(ColumnType::Of(TypeId::kBinary));
  if (Contains(name, "real") || Contains(name, "floa") || Contains(name, "doub")) {
    return typed(ColumnType::Of(TypeId::kFloat64));
  }
  return {true, {}};  // NUMERIC affinity: the values say what they are
}

void SqliteValueKinds::Add(const SqliteCell& cell) {
  switch (cell.storage_class) {
    case SQLITE_INTEGER:
      integer = true;
      if (!ExactAsDouble(cell.integer)) inexact_integer = true;
      break;
    case SQLITE_FLOAT:
      real = true;
      break;
    case SQLITE_TEXT:
      text = true;
      break;
    case SQLITE_BLOB:
      blob = true;
      break;
    default:
      break;
  }
}

ColumnType SqliteValueKinds::Type() const {
  if (blob) return ColumnType::Of(TypeId::kBinary);
  if (text) return ColumnType::Of(TypeId::kUtf8);
  if (real) {
    // Mixed with integers a double cannot hold: text keeps every digit.
    return ColumnType::Of(inexact_integer ? TypeId::kUtf8 : TypeId::kFloat64);
  }
  if (integer) return ColumnType::Of(TypeId::kInt64);
  return ColumnType::Of(TypeId::kUtf8);
}

bool AppendSqliteCell(const SqliteCell& cell, ColumnBuilder& column) {
  const int cls = cell.storage_class;
  if (cls == SQLITE_NULL) {
    column.AppendNull();
    return true;
  }
  const bool number = cls == SQLITE_INTEGER || cls == SQLITE_FLOAT;
  switch (column.type().id) {
    case TypeId::kInt64:
      if (cls == SQLITE_INTEGER) {
        column.AppendFixed<int64_t>(cell.integer);
        return true;
      }
      // An integral double in range is the same number.
      if (cls == SQLITE_FLOAT && std::trunc(cell.real) == cell.real &&
          cell.real >= -9223372036854775808.0 && cell.real < 9223372036854775808.0) {
        column.AppendFixed<int64_t>(static_cast<int64_t>(cell.real));
        return true;
      }
      return false;
    case TypeId::kFloat64:
      if (cls == SQLITE_FLOAT) {
        column.AppendFixed<double>(cell.real);
        return true;
      }
      if (cls == SQLITE_INTEGER && ExactAsDouble(cell.integer)) {
        column.AppendFixed<double>(static_cast<double>(cell.integer));
        return true;
      }
      return false;
    case TypeId::kUtf8:
      if (cls == SQLITE_TEXT) {
        column.AppendBytes(cell.bytes, cell.size);
        return true;
      }
      if (number) {
        const std::string text = NumberText(cell);
        column.AppendBytes(text.data(), text.size());
        return true;
      }
      return false;  // a blob need not be text
    case TypeId::kBinary:
      if (cls == SQLITE_BLOB || cls == SQLITE_TEXT) {
        column.AppendBytes(cell.bytes, cell.size);
        return true;
      }
      return false;
    case TypeId::kBool:
      if (cls == SQLITE_INTEGER && (cell.integer == 0 || cell.integer == 1)) {
        column.AppendBool(cell.integer == 1);
        return true;
      }
      return false;
    case TypeId::kDate32:
      if (cls == SQLITE_TEXT) {
        if (const auto days = ParseDate(Text(cell))) {
          column.AppendFixed<int32_t>(*days);
          return true;
        }
      }
      return false;
    case TypeId::kTime64Micro:
      if (cls == SQLITE_TEXT) {
        if (const auto micros = ParseTime(Text(cell))) {
          column.AppendFixed<int64_t>(*micros);
          return true;
        }
      }
      return false;
    case TypeId::kTimestampMicro:
      if (cls == SQLITE_TEXT) {
        if (const auto micros = ParseTimestamp(Text(cell))) {
          column.AppendFixed<int64_t>(*micros);
          return true;
        }
      }
      return false;
    case TypeId::kDecimal128: {
      std::optional<Int128> value;
      if (cls == SQLITE_TEXT) {
        value = ParseDecimal(Text(cell), column.type().precision, column.type().scale);
      } else if (number) {
        value = ParseDecimal(NumberText(cell), column.type().precision, column.type().scale);
      }
      if (!value) return false;
      column.AppendFixed<Int128>(*value);
      return true;
    }
    default:
      return false;  // PlanSqliteColumn makes no other type
  }
}

std::string_view SqliteStorageClassName(int storage_class) {
  switch (storage_class) {
    case SQLITE_INTEGER:
      return "INTEGER";
    case SQLITE_FLOAT:
      return "REAL";
    case SQLITE_TEXT:
      return "TEXT";
    case SQLITE_BLOB:
      return "BLOB";
    default:
      return "NULL";
  }
}

}  // namespace trib::sql
