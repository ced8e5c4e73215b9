// PostgreSQL's binary numeric (base-10000 digits, a weight, a sign and a display scale) turned
// into a decimal128 value or into the same text PostgreSQL prints.
#pragma once

#include <cstdint>
#include <string>

namespace trib::sql::pg {

__extension__ typedef __int128 Int128;

enum class NumericResult : uint8_t { kOk, kMalformed, kNaN, kInfinite, kOverflow };

// The value scaled by 10^scale as a decimal128 that must fit `precision` digits. Digits below
// the scale are dropped (a numeric(p,s) column never has any).
NumericResult NumericToDecimal(const uint8_t* data, int32_t size, int32_t precision, int32_t scale,
                               Int128* out);

// "-12.50", "NaN", "Infinity", "-Infinity"; appends to `out`.
NumericResult NumericToText(const uint8_t* data, int32_t size, std::string* out);

}  // namespace trib::sql::pg
