#include "sql/postgres/pg_types.h"

#include <optional>

namespace trib::sql::pg {

namespace {

// From PostgreSQL's pg_type.dat; stable across versions (and shared by Redshift).
enum : TypeOid {
  kBoolOid = 16,
  kByteaOid = 17,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kOidOid = 26,
  kJsonOid = 114,
  kJsonArrayOid = 199,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBoolArrayOid = 1000,
  kByteaArrayOid = 1001,
  kNameArrayOid = 1003,
  kInt2ArrayOid = 1005,
  kInt4ArrayOid = 1007,
  kTextArrayOid = 1009,
  kBpcharArrayOid = 1014,
  kVarcharArrayOid = 1015,
  kInt8ArrayOid = 1016,
  kFloat4ArrayOid = 1021,
  kFloat8ArrayOid = 1022,
  kOidArrayOid = 1028,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimeOid = 1083,
  kTimestampOid = 1114,
  kTimestampArrayOid = 1115,
  kDateArrayOid = 1182,
  kTimeArrayOid = 1183,
  kTimestamptzOid = 1184,
  kTimestamptzArrayOid = 1185,
  kNumericArrayOid = 1231,
  kNumericOid = 1700,
  kUuidOid = 2950,
  kUuidArrayOid = 2951,
  kJsonbOid = 3802,
  kJsonbArrayOid = 3807,
};

constexpr int32_t kMaxDecimalPrecision = 38;  // what decimal128 holds
constexpr int32_t kVarHeaderSize = 4;         // typmods of numeric count this in

ValuePlan Plan(ValueKind kind) { return ValuePlan{kind}; }

ValuePlan NumericPlan(int32_t typmod) {
  if (typmod < kVarHeaderSize) return Plan(ValueKind::kNumericText);
  const int32_t packed = typmod - kVarHeaderSize;
  const int32_t precision = (packed >> 16) & 0xffff;
  const int32_t scale = ((packed & 0x7ff) ^ 1024) - 1024;  // 11-bit signed since PG 15
  if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
    return Plan(ValueKind::kNumericText);
  }
  ValuePlan plan{ValueKind::kDecimal};
  plan.precision = precision;
  plan.scale = scale;
  return plan;
}

std::optional<ValuePlan> ScalarPlan(TypeOid oid, int32_t typmod) {
  switch (oid) {
    case kBoolOid:
      return Plan(ValueKind::kBool);
    case kInt2Oid:
      return Plan(ValueKind::kInt16);
    case kInt4Oid:
      return Plan(ValueKind::kInt32);
    case kInt8Oid:
      return Plan(ValueKind::kInt64);
    case kOidOid:
      return Plan(ValueKind::kOid);
    case kFloat4Oid:
      return Plan(ValueKind::kFloat32);
    case kFloat8Oid:
      return Plan(ValueKind::kFloat64);
    case kNumericOid:
      return NumericPlan(typmod);
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
    case kJsonOid:
      return Plan(ValueKind::kText);
    case kJsonbOid:
      return Plan(ValueKind::kJsonb);
    case kByteaOid:
      return Plan(ValueKind::kBytea);
    case kDateOid:
      return Plan(ValueKind::kDate);
    case kTimeOid:
      return Plan(ValueKind::kTime);
    case kTimestampOid:
      return Plan(ValueKind::kTimestamp);
    case kTimestamptzOid:
      return Plan(ValueKind::kTimestampTz);
    case kUuidOid:
      return Plan(ValueKind::kUuid);
    default:
      return std::nullopt;
  }
}

std::optional<TypeOid> BuiltinArrayElement(TypeOid oid) {
  switch (oid) {
    case kBoolArrayOid:
      return kBoolOid;
    case kByteaArrayOid:
      return kByteaOid;
    case kNameArrayOid:
      return kNameOid;
    case kInt2ArrayOid:
      return kInt2Oid;
    case kInt4ArrayOid:
      return kInt4Oid;
    case kTextArrayOid:
      return kTextOid;
    case kBpcharArrayOid:
      return kBpcharOid;
    case kVarcharArrayOid:
      return kVarcharOid;
    case kInt8ArrayOid:
      return kInt8Oid;
    case kFloat4ArrayOid:
      return kFloat4Oid;
    case kFloat8ArrayOid:
      return kFloat8Oid;
    case kOidArrayOid:
      return kOidOid;
    case kTimestampArrayOid:
      return kTimestampOid;
    case kDateArrayOid:
      return kDateOid;
    case kTimeArrayOid:
      return kTimeOid;
    case kTimestamptzArrayOid:
      return kTimestamptzOid;
    case kNumericArrayOid:
      return kNumericOid;
    case kUuidArrayOid:
      return kUuidOid;
    case kJsonArrayOid:
      return kJsonOid;
    case kJsonbArrayOid:
      return kJsonbOid;
    default:
      return std::nullopt;
  }
}

// Scalars only: built-ins, then domains (by their base type), enums and citext.
std::optional<ValuePlan> ResolveScalar(TypeOid oid, int32_t typmod, const ExtraTypes& extra,
                                       int depth = 0) {
  if (auto plan = ScalarPlan(oid, typmod)) return plan;
  const auto it = extra.find(oid);
  if (it == extra.end() || depth > 8) return std::nullopt;
  const ExtraTypeInfo& info = it->second;
  if (info.type_type == 'd') {
    return ResolveScalar(info.base_type, typmod >= 0 ? typmod : info.base_typmod, extra, depth + 1);
  }
  // Enum labels and citext travel as their text.
  if (info.type_type == 'e' || info.name == "citext") return Plan(ValueKind::kText);
  return std::nullopt;
}

std::optional<ValuePlan> Resolve(TypeOid oid, int32_t typmod, const ExtraTypes& extra) {
  std::optional<TypeOid> element = BuiltinArrayElement(oid);
  if (!element) {
    const auto it = extra.find(oid);
    if (it != extra.end() && it->second.category == 'A' && it->second.element_type != 0) {
      element = it->second.element_type;
    }
  }
  if (!element) return ResolveScalar(oid, typmod, extra);
  // An array column's typmod is its elements' (numeric(12,2)[]).
  std::optional<ValuePlan> element_plan = ResolveScalar(*element, typmod, extra);
  if (!element_plan) return std::nullopt;
  ValuePlan plan{ValueKind::kArray};
  plan.element = std::make_shared<const ValuePlan>(std::move(*element_plan));
  return plan;
}

}  // namespace

