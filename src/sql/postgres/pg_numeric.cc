#include "sql/postgres/pg_numeric.h"

#include <array>
#include <cstring>

#include "sql/postgres/pg_wire.h"

namespace trib::sql::pg {

namespace {

__extension__ typedef unsigned __int128 UInt128;

constexpr uint16_t kSignPositive = 0x0000;
constexpr uint16_t kSignNegative = 0x4000;
constexpr uint16_t kSignNaN = 0xC000;
constexpr uint16_t kSignPlusInfinity = 0xD000;
constexpr uint16_t kSignMinusInfinity = 0xF000;
constexpr int kMaxDigits = 38;

constexpr std::array<UInt128, kMaxDigits + 1> MakePowers() {
  std::array<UInt128, kMaxDigits + 1> p{};
  p[0] = 1;
  for (int i = 1; i <= kMaxDigits; ++i) p[i] = p[i - 1] * 10;
  return p;
}
constexpr std::array<UInt128, kMaxDigits + 1> kPow10 = MakePowers();
constexpr int kGroupPow[] = {1, 10, 100, 1000, 10000};

struct Header {
  int ndigits;
  int weight;  // the first digit's power of 10000
  uint16_t sign;
  int dscale;
  const uint8_t* digits;
};

bool ParseHeader(const uint8_t* data, int32_t size, Header* h) {
  if (size < 8) return false;
  h->ndigits = static_cast<int16_t>(ReadU16(data));
  h->weight = static_cast<int16_t>(ReadU16(data + 2));
  h->sign = ReadU16(data + 4);
  h->dscale = static_cast<int16_t>(ReadU16(data + 6));
  h->digits = data + 8;
  return h->ndigits >= 0 && size == 8 + 2 * h->ndigits;
}

NumericResult Special(uint16_t sign) {
  if (sign == kSignNaN) return NumericResult::kNaN;
  if (sign == kSignPlusInfinity || sign == kSignMinusInfinity) return NumericResult::kInfinite;
  return NumericResult::kMalformed;
}

}  // namespace

NumericResult NumericToDecimal(const uint8_t* data, int32_t size, int32_t precision, int32_t scale,
                               Int128* out) {
  Header h;
  if (!ParseHeader(data, size, &h)) return NumericResult::kMalformed;
  if (h.sign != kSignPositive && h.sign != kSignNegative) return Special(h.sign);
  // Horner over the groups, in units of 10^-scale. `exponent` is the power of ten of the last
  // group taken in; a group straddling the scale keeps only its leading digits.
  UInt128 acc = 0;
  int exponent = 0;
  for (int i = 0; i < h.ndigits; ++i) {
    const int digit = ReadU16(h.digits + 2 * i);
    if (digit >= 10000) return NumericResult::kMalformed;
    const int e = 4 * (h.weight - i) + scale;
    if (e <= -4) break;
    // acc * 10^k >= 10^38 cannot fit any precision; checking first keeps the product in range.
    const int k = e >= 0 ? 4 : 4 + e;
    if (acc >= kPow10[kMaxDigits - k]) return NumericResult::kOverflow;
    acc = acc * kGroupPow[k] + static_cast<unsigned>(e >= 0 ? digit : digit / kGroupPow[-e]);
    exponent = e > 0 ? e : 0;
  }
  if (exponent > 0 && acc != 0) {
    if (exponent > kMaxDigits || acc >= kPow10[kMaxDigits - exponent]) {
      return NumericResult::kOverflow;
    }
    acc *= kPow10[exponent];
  }
  if (acc >= kPow10[precision]) return NumericResult::kOverflow;
  const Int128 value = static_cast<Int128>(acc);
  *out = h.sign == kSignNegative ? -value : value;
  return NumericResult::kOk;
}

NumericResult NumericToText(const uint8_t* data, int32_t size, std::string* out) {
  Header h;
  if (!ParseHeader(data, size, &h)) return NumericResult::kMalformed;
  switch (h.sign) {
    case kSignPositive:
    case kSignNegative:
      break;
    case kSignNaN:
      out->append("NaN");
      return NumericResult::kOk;
    case kSignPlusInfinity:
      out->append("Infinity");
      return NumericResult::kOk;
    case kSignMinusInfinity:
      out->append("-Infinity");
      return NumericResult::kOk;
    default:
      return NumericResult::kMalformed;
  }
  auto digit_at = [&](int i) -> int {
    return i >= 0 && i < h.ndigits ? ReadU16(h.digits + 2 * i) : 0;
  };
  if (h.sign == kSignNegative) out->push_back('-');
  if (h.weight < 0 || h.ndigits == 0) {
    out->push_back('0');
  } else {
    for (int i = 0; i <= h.weight; ++i) {
      const int d = digit_at(i);
      if (d >= 10000) return NumericResult::kMalformed;
      char group[4] = {static_cast<char>('0' + d / 1000), static_cast<char>('0' + d / 100 % 10),
                       static_cast<char>('0' + d / 10 % 10), static_cast<char>('0' + d % 10)};
      int skip = 0;
      if (i == 0) {
        while (skip < 3 && group[skip] == '0') ++skip;
      }
      out->append(group + skip, 4 - skip);
    }
  }
  if (h.dscale > 0) {
    out->push_back('.');
    int written = 0;
    for (int i = h.weight + 1; written < h.dscale; ++i) {
      const int d = digit_at(i);
      if (d >= 10000) return NumericResult::kMalformed;
      const char group[4] = {static_cast<char>('0' + d / 1000),
                             static_cast<char>('0' + d / 100 % 10),
                             static_cast<char>('0' + d / 10 % 10), static_cast<char>('0' + d % 10)};
      const int take = h.dscale - written < 4 ? h.dscale - written : 4;
      out->append(group, static_cast<size_t>(take));
      written += take;
    }
  }
  return NumericResult::kOk;
}

}  // namespace trib::sql::pg
