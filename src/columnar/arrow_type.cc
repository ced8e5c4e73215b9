#include "columnar/arrow_type.h"

#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "columnar/schema_node.h"

namespace trib {

namespace {

constexpr int kMaxDepth = 64;  // nesting bound: schemas can come from the network

bool ParseInt(std::string_view text, int32_t* out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseUnit(char c, TimeUnit* unit) {
  switch (c) {
    case 's':
      *unit = TimeUnit::kSecond;
      return true;
    case 'm':
      *unit = TimeUnit::kMilli;
      return true;
    case 'u':
      *unit = TimeUnit::kMicro;
      return true;
    case 'n':
      *unit = TimeUnit::kNano;
      return true;
    default:
      return false;
  }
}

char UnitChar(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 's';
    case TimeUnit::kMilli:
      return 'm';
    case TimeUnit::kMicro:
      return 'u';
    case TimeUnit::kNano:
      return 'n';
  }
  return 's';
}

const char* UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return "s";
    case TimeUnit::kMilli:
      return "ms";
    case TimeUnit::kMicro:
      return "us";
    case TimeUnit::kNano:
      return "ns";
  }
  return "s";
}

// Sets the kind of a format without parameters; false if it is not one of them.
bool ParseSimple(std::string_view f, ArrowField* out) {
  struct Simple {
    const char* format;
    ArrowKind kind;
    int32_t bits;
    bool is_signed;
  };
  static constexpr Simple kSimple[] = {
      {"n", ArrowKind::kNull, 0, true},
      {"b", ArrowKind::kBool, 1, true},
      {"c", ArrowKind::kInt, 8, true},
      {"C", ArrowKind::kInt, 8, false},
      {"s", ArrowKind::kInt, 16, true},
      {"S", ArrowKind::kInt, 16, false},
      {"i", ArrowKind::kInt, 32, true},
      {"I", ArrowKind::kInt, 32, false},
      {"l", ArrowKind::kInt, 64, true},
      {"L", ArrowKind::kInt, 64, false},
      {"e", ArrowKind::kFloat, 16, true},
      {"f", ArrowKind::kFloat, 32, true},
      {"g", ArrowKind::kFloat, 64, true},
      {"u", ArrowKind::kUtf8, 0, true},
      {"U", ArrowKind::kLargeUtf8, 0, true},
      {"z", ArrowKind::kBinary, 0, true},
      {"Z", ArrowKind::kLargeBinary, 0, true},
      {"vu", ArrowKind::kUtf8View, 0, true},
      {"vz", ArrowKind::kBinaryView, 0, true},
      {"tdD", ArrowKind::kDate32, 0, true},
      {"tdm", ArrowKind::kDate64, 0, true},
      {"tiM", ArrowKind::kIntervalMonths, 0, true},
      {"tiD", ArrowKind::kIntervalDayTime, 0, true},
      {"tin", ArrowKind::kIntervalMonthDayNano, 0, true},
      {"+l", ArrowKind::kList, 0, true},
      {"+L", ArrowKind::kLargeList, 0, true},
      {"+s", ArrowKind::kStruct, 0, true},
      {"+m", ArrowKind::kMap, 0, true},
  };
  for (const Simple& s : kSimple) {
    if (f == s.format) {
      out->kind = s.kind;
      out->bit_width = s.bits;
      out->is_signed = s.is_signed;
      return true;
    }
  }
  return false;
}

