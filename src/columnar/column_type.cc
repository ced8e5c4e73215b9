#include "columnar/column_type.h"

#include <utility>

#include "columnar/schema_node.h"

namespace trib {

ColumnType ColumnType::Decimal(int32_t precision, int32_t scale) {
  ColumnType t{TypeId::kDecimal128};
  t.precision = precision;
  t.scale = scale;
  return t;
}

ColumnType ColumnType::Timestamp(std::string timezone) {
  ColumnType t{TypeId::kTimestampMicro};
  t.timezone = std::move(timezone);
  return t;
}

ColumnType ColumnType::List(ColumnType element) {
  ColumnType t{TypeId::kList};
  t.element = std::make_shared<const ColumnType>(std::move(element));
  return t;
}

std::string ColumnType::FormatString() const {
  switch (id) {
    case TypeId::kBool:
      return "b";
    case TypeId::kInt8:
      return "c";
    case TypeId::kInt16:
      return "s";
    case TypeId::kInt32:
      return "i";
    case TypeId::kInt64:
      return "l";
    case TypeId::kFloat32:
      return "f";
    case TypeId::kFloat64:
      return "g";
    case TypeId::kDecimal128:
      return "d:" + std::to_string(precision) + "," + std::to_string(scale);
    case TypeId::kUtf8:
      return "u";
    case TypeId::kBinary:
      return "z";
    case TypeId::kDate32:
      return "tdD";
    case TypeId::kTime64Micro:
      return "ttu";
    case TypeId::kTimestampMicro:
      return "tsu:" + timezone;
    case TypeId::kList:
      return "+l";
  }
  return "u";
}

std::string ColumnType::ToString() const {
  switch (id) {
    case TypeId::kBool:
      return "bool";
    case TypeId::kInt8:
      return "int8";
    case TypeId::kInt16:
      return "int16";
    case TypeId::kInt32:
      return "int32";
    case TypeId::kInt64:
      return "int64";
    case TypeId::kFloat32:
      return "float32";
    case TypeId::kFloat64:
      return "float64";
    case TypeId::kDecimal128:
      return "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case TypeId::kUtf8:
      return "utf8";
    case TypeId::kBinary:
      return "binary";
    case TypeId::kDate32:
      return "date32";
    case TypeId::kTime64Micro:
      return "time64[us]";
    case TypeId::kTimestampMicro:
      return timezone.empty() ? "timestamp[us]" : "timestamp[us, " + timezone + "]";
    case TypeId::kList:
      return "list<" + (element ? element->ToString() : "?") + ">";
  }
  return "?";
}

int ColumnType::FixedWidth() const {
  switch (id) {
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32:
      return 4;
    case TypeId::kInt64:
    case TypeId::kFloat64:
    case TypeId::kTime64Micro:
    case TypeId::kTimestampMicro:
      return 8;
    case TypeId::kDecimal128:
      return 16;
    default:
      return 0;
  }
}

namespace {

void ExportType(const ColumnType& type, const std::string& name, bool nullable, ArrowSchema* out) {
  std::vector<ArrowSchema*> children;
  if (type.id == TypeId::kList) {
    auto* child = new ArrowSchema{};
    ExportType(*type.element, "item", true, child);
    children.push_back(child);
  }
  FillSchemaNode({.format = type.FormatString(),
                  .name = name,
                  .flags = nullable ? ARROW_FLAG_NULLABLE : 0,
                  .children = std::move(children)},
                 out);
}

}  // namespace

void ExportSchema(const Schema& schema, ArrowSchema* out) {
  std::vector<ArrowSchema*> children;
  children.reserve(schema.size());
  for (const Column& column : schema) {
    auto* child = new ArrowSchema{};
    ExportType(column.type, column.name, column.nullable, child);
    children.push_back(child);
  }
  FillSchemaNode({.format = "+s", .name = "", .flags = 0, .children = std::move(children)}, out);
}

}  // namespace trib
