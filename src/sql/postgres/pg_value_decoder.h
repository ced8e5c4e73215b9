// Decodes one binary PostgreSQL value (as COPY BINARY and binary result sets carry it) straight
// into a ColumnBuilder. Shared by the COPY reader and the cursor reader.
#pragma once

#include <climits>
#include <cstdint>
#include <string>

#include "columnar/column_builder.h"
#include "sql/postgres/pg_numeric.h"
#include "sql/postgres/pg_types.h"
#include "sql/postgres/pg_wire.h"

namespace trib::sql::pg {

enum class DecodeResult : uint8_t {
  kOk,
  kMalformed,       // the wire value does not have the expected shape: a protocol bug
  kNaN,             // NaN in a decimal column
  kInfinite,        // +-Infinity in a decimal column
  kOverflow,        // more digits than the decimal's precision
  kMultiDimension,  // arrays of more than one dimension
  kJsonbVersion,    // a jsonb binary version we do not know
};

// For people; kMalformed aside, each says what to do about it.
const char* DescribeDecodeResult(DecodeResult result);

// PostgreSQL counts from 2000-01-01; Arrow from 1970-01-01.
inline constexpr int32_t kPgEpochDays = 10957;
inline constexpr int64_t kPgEpochMicros = int64_t{kPgEpochDays} * 86400 * 1000000;

DecodeResult DecodeArray(const ValuePlan& plan, const uint8_t* data, int32_t size,
                         ColumnBuilder& out);
DecodeResult DecodeNumericText(const uint8_t* data, int32_t size, ColumnBuilder& out);
void AppendUuidText(const uint8_t* data, ColumnBuilder& out);

inline DecodeResult DecodeValue(const ValuePlan& plan, const uint8_t* p, int32_t size,
                                ColumnBuilder& out) {
  switch (plan.kind) {
    case ValueKind::kBool:
      if (size != 1) return DecodeResult::kMalformed;
      out.AppendBool(p[0] != 0);
      return DecodeResult::kOk;
    case ValueKind::kInt16:
      if (size != 2) return DecodeResult::kMalformed;
      out.AppendFixed(static_cast<int16_t>(ReadU16(p)));
      return DecodeResult::kOk;
    case ValueKind::kInt32:
      if (size != 4) return DecodeResult::kMalformed;
      out.AppendFixed(static_cast<int32_t>(ReadU32(p)));
      return DecodeResult::kOk;
    case ValueKind::kOid:
      if (size != 4) return DecodeResult::kMalformed;
      out.AppendFixed(static_cast<int64_t>(ReadU32(p)));
      return DecodeResult::kOk;
    case ValueKind::kInt64:
    case ValueKind::kTime:
      if (size != 8) return DecodeResult::kMalformed;
      out.AppendFixed(static_cast<int64_t>(ReadU64(p)));
      return DecodeResult::kOk;
    case ValueKind::kFloat32: {
      if (size != 4) return DecodeResult::kMalformed;
      const uint32_t bits = ReadU32(p);
      float v;
      std::memcpy(&v, &bits, sizeof v);
      out.AppendFixed(v);
      return DecodeResult::kOk;
    }
    case ValueKind::kFloat64: {
      if (size != 8) return DecodeResult::kMalformed;
      const uint64_t bits = ReadU64(p);
      double v;
      std::memcpy(&v, &bits, sizeof v);
      out.AppendFixed(v);
      return DecodeResult::kOk;
    }
    case ValueKind::kDecimal: {
      Int128 v = 0;
      const NumericResult r = NumericToDecimal(p, size, plan.precision, plan.scale, &v);
      if (r != NumericResult::kOk) return static_cast<DecodeResult>(r);
      out.AppendFixed(v);
      return DecodeResult::kOk;
    }
    case ValueKind::kNumericText:
      return DecodeNumericText(p, size, out);
    case ValueKind::kText:
    case ValueKind::kBytea:
      out.AppendBytes(p, static_cast<size_t>(size));
      return DecodeResult::kOk;
    case ValueKind::kJsonb:
      if (size < 1) return DecodeResult::kMalformed;
      if (p[0] != 1) return DecodeResult::kJsonbVersion;
      out.AppendBytes(p + 1, static_cast<size_t>(size - 1));
      return DecodeResult::kOk;
    case ValueKind::kDate: {
      if (size != 4) return DecodeResult::kMalformed;
      const int32_t days = static_cast<int32_t>(ReadU32(p));
      // +-infinity (INT32_MAX/MIN) stay the extremes of date32.
      int32_t shifted = days;
      if (days != INT32_MAX && days != INT32_MIN &&
          __builtin_add_overflow(days, kPgEpochDays, &shifted)) {
        return DecodeResult::kOverflow;
      }
      out.AppendFixed(shifted);
      return DecodeResult::kOk;
    }
    case ValueKind::kTimestamp:
    case ValueKind::kTimestampTz: {
      if (size != 8) return DecodeResult::kMalformed;
      const int64_t micros = static_cast<int64_t>(ReadU64(p));
      // +-infinity (INT64_MAX/MIN) stay the extremes; the last 30 millennia PostgreSQL allows
      // do not fit int64 microseconds since 1970.
      int64_t shifted = micros;
      if (micros != INT64_MAX && micros != INT64_MIN &&
          __builtin_add_overflow(micros, kPgEpochMicros, &shifted)) {
        return DecodeResult::kOverflow;
      }
      out.AppendFixed(shifted);
      return DecodeResult::kOk;
    }
    case ValueKind::kUuid:
      if (size != 16) return DecodeResult::kMalformed;
      AppendUuidText(p, out);
      return DecodeResult::kOk;
    case ValueKind::kArray:
      return DecodeArray(plan, p, size, out);
  }
  return DecodeResult::kMalformed;
}

}  // namespace trib::sql::pg
