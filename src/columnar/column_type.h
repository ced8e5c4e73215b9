// The column types tributary produces, and how they map onto Arrow C format strings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/arrow_c_abi.h"
#include "common/status.h"

namespace trib {

enum class TypeId : uint8_t {
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDecimal128,  // precision/scale
  kUtf8,
  kBinary,
  kDate32,          // days since the epoch
  kTime64Micro,     // microseconds since midnight
  kTimestampMicro,  // microseconds since the epoch; timezone "" (naive) or "UTC"
  kList,            // element
};

struct ColumnType {
  TypeId id = TypeId::kUtf8;
  int32_t precision = 0;
  int32_t scale = 0;
  std::string timezone;
  std::shared_ptr<const ColumnType> element;

  static ColumnType Of(TypeId id) { return ColumnType{id}; }
  static ColumnType Decimal(int32_t precision, int32_t scale);
  static ColumnType Timestamp(std::string timezone);
  static ColumnType List(ColumnType element);

  std::string FormatString() const;  // Arrow C format, e.g. "l", "d:12,2", "tsu:UTC", "+l"
  std::string ToString() const;      // for people: "int64", "decimal(12,2)", "list<int32>"
  int FixedWidth() const;            // bytes per value of fixed-width types, 0 otherwise
};

struct Column {
  std::string name;
  ColumnType type;
  bool nullable = true;
};

using Schema = std::vector<Column>;

// Fills `out` with a struct schema ("+s") whose children are the columns; out->release frees it.
void ExportSchema(const Schema& schema, ArrowSchema* out);

}  // namespace trib
