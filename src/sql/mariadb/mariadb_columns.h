// How each result column travels (MYSQL_FIELD: type, flags, length, decimals, charset) and
// what Arrow type it becomes; then the per-value decoders for both wire protocols, straight
// into the column builders. docs/sql-types.md ("MySQL and MariaDB") is the table of record.
#pragma once

#include <mysql.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "columnar/column_builder.h"
#include "columnar/column_type.h"
#include "common/status.h"
#include "sql/mariadb/mariadb_values.h"

namespace trib::sql::mariadb {

static_assert(std::endian::native == std::endian::little,
              "the MySQL binary protocol is little-endian and is decoded with memcpy");

// The wire shape of a column, which fixes both its decoding and its Arrow type.
enum class WireKind : uint8_t {
  kTiny,       // TINYINT -> int8
  kUTiny,      // TINYINT UNSIGNED -> int16
  kShort,      // SMALLINT, YEAR -> int16
  kUShort,     // SMALLINT UNSIGNED -> int32
  kLong,       // MEDIUMINT (either sign), INT -> int32
  kULong,      // INT UNSIGNED -> int64
  kLongLong,   // BIGINT -> int64
  kULongLong,  // BIGINT UNSIGNED -> decimal128(20, 0)
  kFloat,      // FLOAT -> float32
  kDouble,     // DOUBLE -> float64
  kDecimal,    // DECIMAL(p <= 38, s) -> decimal128(p, s)
  kBitBool,    // BIT(1) -> bool
  kBitInt64,   // BIT(2..64) -> int64 (the same 64 bits for BIT(64))
  kDate,       // DATE -> date32
  kDatetime,   // DATETIME -> timestamp[us], TIMESTAMP -> timestamp[us, UTC]
  kTime,       // TIME -> time64[us] (00:00:00 to 23:59:59.999999, else an error)
  kBytes,      // strings (utf8), binary strings (binary), DECIMAL(p > 38) and NULL (utf8)
};

struct ColumnPlan {
  WireKind kind = WireKind::kBytes;
  int32_t scale = 0;  // kDecimal
};

// Plans one column; `column` gets its name, Arrow type and nullability.
ColumnPlan PlanColumn(const MYSQL_FIELD& field, Column* column);

// The plans and Arrow schema of a result set.
void PlanColumns(const MYSQL_FIELD* fields, unsigned count, std::vector<ColumnPlan>* plans,
                 Schema* schema);

enum class Decoded : uint8_t { kOk, kMalformed, kTimeOutOfRange };

// The error a failed decode turns into: kInvalidArgument (field "query") naming the column.
Status DecodeError(const Column& column, Decoded what);

namespace detail {

template <typename T>
inline T Load(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// A protocol length-encoded integer; false if it runs past `end`.
inline bool ReadLength(const unsigned char*& p, const unsigned char* end, uint64_t* len) {
  if (p >= end) return false;
  const unsigned char first = *p++;
  size_t bytes = 0;
  if (first < 251) {
    *len = first;
    return true;
  }
  if (first == 252) {
    bytes = 2;
  } else if (first == 253) {
    bytes = 3;
  } else if (first == 254) {
    bytes = 8;
  } else {
    return false;
  }
  if (static_cast<size_t>(end - p) < bytes) return false;
  uint64_t v = 0;
  std::memcpy(&v, p, bytes);
  p += bytes;
  *len = v;
  return true;
}

inline Decoded AppendTime(ColumnBuilder& b, Parsed parsed, int64_t micros) {
  if (parsed != Parsed::kValue) return Decoded::kMalformed;
  if (micros < 0 || micros >= kMicrosPerDay) return Decoded::kTimeOutOfRange;
  b.AppendFixed<int64_t>(micros);
  return Decoded::kOk;
}

}  // namespace detail

// One binary-protocol value at `p` (advanced past it; `end` bounds the packet buffer).
// `var_bytes` grows by the bytes appended to variable-length columns, to bound batches.
inline Decoded DecodeBinary(const ColumnPlan& plan, ColumnBuilder& b, const unsigned char*& p,
                            const unsigned char* end, size_t* var_bytes) {
  const size_t avail = static_cast<size_t>(end - p);
  switch (plan.kind) {
    case WireKind::kTiny:
      if (avail < 1) return Decoded::kMalformed;
      b.AppendFixed<int8_t>(static_cast<int8_t>(*p));
      p += 1;
      return Decoded::kOk;
    case WireKind::kUTiny:
      if (avail < 1) return Decoded::kMalformed;
      b.AppendFixed<int16_t>(*p);
      p += 1;
      return Decoded::kOk;
    case WireKind::kShort:
      if (avail < 2) return Decoded::kMalformed;
      b.AppendFixed<int16_t>(detail::Load<int16_t>(p));
      p += 2;
      return Decoded::kOk;
    case WireKind::kUShort:
      if (avail < 2) return Decoded::kMalformed;
      b.AppendFixed<int32_t>(detail::Load<uint16_t>(p));
      p += 2;
      return Decoded::kOk;
    case WireKind::kLong:
      if (avail < 4) return Decoded::kMalformed;
      b.AppendFixed<int32_t>(detail::Load<int32_t>(p));
      p += 4;
      return Decoded::kOk;
    case WireKind::kULong:
      if (avail < 4) return Decoded::kMalformed;
      b.AppendFixed<int64_t>(detail::Load<uint32_t>(p));
      p += 4;
      return Decoded::kOk;
    case WireKind::kLongLong:
      if (avail < 8) return Decoded::kMalformed;
      b.AppendFixed<int64_t>(detail::Load<int64_t>(p));
      p += 8;
      return Decoded::kOk;
    case WireKind::kULongLong:
      if (avail < 8) return Decoded::kMalformed;
      b.AppendFixed<Int128>(detail::Load<uint64_t>(p));
      p += 8;
      return Decoded::kOk;
    case WireKind::kFloat:
      if (avail < 4) return Decoded::kMalformed;
      b.AppendFixed<float>(detail::Load<float>(p));
      p += 4;
      return Decoded::kOk;
    case WireKind::kDouble:
      if (avail < 8) return Decoded::kMalformed;
      b.AppendFixed<double>(detail::Load<double>(p));
      p += 8;
      return Decoded::kOk;
    case WireKind::kDate:
    case WireKind::kDatetime: {
      if (avail < 1 || avail - 1 < p[0]) return Decoded::kMalformed;
      const size_t len = *p++;
      int32_t days = 0;
      int64_t micros = 0;
      const Parsed parsed = DecodeBinaryDatetime(p, len, &days, &micros);
      p += len;
      if (parsed == Parsed::kBad) return Decoded::kMalformed;
      if (parsed == Parsed::kNull) {
        b.AppendNull();
      } else if (plan.kind == WireKind::kDate) {
        b.AppendFixed<int32_t>(days);
      } else {
        b.AppendFixed<int64_t>(micros);
      }
      return Decoded::kOk;
    }
    case WireKind::kTime: {
      if (avail < 1 || avail - 1 < p[0]) return Decoded::kMalformed;
      const size_t len = *p++;
      int64_t micros = 0;
      const Parsed parsed = DecodeBinaryTime(p, len, &micros);
      p += len;
      return detail::AppendTime(b, parsed, micros);
    }
    default:
      break;
  }
  // Everything else is a length-encoded string.
  uint64_t len = 0;
  if (!detail::ReadLength(p, end, &len) || len > static_cast<uint64_t>(end - p)) {
    return Decoded::kMalformed;
  }
  const unsigned char* data = p;
  p += len;
  switch (plan.kind) {
    case WireKind::kDecimal: {
      Int128 v = 0;
      if (!ParseDecimal({reinterpret_cast<const char*>(data), len}, plan.scale, &v)) {
        return Decoded::kMalformed;
      }
      b.AppendFixed<Int128>(v);
      return Decoded::kOk;
    }
    case WireKind::kBitBool:
      b.AppendBool(BigEndianBits(data, len) != 0);
      return Decoded::kOk;
    case WireKind::kBitInt64:
      if (len > 8) return Decoded::kMalformed;
      b.AppendFixed<int64_t>(static_cast<int64_t>(BigEndianBits(data, len)));
      return Decoded::kOk;
    default:
      b.AppendBytes(data, len);
      *var_bytes += len;
      return Decoded::kOk;
  }
}

// One text-protocol value (never null here: the caller appends nulls).
inline Decoded DecodeText(const ColumnPlan& plan, ColumnBuilder& b, const char* s, size_t n,
                          size_t* var_bytes) {
  const std::string_view text(s, n);
  switch (plan.kind) {
#define TRIB_TEXT_INT(KIND, PARSED, STORED)              \
  case WireKind::KIND: {                                 \
    PARSED v = 0;                                        \
    if (!ParseInt(text, &v)) return Decoded::kMalformed; \
    b.AppendFixed<STORED>(static_cast<STORED>(v));       \
    return Decoded::kOk;                                 \
  }
    TRIB_TEXT_INT(kTiny, int8_t, int8_t)
    TRIB_TEXT_INT(kUTiny, uint8_t, int16_t)
    TRIB_TEXT_INT(kShort, int16_t, int16_t)
    TRIB_TEXT_INT(kUShort, uint16_t, int32_t)
    TRIB_TEXT_INT(kLong, int32_t, int32_t)
    TRIB_TEXT_INT(kULong, uint32_t, int64_t)
    TRIB_TEXT_INT(kLongLong, int64_t, int64_t)
    TRIB_TEXT_INT(kULongLong, uint64_t, Int128)
#undef TRIB_TEXT_INT
    case WireKind::kFloat: {
      float v = 0;
      if (!ParseFloat(text, &v)) return Decoded::kMalformed;
      b.AppendFixed<float>(v);
      return Decoded::kOk;
    }
    case WireKind::kDouble: {
      double v = 0;
      if (!ParseFloat(text, &v)) return Decoded::kMalformed;
      b.AppendFixed<double>(v);
      return Decoded::kOk;
    }
    case WireKind::kDecimal: {
      Int128 v = 0;
      if (!ParseDecimal(text, plan.scale, &v)) return Decoded::kMalformed;
      b.AppendFixed<Int128>(v);
      return Decoded::kOk;
    }
    case WireKind::kBitBool:
    case WireKind::kBitInt64: {
      if (n > 8) return Decoded::kMalformed;
      const uint64_t bits = BigEndianBits(reinterpret_cast<const unsigned char*>(s), n);
      if (plan.kind == WireKind::kBitBool) {
        b.AppendBool(bits != 0);
      } else {
        b.AppendFixed<int64_t>(static_cast<int64_t>(bits));
      }
      return Decoded::kOk;
    }
    case WireKind::kDate: {
      int32_t days = 0;
      const Parsed parsed = ParseDateText(text, &days);
      if (parsed == Parsed::kBad) return Decoded::kMalformed;
      if (parsed == Parsed::kNull) {
        b.AppendNull();
      } else {
        b.AppendFixed<int32_t>(days);
      }
      return Decoded::kOk;
    }
    case WireKind::kDatetime: {
      int64_t micros = 0;
      const Parsed parsed = ParseDatetimeText(text, &micros);
      if (parsed == Parsed::kBad) return Decoded::kMalformed;
      if (parsed == Parsed::kNull) {
        b.AppendNull();
      } else {
        b.AppendFixed<int64_t>(micros);
      }
      return Decoded::kOk;
    }
    case WireKind::kTime: {
      int64_t micros = 0;
      const Parsed parsed = ParseTimeText(text, &micros);
      return detail::AppendTime(b, parsed, micros);
    }
    case WireKind::kBytes:
      b.AppendBytes(s, n);
      *var_bytes += n;
      return Decoded::kOk;
  }
  return Decoded::kMalformed;
}

}  // namespace trib::sql::mariadb