bool ParseFormat(std::string_view f, ArrowField* out) {
  if (ParseSimple(f, out)) return true;
  if (f.size() == 3 && f.substr(0, 2) == "tt" && ParseUnit(f[2], &out->unit)) {
    const bool wide = out->unit == TimeUnit::kMicro || out->unit == TimeUnit::kNano;
    out->kind = wide ? ArrowKind::kTime64 : ArrowKind::kTime32;
    return true;
  }
  if (f.size() == 3 && f.substr(0, 2) == "tD" && ParseUnit(f[2], &out->unit)) {
    out->kind = ArrowKind::kDuration;
    return true;
  }
  if (f.size() >= 4 && f.substr(0, 2) == "ts" && f[3] == ':' && ParseUnit(f[2], &out->unit)) {
    out->kind = ArrowKind::kTimestamp;
    out->timezone = std::string(f.substr(4));
    return true;
  }
  if (f.substr(0, 2) == "w:") {
    out->kind = ArrowKind::kFixedBinary;
    return ParseInt(f.substr(2), &out->width) && out->width >= 0;
  }
  if (f.substr(0, 3) == "+w:") {
    out->kind = ArrowKind::kFixedList;
    return ParseInt(f.substr(3), &out->width) && out->width >= 0;
  }
  if (f.substr(0, 2) == "d:") {
    // d:precision,scale[,bitwidth]
    std::string_view rest = f.substr(2);
    const size_t c1 = rest.find(',');
    if (c1 == std::string_view::npos) return false;
    const size_t c2 = rest.find(',', c1 + 1);
    out->kind = ArrowKind::kDecimal;
    out->bit_width = 128;
    if (!ParseInt(rest.substr(0, c1), &out->precision)) return false;
    if (c2 == std::string_view::npos) return ParseInt(rest.substr(c1 + 1), &out->scale);
    return ParseInt(rest.substr(c1 + 1, c2 - c1 - 1), &out->scale) &&
           ParseInt(rest.substr(c2 + 1), &out->bit_width) &&
           (out->bit_width == 32 || out->bit_width == 64 || out->bit_width == 128 ||
            out->bit_width == 256);
  }
  return false;
}

Result<ArrowField> Parse(const ArrowSchema& schema, const std::string& parent, int depth) {
  ArrowField field;
  field.name = schema.name != nullptr ? schema.name : "";
  const std::string path = parent.empty() ? field.name : parent + "." + field.name;
  const std::string where = path.empty() ? "the schema" : "column '" + path + "'";
  if (depth > kMaxDepth) {
    return Status::InvalidArgument(path, where + " is nested more than 64 levels deep");
  }
  if (schema.format == nullptr) return Status::InvalidArgument(path, where + " has no format");
  field.nullable = (schema.flags & ARROW_FLAG_NULLABLE) != 0;
  field.keys_sorted = (schema.flags & ARROW_FLAG_MAP_KEYS_SORTED) != 0;
  const std::string_view format = schema.format;
  if (schema.dictionary != nullptr) {
    return Status::InvalidArgument(
        path, where +
                  " is dictionary-encoded, which the output formats do not support yet; "
                  "cast it to its value type first");
  }
  if (!ParseFormat(format, &field)) {
    std::string what = "unknown";
    if (format.substr(0, 2) == "+u") what = "union";
    if (format == "+r") what = "run-end encoded";
    if (format == "+vl" || format == "+vL") what = "list view";
    return Status::InvalidArgument(path, where + " has an " + what + " Arrow type ('" +
                                             std::string(format) +
                                             "') that the output formats do not support");
  }
  field.metadata = ParseArrowMetadata(schema.metadata);
  if (schema.n_children < 0 || (schema.n_children > 0 && schema.children == nullptr)) {
    return Status::InvalidArgument(path, where + " has a malformed child list");
  }
  size_t expected = 0;
  switch (field.kind) {
    case ArrowKind::kList:
    case ArrowKind::kLargeList:
    case ArrowKind::kFixedList:
    case ArrowKind::kMap:
      expected = 1;
      break;
    case ArrowKind::kStruct:
      expected = static_cast<size_t>(schema.n_children);
      break;
    default:
      break;
  }
  if (static_cast<size_t>(schema.n_children) != expected) {
    return Status::InvalidArgument(path, where + " of type " + std::string(format) + " has " +
                                             std::to_string(schema.n_children) +
                                             " children, expected " + std::to_string(expected));
  }
  for (int64_t i = 0; i < schema.n_children; ++i) {
    TRIB_ASSIGN_OR_RETURN(ArrowField child, Parse(*schema.children[i], path, depth + 1));
    field.children.push_back(std::move(child));
  }
  if (field.kind == ArrowKind::kMap &&
      (field.children[0].kind != ArrowKind::kStruct || field.children[0].children.size() != 2)) {
    return Status::InvalidArgument(path, where +
                                             " is a map whose entries are not a struct of key "
                                             "and value");
  }
  return field;
}

}  // namespace

Result<ArrowField> ArrowField::FromSchema(const ArrowSchema& schema, const std::string& path) {
  return Parse(schema, path, 0);
}

