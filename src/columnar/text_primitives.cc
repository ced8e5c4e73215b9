#include "columnar/text_primitives.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace trib::text {

namespace {

__extension__ typedef unsigned __int128 uint128;

constexpr int64_t kPerSecond[] = {1, 1000, 1000000, 1000000000};
constexpr int kFractionDigits[] = {0, 3, 6, 9};

// Floor division with a non-negative remainder (b > 0), without overflow at INT64_MIN.
int64_t FloorDiv(int64_t a, int64_t b, int64_t* remainder = nullptr) {
  int64_t q = a / b;
  int64_t r = a % b;
  if (r < 0) {
    r += b;
    --q;
  }
  if (remainder != nullptr) *remainder = r;
  return q;
}

// append(pointer, count): the (first, last) overload goes through a slow generic replace.
void Append(std::string& out, const char* begin, const char* end) {
  out.append(begin, static_cast<size_t>(end - begin));
}

constexpr char kTwoDigits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Formatting writes into a caller's stack buffer and returns the new end: one append per value.
char* Put2(char* p, int64_t v) {  // 0 <= v < 100
  std::memcpy(p, kTwoDigits + 2 * v, 2);
  return p + 2;
}

char* PutPadded(char* p, uint64_t value, int width) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  const int n = static_cast<int>(end - digits);
  for (int i = n; i < width; ++i) *p++ = '0';
  std::memcpy(p, digits, static_cast<size_t>(n));
  return p + n;
}

void AppendPadded(std::string& out, uint64_t value, int width) {
  char buf[48];
  Append(out, buf, PutPadded(buf, value, width));
}

char* PutYearMonthDay(char* p, int64_t days) {
  // Howard Hinnant's civil_from_days.
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y >= 0 && y <= 9999) {
    p = Put2(p, y / 100);
    p = Put2(p, y % 100);
  } else {
    if (y < 0) *p++ = '-';
    p = PutPadded(p, static_cast<uint64_t>(y < 0 ? -y : y), 4);
  }
  *p++ = '-';
  p = Put2(p, m);
  *p++ = '-';
  return Put2(p, d);
}

// The text of one day, remembered: consecutive timestamps mostly fall on the same day.
char* PutDay(char* p, int64_t days) {
  thread_local int64_t cached_days = std::numeric_limits<int64_t>::min();
  thread_local char cached[32];
  thread_local size_t cached_size = 0;
  if (days != cached_days) {
    cached_size = static_cast<size_t>(PutYearMonthDay(cached, days) - cached);
    cached_days = days;
  }
  std::memcpy(p, cached, cached_size);
  return p + cached_size;
}

// Hours beyond 99 (only in invalid times) keep their last two digits.
char* PutClock(char* p, uint64_t seconds_of_day, uint64_t fraction, TimeUnit unit) {
  p = Put2(p, static_cast<int64_t>(seconds_of_day / 3600 % 100));
  *p++ = ':';
  p = Put2(p, static_cast<int64_t>(seconds_of_day / 60 % 60));
  *p++ = ':';
  p = Put2(p, static_cast<int64_t>(seconds_of_day % 60));
  if (fraction != 0) {
    *p++ = '.';
    p = PutPadded(p, fraction, kFractionDigits[static_cast<int>(unit)]);
  }
  return p;
}

// "<seconds>[.<fraction without trailing zeros>]" of a non-negative count of 10^-digits seconds.
void AppendSeconds(std::string& out, uint64_t value, int digits) {
  uint64_t per = 1;
  for (int i = 0; i < digits; ++i) per *= 10;
  AppendUInt(out, value / per);
  uint64_t fraction = value % per;
  if (fraction == 0) return;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  out.push_back('.');
  AppendPadded(out, fraction, digits);
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Length of the valid UTF-8 sequence at s (n bytes available), 0 when invalid.
size_t Utf8Length(const uint8_t* s, size_t n) {
  const uint8_t c = s[0];
  auto cont = [&](size_t i, uint8_t lo = 0x80, uint8_t hi = 0xBF) {
    return i < n && s[i] >= lo && s[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

void AppendInt(std::string& out, int64_t value) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  Append(out, buf, end);
}

void AppendUInt(std::string& out, uint64_t value) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  Append(out, buf, end);
}

bool IsFinite(double value) { return std::isfinite(value); }

void AppendDouble(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value < 0 ? "-Infinity" : "Infinity";
  } else {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
    Append(out, buf, end);
  }
}

void AppendFloat(std::string& out, float value) {
  if (!std::isfinite(value)) return AppendDouble(out, value);
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  Append(out, buf, end);
}

float HalfToFloat(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  const uint32_t exponent = (half >> 10) & 0x1F;
  const uint32_t mantissa = half & 0x3FF;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  }
  return sign != 0 ? -magnitude : magnitude;
}

