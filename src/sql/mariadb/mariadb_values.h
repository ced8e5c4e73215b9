// Decoders for MySQL/MariaDB values as they arrive: the text protocol's strings and the binary
// protocol's packed dates and times. Exact: decimals become scaled Int128 without a double,
// dates become days and microseconds since the epoch. Inline: they run once per value.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace trib::sql::mariadb {

// decimal128 values are GCC's 128-bit integers; __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// What a date-like value turned out to be. MySQL stores "zero" dates ('0000-00-00', and with
// lax sql_modes '2024-00-00' or '2024-02-31'); they have no calendar day, so they read as null.
enum class Parsed { kValue, kNull, kBad };

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr bool IsCalendarDate(unsigned y, unsigned m, unsigned d) {
  if (m < 1 || m > 12 || d < 1) return false;
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1u : 0u);
}

namespace detail {

// Exactly `n` ASCII digits at p, or -1.
inline int Digits(const char* p, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned c = static_cast<unsigned char>(p[i]) - '0';
    if (c > 9) return -1;
    v = v * 10 + static_cast<int>(c);
  }
  return v;
}

// ".ffffff" (1 to 6 digits) at the end of a time: microseconds, or -1.
inline int64_t Fraction(std::string_view rest) {
  if (rest.empty()) return 0;
  if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7) return -1;
  int64_t us = 0;
  for (size_t i = 1; i < 7; ++i) {
    unsigned c = 0;
    if (i < rest.size()) {
      c = static_cast<unsigned char>(rest[i]) - '0';
      if (c > 9) return -1;
    }
    us = us * 10 + c;
  }
  return us;
}

inline uint16_t Le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
inline uint32_t Le32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // the protocol is little-endian, as are the hosts we build for
}

}  // namespace detail

// "YYYY-MM-DD" -> days since the epoch.
inline Parsed ParseDateText(std::string_view text, int32_t* days) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return Parsed::kBad;
  const int y = detail::Digits(text.data(), 4);
  const int m = detail::Digits(text.data() + 5, 2);
  const int d = detail::Digits(text.data() + 8, 2);
  if (y < 0 || m < 0 || d < 0) return Parsed::kBad;
  if (!IsCalendarDate(y, m, d)) return Parsed::kNull;
  *days = static_cast<int32_t>(DaysFromCivil(y, m, d));
  return Parsed::kValue;
}

// "YYYY-MM-DD HH:MM:SS[.ffffff]" -> microseconds since the epoch (of that wall-clock time).
inline Parsed ParseDatetimeText(std::string_view text, int64_t* micros) {
  if (text.size() < 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return Parsed::kBad;
  }
  int32_t days = 0;
  const Parsed date = ParseDateText(text.substr(0, 10), &days);
  const int h = detail::Digits(text.data() + 11, 2);
  const int mi = detail::Digits(text.data() + 14, 2);
  const int s = detail::Digits(text.data() + 17, 2);
  const int64_t us = detail::Fraction(text.substr(19));
  if (date == Parsed::kBad || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || us < 0) {
    return Parsed::kBad;
  }
  if (date == Parsed::kNull) return Parsed::kNull;
  *micros = days * kMicrosPerDay + ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + us;
  return Parsed::kValue;
}

// "[-]H..H:MM:SS[.ffffff]" (MySQL TIME spans -838:59:59 to 838:59:59) -> signed microseconds.
inline Parsed ParseTimeText(std::string_view text, int64_t* micros) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 3 || text.size() < colon + 6 ||
      text[colon + 3] != ':') {
    return Parsed::kBad;
  }
  const int h = detail::Digits(text.data(), static_cast<int>(colon));
  const int mi = detail::Digits(text.data() + colon + 1, 2);
  const int s = detail::Digits(text.data() + colon + 4, 2);
  const int64_t us = detail::Fraction(text.substr(colon + 6));
  if (h < 0 || mi < 0 || mi > 59 || s < 0 || s > 59 || us < 0) return Parsed::kBad;
  const int64_t v = ((int64_t{h} * 60 + mi) * 60 + s) * kMicrosPerSecond + us;
  *micros = negative ? -v : v;
  return Parsed::kValue;
}

