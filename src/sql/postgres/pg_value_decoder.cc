#include "sql/postgres/pg_value_decoder.h"

namespace trib::sql::pg {

static_assert(
    static_cast<int>(DecodeResult::kNaN) == static_cast<int>(NumericResult::kNaN) &&
        static_cast<int>(DecodeResult::kInfinite) == static_cast<int>(NumericResult::kInfinite) &&
        static_cast<int>(DecodeResult::kOverflow) == static_cast<int>(NumericResult::kOverflow) &&
        static_cast<int>(DecodeResult::kMalformed) == static_cast<int>(NumericResult::kMalformed),
    "DecodeValue passes numeric results through as they are");

const char* DescribeDecodeResult(DecodeResult result) {
  switch (result) {
    case DecodeResult::kOk:
      return "ok";
    case DecodeResult::kMalformed:
      return "malformed binary value from the server";
    case DecodeResult::kNaN:
      return "NaN cannot be stored in a decimal column; cast the column to float8 or text";
    case DecodeResult::kInfinite:
      return "Infinity cannot be stored in a decimal column; cast the column to float8 or text";
    case DecodeResult::kOverflow:
      return "value out of the range of its Arrow type; cast the column to text";
    case DecodeResult::kMultiDimension:
      return "multi-dimensional arrays are not supported; cast the column to text";
    case DecodeResult::kJsonbVersion:
      return "unknown jsonb binary version; cast the column to text";
  }
  return "?";
}

DecodeResult DecodeArray(const ValuePlan& plan, const uint8_t* p, int32_t size,
                         ColumnBuilder& out) {
  // ndim, has-nulls flag, element type; then (length, lower bound) per dimension; then the
  // elements, each with a length (-1: NULL).
  if (size < 12) return DecodeResult::kMalformed;
  const int32_t ndim = ReadI32(p);
  if (ndim == 0) {
    out.FinishListRow();
    return DecodeResult::kOk;
  }
  if (ndim < 0) return DecodeResult::kMalformed;
  if (ndim > 1) return DecodeResult::kMultiDimension;
  if (size < 20) return DecodeResult::kMalformed;
  const int32_t count = ReadI32(p + 12);
  if (count < 0) return DecodeResult::kMalformed;
  ColumnBuilder& element = out.element();
  int64_t pos = 20;
  for (int32_t i = 0; i < count; ++i) {
    if (pos + 4 > size) return DecodeResult::kMalformed;
    const int32_t length = ReadI32(p + pos);
    pos += 4;
    if (length == -1) {
      element.AppendNull();
      continue;
    }
    if (length < 0 || pos + length > size) return DecodeResult::kMalformed;
    const DecodeResult r = DecodeValue(*plan.element, p + pos, length, element);
    if (r != DecodeResult::kOk) return r;
    pos += length;
  }
  if (pos != size) return DecodeResult::kMalformed;
  out.FinishListRow();
  return DecodeResult::kOk;
}

DecodeResult DecodeNumericText(const uint8_t* data, int32_t size, ColumnBuilder& out) {
  std::string text;
  const NumericResult r = NumericToText(data, size, &text);
  if (r != NumericResult::kOk) return static_cast<DecodeResult>(r);
  out.AppendBytes(text.data(), text.size());
  return DecodeResult::kOk;
}

void AppendUuidText(const uint8_t* data, ColumnBuilder& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  char text[36];
  int at = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text[at++] = '-';
    text[at++] = kHex[data[i] >> 4];
    text[at++] = kHex[data[i] & 15];
  }
  out.AppendBytes(text, sizeof text);
}

}  // namespace trib::sql::pg