void AppendDecimal(std::string& out, const uint8_t* value, int bytes, int32_t scale) {
  // Little-endian limbs, sign-extended to whole 64-bit words.
  uint64_t limbs[4] = {};
  const int n = bytes <= 8 ? 1 : bytes / 8;
  if (bytes == 4) {
    int32_t v;
    std::memcpy(&v, value, 4);
    limbs[0] = static_cast<uint64_t>(static_cast<int64_t>(v));
  } else {
    std::memcpy(limbs, value, static_cast<size_t>(n) * 8);
  }
  const bool negative = (limbs[n - 1] >> 63) != 0;
  if (negative) {  // two's complement negation
    uint64_t carry = 1;
    for (int i = 0; i < n; ++i) {
      limbs[i] = ~limbs[i] + carry;
      carry = (carry != 0 && limbs[i] == 0) ? 1 : 0;
    }
  }
  // The magnitude's digits, right-aligned in `digits`.
  char digits[96];
  char* const end = digits + sizeof(digits);
  char* begin = end;
  bool fits_64 = true;
  for (int i = 1; i < n; ++i) fits_64 = fits_64 && limbs[i] == 0;
  if (fits_64) {  // the common case: one to_chars
    char tmp[24];
    const auto [e, ec] = std::to_chars(tmp, tmp + sizeof(tmp), limbs[0]);
    begin -= e - tmp;
    std::memcpy(begin, tmp, static_cast<size_t>(e - tmp));
  } else {
    // Repeated division by 10^19: 19 digits per step, least significant first.
    constexpr uint64_t kChunk = 10000000000000000000ull;
    bool zero = false;
    while (!zero) {
      uint128 remainder = 0;
      zero = true;
      for (int i = n - 1; i >= 0; --i) {
        const uint128 current = (remainder << 64) | limbs[i];
        limbs[i] = static_cast<uint64_t>(current / kChunk);
        remainder = current % kChunk;
        if (limbs[i] != 0) zero = false;
      }
      auto chunk = static_cast<uint64_t>(remainder);
      for (int k = 0; k < 19 && (chunk != 0 || !zero); ++k) {
        *--begin = static_cast<char>('0' + chunk % 10);
        chunk /= 10;
      }
    }
  }
  const bool is_zero = end - begin == 1 && *begin == '0';
  char buf[128];
  char* p = buf;
  if (negative && !is_zero) *p++ = '-';
  const auto count = static_cast<int64_t>(end - begin);
  if (scale <= 0) {
    std::memcpy(p, begin, static_cast<size_t>(count));
    Append(out, buf, p + count);
    if (!is_zero) out.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  if (count <= scale) {  // 0.000ddd
    *p++ = '0';
    *p++ = '.';
    if (scale > 80) {  // wider than any decimal type: pad outside the buffer
      Append(out, buf, p);
      out.append(static_cast<size_t>(scale - count), '0');
      Append(out, begin, end);
      return;
    }
    for (int64_t i = count; i < scale; ++i) *p++ = '0';
    std::memcpy(p, begin, static_cast<size_t>(count));
    p += count;
  } else {
    const int64_t whole = count - scale;
    std::memcpy(p, begin, static_cast<size_t>(whole));
    p += whole;
    *p++ = '.';
    std::memcpy(p, begin + whole, static_cast<size_t>(scale));
    p += scale;
  }
  Append(out, buf, p);
}

void AppendDate(std::string& out, int64_t days) {
  char buf[40];
  Append(out, buf, PutYearMonthDay(buf, days));
}

void AppendTimeOfDay(std::string& out, int64_t value, TimeUnit unit) {
  // A time of day is never negative; an invalid one is shown with a sign, not wrapped.
  const auto per = static_cast<uint64_t>(kPerSecond[static_cast<int>(unit)]);
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  char buf[48];
  char* p = buf;
  if (value < 0) *p++ = '-';
  Append(out, buf, PutClock(p, magnitude / per, magnitude % per, unit));
}

void AppendTimestamp(std::string& out, int64_t value, TimeUnit unit, bool utc) {
  const int64_t per = kPerSecond[static_cast<int>(unit)];
  int64_t fraction = 0;
  int64_t second_of_day = 0;
  const int64_t seconds = FloorDiv(value, per, &fraction);
  const int64_t days = FloorDiv(seconds, 86400, &second_of_day);
  char buf[80];
  char* p = PutDay(buf, days);
  *p++ = 'T';
  p = PutClock(p, static_cast<uint64_t>(second_of_day), static_cast<uint64_t>(fraction), unit);
  if (utc) *p++ = 'Z';
  Append(out, buf, p);
}

void AppendDuration(std::string& out, int64_t value, TimeUnit unit) {
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (value < 0) out.push_back('-');
  out += "PT";
  AppendSeconds(out, magnitude, kFractionDigits[static_cast<int>(unit)]);
  out.push_back('S');
}

void AppendInterval(std::string& out, int32_t months, int32_t days, int64_t nanos) {
  out.push_back('P');
  if (months != 0) {
    AppendInt(out, months);
    out.push_back('M');
  }
  if (days != 0) {
    AppendInt(out, days);
    out.push_back('D');
  }
  if (nanos != 0 || (months == 0 && days == 0)) {
    out.push_back('T');
    if (nanos < 0) out.push_back('-');
    AppendSeconds(out, nanos < 0 ? 0 - static_cast<uint64_t>(nanos) : static_cast<uint64_t>(nanos),
                  9);
    out.push_back('S');
  }
}

void AppendBase64(std::string& out, const uint8_t* data, size_t size) {
  const size_t start = out.size();
  out.resize(start + (size + 2) / 3 * 4);
  char* p = out.data() + start;
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    *p++ = kBase64[v >> 18];
    *p++ = kBase64[(v >> 12) & 63];
    *p++ = kBase64[(v >> 6) & 63];
    *p++ = kBase64[v & 63];
  }
  if (i < size) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (i + 1 < size ? uint32_t{data[i + 1]} << 8 : 0);
    *p++ = kBase64[v >> 18];
    *p++ = kBase64[(v >> 12) & 63];
    *p++ = i + 1 < size ? kBase64[(v >> 6) & 63] : '=';
    *p++ = '=';
  }
}

void AppendJsonString(std::string& out, const uint8_t* s, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < n) {
    const uint8_t c = s[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(reinterpret_cast<const char*>(s + run), i - run);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default: {
          const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out.append(escape, 6);
        }
      }
      ++i;
    } else {
      const size_t len = Utf8Length(s + i, n - i);
      if (len == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        ++i;
      } else {
        out.append(reinterpret_cast<const char*>(s + i), len);
        i += len;
      }
    }
    run = i;
  }
  out.append(reinterpret_cast<const char*>(s + run), n - run);
  out.push_back('"');
}

void AppendCsvField(std::string& out, const char* data, size_t size, char delimiter) {
  bool quote = size == 0;
  for (size_t i = 0; i < size && !quote; ++i) {
    const char c = data[i];
    quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
  }
  if (!quote) {
    out.append(data, size);
    return;
  }
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '"') {
      out.append(data + run, i + 1 - run);
      out.push_back('"');
      run = i + 1;
    }
  }
  out.append(data + run, size - run);
  out.push_back('"');
}

}  // namespace trib::text
