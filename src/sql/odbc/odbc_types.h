// How an ODBC result column (SQLDescribeCol) becomes an Arrow column, and how it is fetched:
// fixed-width values are bound into block-cursor arrays, text and binary come by SQLGetData.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstddef>

#include "columnar/column_type.h"

namespace trib::sql {

enum class OdbcFetch {
  kBit,        // SQL_C_BIT
  kInt8,       // SQL_C_STINYINT
  kInt16,      // SQL_C_SSHORT
  kInt32,      // SQL_C_SLONG
  kInt64,      // SQL_C_SBIGINT
  kFloat32,    // SQL_C_FLOAT
  kFloat64,    // SQL_C_DOUBLE
  kDecimal,    // SQL_C_CHAR text, parsed exactly
  kDate,       // SQL_C_TYPE_DATE
  kTime,       // SQL_C_CHAR text "HH:MM:SS[.ffffff]" (the struct has no fraction)
  kTimestamp,  // SQL_C_TYPE_TIMESTAMP
  kGuid,       // SQL_C_GUID, written as lower-case 8-4-4-4-12 text
  kText,       // SQL_C_WCHAR by SQLGetData, to UTF-8
  kBinary,     // SQL_C_BINARY by SQLGetData
};

struct OdbcColumnPlan {
  ColumnType type;
  OdbcFetch fetch = OdbcFetch::kText;
};

// `is_unsigned` widens unsigned integers to the next signed type (BIGINT -> decimal(20,0)).
// Types without a mapping (intervals, driver-specific ones) are read as text.
OdbcColumnPlan PlanOdbcColumn(SQLSMALLINT sql_type, SQLULEN column_size, SQLSMALLINT decimal_digits,
                              bool is_unsigned);

// Whether the column can be bound into a block-cursor array (fixed size per row).
bool IsFixedWidth(OdbcFetch fetch);
// The C type and the bytes per row of a fixed-width fetch.
SQLSMALLINT OdbcCType(OdbcFetch fetch);
size_t OdbcFixedSize(OdbcFetch fetch);

}  // namespace trib::sql
