#include "sql/text_values.h"

#include <charconv>
#include <cmath>

namespace trib::sql {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`.
std::optional<int> Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// "YYYY-MM-DD" at the start of `s`: days since the epoch.
std::optional<int64_t> DatePrefix(std::string_view s) {
  const auto y = Digits(s, 0, 4);
  const auto m = Digits(s, 5, 2);
  const auto d = Digits(s, 8, 2);
  if (!y || !m || !d || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (*m < 1 || *m > 12 || *d < 1 || static_cast<unsigned>(*d) > DaysInMonth(*y, *m)) {
    return std::nullopt;
  }
  return DaysFromCivil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

// "HH:MM[:SS[.f...]]" at the start of `s`: microseconds; `used` is how many chars it took.
std::optional<int64_t> TimePrefix(std::string_view s, size_t* used) {
  const auto h = Digits(s, 0, 2);
  const auto mi = Digits(s, 3, 2);
  if (!h || !mi || s[2] != ':' || *h > 23 || *mi > 59) return std::nullopt;
  int64_t micros = (*h * 3600LL + *mi * 60LL) * 1000000LL;
  size_t pos = 5;
  if (pos < s.size() && s[pos] == ':') {
    const auto sec = Digits(s, pos + 1, 2);
    if (!sec || *sec > 59) return std::nullopt;
    micros += *sec * 1000000LL;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      const size_t start = pos;
      int64_t fraction = 0;
      while (pos < s.size() && IsDigit(s[pos])) {
        const size_t index = pos - start;
        if (index < 6) {
          fraction = fraction * 10 + (s[pos] - '0');
        } else if (s[pos] != '0') {
          return std::nullopt;  // below a microsecond: would be lost
        }
        ++pos;
      }
      if (pos == start) return std::nullopt;
      for (size_t i = pos - start; i < 6; ++i) fraction *= 10;
      micros += fraction;
    }
  }
  *used = pos;
  return micros;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<Int128> ParseDecimal(std::string_view s, int precision, int scale) {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) return std::nullopt;
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) negative = s[pos++] == '-';
  // Significant digits (leading zeros dropped) and where the decimal point sits among them.
  std::string digits;
  int64_t fraction_digits = 0;
  bool any_digit = false;
  bool after_point = false;
  for (; pos < s.size(); ++pos) {
    const char c = s[pos];
    if (IsDigit(c)) {
      any_digit = true;
      if (after_point) ++fraction_digits;
      if (!digits.empty() || c != '0') digits += c;
    } else if (c == '.' && !after_point) {
      after_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    int64_t exponent = 0;
    const char* first = s.data() + pos + 1;
    if (first < s.data() + s.size() && *first == '+') ++first;
    const auto [end, ec] = std::from_chars(first, s.data() + s.size(), exponent);
    if (ec != std::errc() || end == first || exponent > 1000 || exponent < -1000) {
      return std::nullopt;
    }
    fraction_digits -= exponent;
    pos = static_cast<size_t>(end - s.data());
  }
  if (pos != s.size()) return std::nullopt;
  // Drop trailing digits past the scale; they must be zeros.
  while (fraction_digits > scale) {
    if (digits.empty()) {
      fraction_digits = scale;
      break;
    }
    if (digits.back() != '0') return std::nullopt;
    digits.pop_back();
    --fraction_digits;
  }
  const int64_t zeros_to_add = scale - fraction_digits;
  if (digits.empty()) return Int128{0};
  if (static_cast<int64_t>(digits.size()) + zeros_to_add > precision) return std::nullopt;
  Int128 value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  for (int64_t i = 0; i < zeros_to_add; ++i) value *= 10;
  return negative ? -value : value;
}

std::optional<int32_t> ParseDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  const auto days = DatePrefix(s);
  if (!days) return std::nullopt;
  return static_cast<int32_t>(*days);
}

std::optional<int64_t> ParseTime(std::string_view s) {
  size_t used = 0;
  const auto micros = TimePrefix(s, &used);
  if (!micros || used != s.size()) return std::nullopt;
  return micros;
}

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  const auto days = DatePrefix(s);
  if (!days) return std::nullopt;
  int64_t micros = *days * 86400LL * 1000000LL;
  if (s.size() == 10) return micros;
  if (s[10] != ' ' && s[10] != 'T') return std::nullopt;
  size_t used = 0;
  const auto time = TimePrefix(s.substr(11), &used);
  if (!time) return std::nullopt;
  micros += *time;
  std::string_view zone = s.substr(11 + used);
  if (zone.empty()) return micros;
  if (zone == "Z") return micros;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  const int sign = zone[0] == '-' ? -1 : 1;
  const auto hours = Digits(zone, 1, 2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (zone.size() == 6 && zone[3] == ':') {
    const auto m = Digits(zone, 4, 2);
    if (!m) return std::nullopt;
    minutes = *m;
  } else if (zone.size() == 5) {
    const auto m = Digits(zone, 3, 2);
    if (!m) return std::nullopt;
    minutes = *m;
  } else if (zone.size() != 3) {
    return std::nullopt;
  }
  if (minutes > 59) return std::nullopt;
  // Local time = UTC + offset, so UTC = local - offset.
  return micros - sign * (*hours * 3600LL + minutes * 60LL) * 1000000LL;
}

std::string FormatDouble(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::to_string(value);
  return std::string(buffer, end);
}

}  // namespace trib::sql
