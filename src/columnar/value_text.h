// Renders the values of an Arrow array as JSON or CSV text, for the CSV and JSON-lines writers.
// JSON renderings: numbers, true/false, null; decimals as strings (exact; JSON readers would
// round them to doubles); utf8 as strings (invalid UTF-8 replaced by U+FFFD); binary as base64
// strings; dates "YYYY-MM-DD"; times "HH:MM:SS[.fff]"; timestamps ISO-8601, ending in "Z"
// when the type has a time zone (values are UTC instants); durations and intervals ISO-8601
// ("PT1.5S", "P1M2DT0.5S"); NaN and infinities as the strings "NaN", "Infinity",
// "-Infinity"; lists as arrays; structs as objects; maps as objects keyed by the key's text.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/arrow_c_abi.h"
#include "columnar/arrow_type.h"
#include "common/status.h"

namespace trib {

// One array of a batch with its buffers looked up once. Index `i` everywhere is the logical
// index in the array; the array's own offset is added here.
struct ArrayView {
  const ArrowField* field = nullptr;
  const ArrowArray* array = nullptr;
  const uint8_t* validity = nullptr;  // null when the array has no nulls
  std::vector<ArrayView> children;

  bool IsNull(int64_t i) const {
    if (validity == nullptr) return false;
    const int64_t j = array->offset + i;
    return ((validity[j >> 3] >> (j & 7)) & 1) == 0;
  }
  // The bytes of utf8 / binary (any offset width, or views) and fixed-size binary values.
  std::string_view Bytes(int64_t i) const;
  template <typename T>
  T Value(int64_t i) const {
    T v;
    std::memcpy(&v,
                static_cast<const uint8_t*>(array->buffers[1]) + (array->offset + i) * sizeof(T),
                sizeof(T));
    return v;
  }
};

// Checks `array` against `field` (buffer and child counts) and fills `out`.
Status MakeArrayView(const ArrowField& field, const ArrowArray& array, const std::string& path,
                     ArrayView* out);

// Views of the columns of a struct batch (the batch's offset is applied by the callers: row r
// of the batch is index batch.offset + r of each column).
Status MakeBatchViews(const ArrowField& schema, const ArrowArray& batch,
                      std::vector<ArrayView>* columns);

// Appends value `i` as JSON text.
void AppendJsonValue(std::string& out, const ArrayView& view, int64_t i);
// Appends value `i` as one CSV field (nothing for null; nested values as quoted JSON text).
void AppendCsvValue(std::string& out, const ArrayView& view, int64_t i, char delimiter);

}  // namespace trib
