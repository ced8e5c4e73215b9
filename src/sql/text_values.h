// Exact parsing of the text forms databases hand out for decimals, dates, times and timestamps
// (SQLite stores them as text; ODBC drivers render decimals as text). Each parser accepts only
// what it can represent without losing anything and says nullopt otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trib::sql {

__extension__ typedef __int128 Int128;  // Arrow decimal128's unscaled value

// "-12.50", "3", "1.5e3", ".5" -> the unscaled value at `scale` (12.50 at scale 2 -> 1250).
// nullopt when it is not a number, has non-zero digits beyond `scale`, or needs more than
// `precision` digits (1..38).
std::optional<Int128> ParseDecimal(std::string_view text, int precision, int scale);

// "YYYY-MM-DD" -> days since 1970-01-01.
std::optional<int32_t> ParseDate(std::string_view text);

// "HH:MM", "HH:MM:SS", "HH:MM:SS.ffffff" -> microseconds since midnight. Fraction digits past
// the sixth must be zero.
std::optional<int64_t> ParseTime(std::string_view text);

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.f...]]" ('T' also separates), optionally followed by
// "Z" or an offset "+HH", "+HH:MM", "+HHMM" -> microseconds since the epoch; a value with an
// offset is converted to UTC, one without is taken as it stands.
std::optional<int64_t> ParseTimestamp(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// The shortest text that reads back as the same double ("0.1", "1e+20").
std::string FormatDouble(double value);

}  // namespace trib::sql