// Binary protocol DATE/DATETIME/TIMESTAMP: length 0 (the zero date), 4 (y y m d), 7 (+ h m s)
// or 11 (+ 4 bytes of microseconds). Days and microseconds since the epoch.
inline Parsed DecodeBinaryDatetime(const unsigned char* p, size_t len, int32_t* days,
                                   int64_t* micros) {
  if (len == 0) return Parsed::kNull;
  if (len != 4 && len != 7 && len != 11) return Parsed::kBad;
  const unsigned y = detail::Le16(p), m = p[2], d = p[3];
  if (!IsCalendarDate(y, m, d)) return Parsed::kNull;
  *days = static_cast<int32_t>(DaysFromCivil(y, m, d));
  int64_t us = 0;
  if (len >= 7) {
    if (p[4] > 23 || p[5] > 59 || p[6] > 59) return Parsed::kBad;
    us = ((p[4] * 60 + p[5]) * 60 + p[6]) * kMicrosPerSecond;
    if (len == 11) us += detail::Le32(p + 7);
  }
  *micros = *days * kMicrosPerDay + us;
  return Parsed::kValue;
}

// Binary protocol TIME: length 0 (00:00:00), 8 (negative, 4 bytes of days, h m s) or 12
// (+ 4 bytes of microseconds). Signed microseconds.
inline Parsed DecodeBinaryTime(const unsigned char* p, size_t len, int64_t* micros) {
  if (len == 0) {
    *micros = 0;
    return Parsed::kValue;
  }
  if (len != 8 && len != 12) return Parsed::kBad;
  const int64_t days = detail::Le32(p + 1);
  int64_t v = (((days * 24 + p[5]) * 60 + p[6]) * 60 + p[7]) * kMicrosPerSecond;
  if (len == 12) v += detail::Le32(p + 8);
  *micros = p[0] ? -v : v;
  return Parsed::kValue;
}

// A DECIMAL's text ("-12.5") as its unscaled value at `scale` ("-12.5" at scale 2 -> -1250).
// False for anything else, for more fraction digits than `scale`, or beyond 38 digits.
inline bool ParseDecimal(std::string_view text, int32_t scale, Int128* out) {
  constexpr uint64_t kPow10_18 = 1000000000000000000ull;
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  // Up to 18 digits fit a uint64: accumulate in chunks, widen once per chunk.
  Int128 v = 0;
  uint64_t chunk = 0;
  uint64_t chunk_scale = 1;
  int digits = 0;       // all digits seen
  int significant = 0;  // digits from the first non-zero one: bounds the magnitude
  int fraction = -1;    // digits after the point; -1 before it
  for (; p != end; ++p) {
    const unsigned c = static_cast<unsigned char>(*p) - '0';
    if (c <= 9) {
      ++digits;
      if (fraction >= 0) ++fraction;
      if (significant == 0 && c == 0) continue;
      if (++significant > 38) return false;
      chunk = chunk * 10 + c;
      chunk_scale *= 10;
      if (chunk_scale == kPow10_18) {
        v = v * static_cast<Int128>(kPow10_18) + chunk;
        chunk = 0;
        chunk_scale = 1;
      }
    } else if (*p == '.' && fraction < 0) {
      fraction = 0;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  if (fraction < 0) fraction = 0;
  if (fraction > scale || significant + (scale - fraction) > 38) return false;
  v = v * chunk_scale + chunk;
  for (int i = fraction; i < scale; ++i) v *= 10;
  *out = negative ? -v : v;
  return true;
}

// A text integer, e.g. "-12" (the text protocol's TINYINT..BIGINT and YEAR).
template <typename T>
inline bool ParseInt(std::string_view text, T* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// A text FLOAT/DOUBLE as the server formats it (shortest round-trip representation).
template <typename T>
inline bool ParseFloat(std::string_view text, T* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// BIT(n) values arrive as ceil(n/8) big-endian bytes in both protocols.
inline uint64_t BigEndianBits(const unsigned char* p, size_t len) {
  uint64_t v = 0;
  for (size_t i = 0; i < len; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace trib::sql::mariadb