ColumnType ArrowTypeOf(const ValuePlan& plan) {
  switch (plan.kind) {
    case ValueKind::kBool:
      return ColumnType::Of(TypeId::kBool);
    case ValueKind::kInt16:
      return ColumnType::Of(TypeId::kInt16);
    case ValueKind::kInt32:
      return ColumnType::Of(TypeId::kInt32);
    case ValueKind::kInt64:
    case ValueKind::kOid:
      return ColumnType::Of(TypeId::kInt64);
    case ValueKind::kFloat32:
      return ColumnType::Of(TypeId::kFloat32);
    case ValueKind::kFloat64:
      return ColumnType::Of(TypeId::kFloat64);
    case ValueKind::kDecimal:
      return ColumnType::Decimal(plan.precision, plan.scale);
    case ValueKind::kNumericText:
    case ValueKind::kText:
    case ValueKind::kJsonb:
    case ValueKind::kUuid:
      return ColumnType::Of(TypeId::kUtf8);
    case ValueKind::kBytea:
      return ColumnType::Of(TypeId::kBinary);
    case ValueKind::kDate:
      return ColumnType::Of(TypeId::kDate32);
    case ValueKind::kTime:
      return ColumnType::Of(TypeId::kTime64Micro);
    case ValueKind::kTimestamp:
      return ColumnType::Timestamp("");
    case ValueKind::kTimestampTz:
      return ColumnType::Timestamp("UTC");
    case ValueKind::kArray:
      return ColumnType::List(ArrowTypeOf(*plan.element));
  }
  return ColumnType::Of(TypeId::kUtf8);
}

bool IsBuiltinType(TypeOid oid) {
  return ScalarPlan(oid, -1).has_value() || BuiltinArrayElement(oid).has_value();
}

ColumnPlan PlanColumn(std::string name, TypeOid oid, int32_t typmod, const ExtraTypes& extra) {
  ColumnPlan column{std::move(name), oid, typmod};
  if (std::optional<ValuePlan> plan = Resolve(oid, typmod, extra)) {
    column.value = std::move(*plan);
  } else {
    column.value = Plan(ValueKind::kText);
    column.cast_to_text = true;
  }
  return column;
}

Schema SchemaOf(const std::vector<ColumnPlan>& plans) {
  Schema schema;
  schema.reserve(plans.size());
  for (const ColumnPlan& plan : plans) schema.push_back({plan.name, ArrowTypeOf(plan.value)});
  return schema;
}

}  // namespace trib::sql::pg
