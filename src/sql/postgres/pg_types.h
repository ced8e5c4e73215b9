// Which Arrow column each PostgreSQL type becomes, and how its binary wire value is decoded.
// The table is documented in docs/sql-types.md ("PostgreSQL and Redshift").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "columnar/column_type.h"

namespace trib::sql::pg {

using TypeOid = uint32_t;

// The binary wire formats we decode; each maps onto one Arrow type.
enum class ValueKind : uint8_t {
  kBool,
  kInt16,
  kInt32,
  kInt64,
  kOid,  // uint32 on the wire, int64 in Arrow
  kFloat32,
  kFloat64,
  kDecimal,      // numeric(p,s), p <= 38: decimal128(p,s)
  kNumericText,  // numeric without a usable typmod: its text form
  kText,         // text, varchar, bpchar, name, citext, enums, json, and the ::text fallback
  kJsonb,        // a version byte (1), then the JSON text
  kBytea,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kUuid,  // 16 bytes on the wire, canonical text in Arrow
  kArray,
};

struct ValuePlan {
  ValueKind kind = ValueKind::kText;
  int32_t precision = 0;                     // kDecimal
  int32_t scale = 0;                         // kDecimal
  std::shared_ptr<const ValuePlan> element;  // kArray
};

// One result column: its name, what PostgreSQL says it is, and what we make of it.
struct ColumnPlan {
  std::string name;
  TypeOid type_oid = 0;
  int32_t typmod = -1;
  ValuePlan value;
  bool cast_to_text = false;  // no binary decoder: the query reads `column::text` instead
};

ColumnType ArrowTypeOf(const ValuePlan& plan);

// What pg_type says about a type that is not built in (extensions, domains, enums, arrays).
struct ExtraTypeInfo {
  std::string name;          // typname
  char type_type = 'b';      // typtype: b base, d domain, e enum, ...
  TypeOid base_type = 0;     // domains: typbasetype
  int32_t base_typmod = -1;  // domains: typtypmod
  TypeOid element_type = 0;  // arrays: typelem (with category 'A')
  char category = 'U';       // typcategory
};
using ExtraTypes = std::map<TypeOid, ExtraTypeInfo>;

// True when `oid` is handled without asking pg_type.
bool IsBuiltinType(TypeOid oid);

// Plans one column; types without a decoder become `cast_to_text` utf8 columns.
ColumnPlan PlanColumn(std::string name, TypeOid oid, int32_t typmod, const ExtraTypes& extra);

Schema SchemaOf(const std::vector<ColumnPlan>& plans);

}  // namespace trib::sql::pg
