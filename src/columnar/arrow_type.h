// Any Arrow type the output formats handle, parsed from (and turned back into) the Arrow C
// format strings of an ArrowSchema tree, so writers switch on an enum instead of on strings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "columnar/arrow_c_abi.h"
#include "common/status.h"

namespace trib {

enum class ArrowKind : uint8_t {
  kNull,
  kBool,
  kInt,      // bit_width 8/16/32/64, is_signed
  kFloat,    // bit_width 16/32/64
  kDecimal,  // precision, scale, bit_width 32/64/128/256
  kUtf8,
  kLargeUtf8,
  kBinary,
  kLargeBinary,
  kUtf8View,
  kBinaryView,
  kFixedBinary,  // width
  kDate32,       // days
  kDate64,       // milliseconds
  kTime32,       // unit s or ms
  kTime64,       // unit us or ns
  kTimestamp,    // unit, timezone ("" = naive)
  kDuration,     // unit
  kIntervalMonths,
  kIntervalDayTime,
  kIntervalMonthDayNano,
  kList,
  kLargeList,
  kFixedList,  // width = list size
  kStruct,
  kMap,  // one child: struct<key, value>
};

enum class TimeUnit : uint8_t { kSecond, kMilli, kMicro, kNano };

struct ArrowField {
  std::string name;
  bool nullable = true;
  ArrowKind kind = ArrowKind::kNull;
  int32_t bit_width = 0;  // ints, floats, decimals
  bool is_signed = true;  // ints
  int32_t precision = 0;  // decimals
  int32_t scale = 0;      // decimals
  int32_t width = 0;      // fixed-size binary: bytes; fixed-size list: items
  TimeUnit unit = TimeUnit::kSecond;
  std::string timezone;      // timestamps
  bool keys_sorted = false;  // maps
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<ArrowField> children;

  // Parses a schema tree; `path` names the field in errors ("price", "tags.item").
  static Result<ArrowField> FromSchema(const ArrowSchema& schema, const std::string& path = "");
  std::string FormatString() const;  // the Arrow C format, e.g. "tsu:UTC"
  std::string TypeName() const;      // for people, e.g. "timestamp[us, UTC]"
  // Bytes per value of the fixed-width layouts (0 for bool, null, variable and nested kinds).
  int64_t ValueBytes() const;
  // Number of buffers the Arrow C Data Interface gives this kind (views: the minimum, 3).
  int CBufferCount() const;
};

// Parses the schema of record batches: a struct ("+s") whose children are the columns.
Result<ArrowField> ParseBatchSchema(const ArrowSchema& schema);

// Fills `out` with a schema tree for `field` (and its children); out->release frees it all.
void ExportField(const ArrowField& field, ArrowSchema* out);

// Arrow C metadata: int32 count, then int32 length + bytes for each key and value.
std::vector<std::pair<std::string, std::string>> ParseArrowMetadata(const char* metadata);
std::string EncodeArrowMetadata(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace trib
