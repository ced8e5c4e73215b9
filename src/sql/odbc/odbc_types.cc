#include "sql/odbc/odbc_types.h"

namespace trib::sql {

namespace {

// Bytes for a decimal or time rendered as text: 38 digits, sign, point, exponent, NUL.
constexpr size_t kNumberText = 64;
constexpr size_t kTimeText = 32;

OdbcColumnPlan Plan(TypeId id, OdbcFetch fetch) { return {ColumnType::Of(id), fetch}; }

}  // namespace

OdbcColumnPlan PlanOdbcColumn(SQLSMALLINT sql_type, SQLULEN column_size, SQLSMALLINT decimal_digits,
                              bool is_unsigned) {
  switch (sql_type) {
    case SQL_BIT:
      return Plan(TypeId::kBool, OdbcFetch::kBit);
    case SQL_TINYINT:
      return is_unsigned ? Plan(TypeId::kInt16, OdbcFetch::kInt16)
                         : Plan(TypeId::kInt8, OdbcFetch::kInt8);
    case SQL_SMALLINT:
      return is_unsigned ? Plan(TypeId::kInt32, OdbcFetch::kInt32)
                         : Plan(TypeId::kInt16, OdbcFetch::kInt16);
    case SQL_INTEGER:
      return is_unsigned ? Plan(TypeId::kInt64, OdbcFetch::kInt64)
                         : Plan(TypeId::kInt32, OdbcFetch::kInt32);
    case SQL_BIGINT:
      if (is_unsigned) return {ColumnType::Decimal(20, 0), OdbcFetch::kDecimal};
      return Plan(TypeId::kInt64, OdbcFetch::kInt64);
    case SQL_REAL:
      return Plan(TypeId::kFloat32, OdbcFetch::kFloat32);
    case SQL_FLOAT:  // ODBC's FLOAT is double precision
    case SQL_DOUBLE:
      return Plan(TypeId::kFloat64, OdbcFetch::kFloat64);
    case SQL_NUMERIC:
    case SQL_DECIMAL:
      if (column_size >= 1 && column_size <= 38 && decimal_digits >= 0 &&
          static_cast<SQLULEN>(decimal_digits) <= column_size) {
        return {ColumnType::Decimal(static_cast<int32_t>(column_size), decimal_digits),
                OdbcFetch::kDecimal};
      }
      return Plan(TypeId::kUtf8, OdbcFetch::kText);  // wider than decimal128: exact as text
    case SQL_TYPE_DATE:
    case SQL_DATE:
      return Plan(TypeId::kDate32, OdbcFetch::kDate);
    case SQL_TYPE_TIME:
    case SQL_TIME:
      return Plan(TypeId::kTime64Micro, OdbcFetch::kTime);
    case SQL_TYPE_TIMESTAMP:
    case SQL_TIMESTAMP:
      return {ColumnType::Timestamp(""), OdbcFetch::kTimestamp};
    case SQL_GUID:
      return Plan(TypeId::kUtf8, OdbcFetch::kGuid);
    case SQL_BINARY:
    case SQL_VARBINARY:
    case SQL_LONGVARBINARY:
      return Plan(TypeId::kBinary, OdbcFetch::kBinary);
    default:
      // Character types and anything without a mapping: text, the documented fallback.
      return Plan(TypeId::kUtf8, OdbcFetch::kText);
  }
}

bool IsFixedWidth(OdbcFetch fetch) {
  return fetch != OdbcFetch::kText && fetch != OdbcFetch::kBinary;
}

SQLSMALLINT OdbcCType(OdbcFetch fetch) {
  switch (fetch) {
    case OdbcFetch::kBit:
      return SQL_C_BIT;
    case OdbcFetch::kInt8:
      return SQL_C_STINYINT;
    case OdbcFetch::kInt16:
      return SQL_C_SSHORT;
    case OdbcFetch::kInt32:
      return SQL_C_SLONG;
    case OdbcFetch::kInt64:
      return SQL_C_SBIGINT;
    case OdbcFetch::kFloat32:
      return SQL_C_FLOAT;
    case OdbcFetch::kFloat64:
      return SQL_C_DOUBLE;
    case OdbcFetch::kDecimal:
    case OdbcFetch::kTime:
      return SQL_C_CHAR;
    case OdbcFetch::kDate:
      return SQL_C_TYPE_DATE;
    case OdbcFetch::kTimestamp:
      return SQL_C_TYPE_TIMESTAMP;
    case OdbcFetch::kGuid:
      return SQL_C_GUID;
    case OdbcFetch::kText:
      return SQL_C_WCHAR;
    case OdbcFetch::kBinary:
      return SQL_C_BINARY;
  }
  return SQL_C_WCHAR;
}

size_t OdbcFixedSize(OdbcFetch fetch) {
  switch (fetch) {
    case OdbcFetch::kBit:
    case OdbcFetch::kInt8:
      return 1;
    case OdbcFetch::kInt16:
      return 2;
    case OdbcFetch::kInt32:
    case OdbcFetch::kFloat32:
      return 4;
    case OdbcFetch::kInt64:
    case OdbcFetch::kFloat64:
      return 8;
    case OdbcFetch::kDecimal:
      return kNumberText;
    case OdbcFetch::kTime:
      return kTimeText;
    case OdbcFetch::kDate:
      return sizeof(SQL_DATE_STRUCT);
    case OdbcFetch::kTimestamp:
      return sizeof(SQL_TIMESTAMP_STRUCT);
    case OdbcFetch::kGuid:
      return sizeof(SQLGUID);
    case OdbcFetch::kText:
    case OdbcFetch::kBinary:
      return 0;
  }
  return 0;
}

}  // namespace trib::sql