Result<ArrowField> ParseBatchSchema(const ArrowSchema& schema) {
  if (schema.format == nullptr || std::string_view(schema.format) != "+s") {
    return Status::InvalidArgument(
        "schema", std::string("a record batch schema must be a struct (\"+s\"), not '") +
                      (schema.format != nullptr ? schema.format : "") + "'");
  }
  if (schema.n_children < 0 || (schema.n_children > 0 && schema.children == nullptr)) {
    return Status::InvalidArgument("schema", "the schema has a malformed column list");
  }
  // Columns are parsed on their own so errors name them without the root's name (DuckDB
  // calls it "duckdb_query_result").
  ArrowField root;
  root.kind = ArrowKind::kStruct;
  root.name = schema.name != nullptr ? schema.name : "";
  root.nullable = (schema.flags & ARROW_FLAG_NULLABLE) != 0;
  root.metadata = ParseArrowMetadata(schema.metadata);
  for (int64_t i = 0; i < schema.n_children; ++i) {
    TRIB_ASSIGN_OR_RETURN(ArrowField column, ArrowField::FromSchema(*schema.children[i]));
    root.children.push_back(std::move(column));
  }
  return root;
}

std::string ArrowField::FormatString() const {
  switch (kind) {
    case ArrowKind::kNull:
      return "n";
    case ArrowKind::kBool:
      return "b";
    case ArrowKind::kInt: {
      const char* s = bit_width == 8 ? "c" : bit_width == 16 ? "s" : bit_width == 32 ? "i" : "l";
      std::string r = s;
      if (!is_signed) r[0] = static_cast<char>(r[0] - 'a' + 'A');
      return r;
    }
    case ArrowKind::kFloat:
      return bit_width == 16 ? "e" : bit_width == 32 ? "f" : "g";
    case ArrowKind::kDecimal:
      return "d:" + std::to_string(precision) + "," + std::to_string(scale) +
             (bit_width == 128 ? "" : "," + std::to_string(bit_width));
    case ArrowKind::kUtf8:
      return "u";
    case ArrowKind::kLargeUtf8:
      return "U";
    case ArrowKind::kBinary:
      return "z";
    case ArrowKind::kLargeBinary:
      return "Z";
    case ArrowKind::kUtf8View:
      return "vu";
    case ArrowKind::kBinaryView:
      return "vz";
    case ArrowKind::kFixedBinary:
      return "w:" + std::to_string(width);
    case ArrowKind::kDate32:
      return "tdD";
    case ArrowKind::kDate64:
      return "tdm";
    case ArrowKind::kTime32:
    case ArrowKind::kTime64:
      return std::string("tt") + UnitChar(unit);
    case ArrowKind::kTimestamp:
      return std::string("ts") + UnitChar(unit) + ":" + timezone;
    case ArrowKind::kDuration:
      return std::string("tD") + UnitChar(unit);
    case ArrowKind::kIntervalMonths:
      return "tiM";
    case ArrowKind::kIntervalDayTime:
      return "tiD";
    case ArrowKind::kIntervalMonthDayNano:
      return "tin";
    case ArrowKind::kList:
      return "+l";
    case ArrowKind::kLargeList:
      return "+L";
    case ArrowKind::kFixedList:
      return "+w:" + std::to_string(width);
    case ArrowKind::kStruct:
      return "+s";
    case ArrowKind::kMap:
      return "+m";
  }
  return "n";
}

