#include "sql/mariadb/mariadb_columns.h"

#include <algorithm>

namespace trib::sql::mariadb {
namespace {

constexpr unsigned kBinaryCharset = 63;  // charsetnr of binary strings and of non-strings

ColumnType TypeOf(WireKind kind, const ColumnPlan& plan, int32_t precision, bool binary, bool utc) {
  switch (kind) {
    case WireKind::kTiny:
      return ColumnType::Of(TypeId::kInt8);
    case WireKind::kUTiny:
    case WireKind::kShort:
      return ColumnType::Of(TypeId::kInt16);
    case WireKind::kUShort:
    case WireKind::kLong:
      return ColumnType::Of(TypeId::kInt32);
    case WireKind::kULong:
    case WireKind::kLongLong:
    case WireKind::kBitInt64:
      return ColumnType::Of(TypeId::kInt64);
    case WireKind::kULongLong:
      return ColumnType::Decimal(20, 0);
    case WireKind::kFloat:
      return ColumnType::Of(TypeId::kFloat32);
    case WireKind::kDouble:
      return ColumnType::Of(TypeId::kFloat64);
    case WireKind::kDecimal:
      return ColumnType::Decimal(precision, plan.scale);
    case WireKind::kBitBool:
      return ColumnType::Of(TypeId::kBool);
    case WireKind::kDate:
      return ColumnType::Of(TypeId::kDate32);
    case WireKind::kDatetime:
      return ColumnType::Timestamp(utc ? "UTC" : "");
    case WireKind::kTime:
      return ColumnType::Of(TypeId::kTime64Micro);
    case WireKind::kBytes:
      break;
  }
  return ColumnType::Of(binary ? TypeId::kBinary : TypeId::kUtf8);
}

}  // namespace

ColumnPlan PlanColumn(const MYSQL_FIELD& field, Column* column) {
  const bool is_unsigned = (field.flags & UNSIGNED_FLAG) != 0;
  bool binary = field.charsetnr == kBinaryCharset;
  bool utc = false;
  int32_t precision = 0;
  ColumnPlan plan;
  switch (field.type) {
    case MYSQL_TYPE_TINY:
      plan.kind = is_unsigned ? WireKind::kUTiny : WireKind::kTiny;
      break;
    case MYSQL_TYPE_SHORT:
      plan.kind = is_unsigned ? WireKind::kUShort : WireKind::kShort;
      break;
    case MYSQL_TYPE_YEAR:
      plan.kind = WireKind::kShort;
      break;
    case MYSQL_TYPE_INT24:  // 24 bits fit an int32 either way
      plan.kind = WireKind::kLong;
      break;
    case MYSQL_TYPE_LONG:
      plan.kind = is_unsigned ? WireKind::kULong : WireKind::kLong;
      break;
    case MYSQL_TYPE_LONGLONG:
      plan.kind = is_unsigned ? WireKind::kULongLong : WireKind::kLongLong;
      break;
    case MYSQL_TYPE_FLOAT:
      plan.kind = WireKind::kFloat;
      break;
    case MYSQL_TYPE_DOUBLE:
      plan.kind = WireKind::kDouble;
      break;
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL: {
      // The display length counts a sign (unless unsigned) and a point (if there is a scale).
      const int64_t length = static_cast<int64_t>(field.length);
      const int32_t scale = static_cast<int32_t>(field.decimals);
      precision = static_cast<int32_t>(length - (scale > 0 ? 1 : 0) - (is_unsigned ? 0 : 1));
      precision = std::max({precision, scale, 1});
      if (precision <= 38) {
        plan.kind = WireKind::kDecimal;
        plan.scale = scale;
      } else {
        binary = false;  // beyond decimal128: the exact text
      }
      break;
    }
    case MYSQL_TYPE_BIT:
      plan.kind = field.length == 1 ? WireKind::kBitBool : WireKind::kBitInt64;
      break;
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
      plan.kind = WireKind::kDate;
      break;
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_DATETIME2:
      plan.kind = WireKind::kDatetime;
      break;
    case MYSQL_TYPE_TIMESTAMP:
    case MYSQL_TYPE_TIMESTAMP2:
      plan.kind = WireKind::kDatetime;
      utc = true;  // the session's time_zone is +00:00
      break;
    case MYSQL_TYPE_TIME:
    case MYSQL_TYPE_TIME2:
      plan.kind = WireKind::kTime;
      break;
    case MYSQL_TYPE_JSON:  // MySQL labels JSON binary; its text is UTF-8
    case MYSQL_TYPE_NULL:  // SELECT NULL: all nulls, typed as text
      binary = false;
      break;
    default:
      // CHAR/VARCHAR/TEXT/ENUM/SET (and MariaDB's UUID, INET6, JSON) by charset; BINARY,
      // VARBINARY, BLOB and GEOMETRY (binary charset) as bytes.
      break;
  }
  column->name.assign(field.name, field.name_length);
  column->type = TypeOf(plan.kind, plan, precision, binary, utc);
  // Zero dates read as null, so a NOT NULL date column may still hold nulls here.
  column->nullable = (field.flags & NOT_NULL_FLAG) == 0 || plan.kind == WireKind::kDate ||
                     plan.kind == WireKind::kDatetime;
  return plan;
}

void PlanColumns(const MYSQL_FIELD* fields, unsigned count, std::vector<ColumnPlan>* plans,
                 Schema* schema) {
  plans->resize(count);
  schema->resize(count);
  for (unsigned i = 0; i < count; ++i) (*plans)[i] = PlanColumn(fields[i], &(*schema)[i]);
}

Status DecodeError(const Column& column, Decoded what) {
  if (what == Decoded::kTimeOutOfRange) {
    return Status::InvalidArgument(
        "query", "column `" + column.name +
                     "`: a TIME value is negative or not below 24:00:00, which Arrow time64 "
                     "cannot hold; select CAST(" +
                     column.name + " AS CHAR) to read it as text");
  }
  return Status::InvalidArgument("query", "column `" + column.name +
                                              "`: the server sent a value that is not a valid " +
                                              column.type.ToString());
}

}  // namespace trib::sql::mariadb
