// Reads Arrow streams back into exact text values for tests: every value of every column,
// concatenated over the stream's batches, whatever batch sizes and offsets the producer chose.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/arrow_handles.h"
#include "columnar/batch_reader.h"
#include "common/status.h"

namespace trib::testing {

using ColumnValues = std::vector<std::optional<std::string>>;

// Decimal128 values; __extension__ keeps -Wpedantic quiet about the GCC type.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

struct StreamContents {
  std::vector<std::string> names;
  std::vector<std::string> formats;  // child formats as "+l<i>" for lists
  std::vector<ColumnValues> columns;
  int64_t rows = 0;
  int batches = 0;
  int64_t largest_batch = 0;
};

inline bool ArrowValid(const ArrowArray& a, int64_t i) {
  if (a.null_count == 0 || a.buffers[0] == nullptr) return true;
  const int64_t j = a.offset + i;
  return (static_cast<const uint8_t*>(a.buffers[0])[j >> 3] >> (j & 7)) & 1;
}

inline std::string FormatOf(const ArrowSchema& s) {
  std::string f = s.format;
  if (f == "+l" || f == "+L" || f.rfind("+w:", 0) == 0) f += "<" + FormatOf(*s.children[0]) + ">";
  return f;
}

inline std::string Int128Text(Int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  UInt128 u = negative ? -static_cast<UInt128>(v) : static_cast<UInt128>(v);
  std::string out;
  while (u > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return negative ? "-" + out : out;
}

// The exact text of value i: integers in decimal, floats as hex floats, decimals unscaled,
// bytes as they are, lists as [a,b,null].
inline std::optional<std::string> ArrowValueText(const ArrowSchema& s, const ArrowArray& a,
                                                 int64_t i) {
  if (!ArrowValid(a, i)) return std::nullopt;
  const std::string_view f = s.format;
  const int64_t j = a.offset + i;
  auto fixed = [&](auto zero) {
    decltype(zero) v;
    std::memcpy(&v, static_cast<const char*>(a.buffers[1]) + j * sizeof(v), sizeof(v));
    return v;
  };
  if (f == "b") {
    return std::string((static_cast<const uint8_t*>(a.buffers[1])[j >> 3] >> (j & 7)) & 1 ? "1"
                                                                                          : "0");
  }
  if (f == "c") return std::to_string(fixed(int8_t{}));
  if (f == "s") return std::to_string(fixed(int16_t{}));
  if (f == "i" || f == "tdD") return std::to_string(fixed(int32_t{}));
  if (f == "l" || f.rfind("ts", 0) == 0 || f.rfind("tt", 0) == 0) {
    return std::to_string(fixed(int64_t{}));
  }
  if (f == "C") return std::to_string(fixed(uint8_t{}));
  if (f == "S") return std::to_string(fixed(uint16_t{}));
  if (f == "I") return std::to_string(fixed(uint32_t{}));
  if (f == "L") return std::to_string(fixed(uint64_t{}));
  if (f == "f" || f == "g") {
    char text[64];
    std::snprintf(text, sizeof(text), "%a", f == "f" ? double{fixed(float{})} : fixed(double{}));
    return std::string(text);
  }
  if (f.rfind("d:", 0) == 0) return Int128Text(fixed(Int128{}));
  if (f == "u" || f == "z") {
    const auto* offsets = static_cast<const int32_t*>(a.buffers[1]);
    return std::string(static_cast<const char*>(a.buffers[2]) + offsets[j],
                       static_cast<size_t>(offsets[j + 1] - offsets[j]));
  }
  if (f == "+l") {
    const auto* offsets = static_cast<const int32_t*>(a.buffers[1]);
    std::string out = "[";
    for (int32_t k = offsets[j]; k < offsets[j + 1]; ++k) {
      if (k > offsets[j]) out += ",";
      out += ArrowValueText(*s.children[0], *a.children[0], k).value_or("null");
    }
    return out + "]";
  }
  return "<format " + std::string(f) + ">";
}

// Everything in `stream`; fails the status on a stream error.
inline Result<StreamContents> ReadContents(ArrowArrayStream* stream) {
  StreamReader reader(stream);
  SchemaHandle schema;
  TRIB_RETURN_IF_ERROR(reader.GetSchema(schema.get()));
  StreamContents out;
  for (int64_t c = 0; c < schema->n_children; ++c) {
    out.names.emplace_back(schema->children[c]->name);
    out.formats.push_back(FormatOf(*schema->children[c]));
  }
  out.columns.resize(out.names.size());
  while (true) {
    ArrayHandle batch;
    TRIB_RETURN_IF_ERROR(reader.Next(batch.get()));
    if (!batch.valid()) break;
    ++out.batches;
    out.rows += batch->length;
    out.largest_batch = std::max(out.largest_batch, batch->length);
    for (int64_t c = 0; c < schema->n_children; ++c) {
      for (int64_t i = 0; i < batch->length; ++i) {
        out.columns[c].push_back(ArrowValueText(*schema->children[c], *batch->children[c], i));
      }
    }
  }
  return out;
}

}  // namespace trib::testing