std::string ArrowField::TypeName() const {
  switch (kind) {
    case ArrowKind::kNull:
      return "null";
    case ArrowKind::kBool:
      return "bool";
    case ArrowKind::kInt:
      return (is_signed ? "int" : "uint") + std::to_string(bit_width);
    case ArrowKind::kFloat:
      return "float" + std::to_string(bit_width);
    case ArrowKind::kDecimal:
      return "decimal" + std::to_string(bit_width) + "(" + std::to_string(precision) + "," +
             std::to_string(scale) + ")";
    case ArrowKind::kUtf8:
      return "utf8";
    case ArrowKind::kLargeUtf8:
      return "large_utf8";
    case ArrowKind::kBinary:
      return "binary";
    case ArrowKind::kLargeBinary:
      return "large_binary";
    case ArrowKind::kUtf8View:
      return "utf8_view";
    case ArrowKind::kBinaryView:
      return "binary_view";
    case ArrowKind::kFixedBinary:
      return "fixed_size_binary[" + std::to_string(width) + "]";
    case ArrowKind::kDate32:
      return "date32";
    case ArrowKind::kDate64:
      return "date64";
    case ArrowKind::kTime32:
      return std::string("time32[") + UnitName(unit) + "]";
    case ArrowKind::kTime64:
      return std::string("time64[") + UnitName(unit) + "]";
    case ArrowKind::kTimestamp:
      return std::string("timestamp[") + UnitName(unit) +
             (timezone.empty() ? "" : ", " + timezone) + "]";
    case ArrowKind::kDuration:
      return std::string("duration[") + UnitName(unit) + "]";
    case ArrowKind::kIntervalMonths:
      return "interval[months]";
    case ArrowKind::kIntervalDayTime:
      return "interval[day_time]";
    case ArrowKind::kIntervalMonthDayNano:
      return "interval[month_day_nano]";
    case ArrowKind::kList:
    case ArrowKind::kLargeList:
      return std::string(kind == ArrowKind::kList ? "list<" : "large_list<") +
             children[0].TypeName() + ">";
    case ArrowKind::kFixedList:
      return "fixed_size_list<" + children[0].TypeName() + ", " + std::to_string(width) + ">";
    case ArrowKind::kStruct: {
      std::string s = "struct<";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) s += ", ";
        s += children[i].name + ": " + children[i].TypeName();
      }
      return s + ">";
    }
    case ArrowKind::kMap:
      return "map<" + children[0].children[0].TypeName() + ", " +
             children[0].children[1].TypeName() + ">";
  }
  return "?";
}

int64_t ArrowField::ValueBytes() const {
  switch (kind) {
    case ArrowKind::kInt:
    case ArrowKind::kFloat:
    case ArrowKind::kDecimal:
      return bit_width / 8;
    case ArrowKind::kFixedBinary:
      return width;
    case ArrowKind::kDate32:
    case ArrowKind::kTime32:
    case ArrowKind::kIntervalMonths:
      return 4;
    case ArrowKind::kDate64:
    case ArrowKind::kTime64:
    case ArrowKind::kTimestamp:
    case ArrowKind::kDuration:
    case ArrowKind::kIntervalDayTime:
      return 8;
    case ArrowKind::kIntervalMonthDayNano:
      return 16;
    default:
      return 0;
  }
}

int ArrowField::CBufferCount() const {
  switch (kind) {
    case ArrowKind::kNull:
      return 0;
    case ArrowKind::kFixedList:
    case ArrowKind::kStruct:
      return 1;
    case ArrowKind::kUtf8:
    case ArrowKind::kLargeUtf8:
    case ArrowKind::kBinary:
    case ArrowKind::kLargeBinary:
    case ArrowKind::kUtf8View:
    case ArrowKind::kBinaryView:
      return 3;
    default:
      return 2;
  }
}

void ExportField(const ArrowField& field, ArrowSchema* out) {
  std::vector<ArrowSchema*> children;
  children.reserve(field.children.size());
  for (const ArrowField& child : field.children) {
    auto* c = new ArrowSchema{};
    ExportField(child, c);
    children.push_back(c);
  }
  FillSchemaNode({.format = field.FormatString(),
                  .name = field.name,
                  .metadata = field.metadata.empty()
                                  ? std::nullopt
                                  : std::optional<std::string>(EncodeArrowMetadata(field.metadata)),
                  .flags = (field.nullable ? ARROW_FLAG_NULLABLE : 0) |
                           (field.keys_sorted ? ARROW_FLAG_MAP_KEYS_SORTED : 0),
                  .children = std::move(children)},
                 out);
}

std::vector<std::pair<std::string, std::string>> ParseArrowMetadata(const char* metadata) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (metadata == nullptr) return pairs;
  auto read_i32 = [&metadata]() {
    int32_t v;
    std::memcpy(&v, metadata, 4);
    metadata += 4;
    return v;
  };
  const int32_t n = read_i32();
  for (int32_t i = 0; i < n; ++i) {
    const int32_t klen = read_i32();
    std::string key(metadata, static_cast<size_t>(klen));
    metadata += klen;
    const int32_t vlen = read_i32();
    std::string value(metadata, static_cast<size_t>(vlen));
    metadata += vlen;
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

std::string EncodeArrowMetadata(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  auto put_i32 = [&out](size_t v) {
    const auto i = static_cast<int32_t>(v);
    out.append(reinterpret_cast<const char*>(&i), 4);
  };
  put_i32(pairs.size());
  for (const auto& [key, value] : pairs) {
    put_i32(key.size());
    out += key;
    put_i32(value.size());
    out += value;
  }
  return out;
}

}  // namespace trib
