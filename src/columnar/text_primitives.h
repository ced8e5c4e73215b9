// Appends single values as text to a std::string: the building blocks of the CSV and JSON
// writers (numbers, exact decimals, ISO-8601 dates and times, base64, JSON strings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/arrow_type.h"

namespace trib::text {

void AppendInt(std::string& out, int64_t value);
void AppendUInt(std::string& out, uint64_t value);
// Shortest text that reads back to the same value; `nan`/`inf` spell the special values
// (e.g. "NaN", "Infinity"; "-" is prepended for negative infinity).
void AppendDouble(std::string& out, double value);
void AppendFloat(std::string& out, float value);
bool IsFinite(double value);
float HalfToFloat(uint16_t half);

// A two's complement little-endian integer of `bytes` (4, 8, 16 or 32) as exact decimal text
// with `scale` digits after the point (a negative scale appends zeros).
void AppendDecimal(std::string& out, const uint8_t* value, int bytes, int32_t scale);

// Days since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian).
void AppendDate(std::string& out, int64_t days);
// A time of day in `unit` as HH:MM:SS, with the unit's fraction digits when non-zero.
void AppendTimeOfDay(std::string& out, int64_t value, TimeUnit unit);
// An instant as YYYY-MM-DDTHH:MM:SS[.fff...], with "Z" when `utc`.
void AppendTimestamp(std::string& out, int64_t value, TimeUnit unit, bool utc);
// ISO-8601 durations: "PT1.5S", "P1Y2M", "P3DT0.004S".
void AppendDuration(std::string& out, int64_t value, TimeUnit unit);
void AppendInterval(std::string& out, int32_t months, int32_t days, int64_t nanos);

void AppendBase64(std::string& out, const uint8_t* data, size_t size);

// A JSON string literal (quotes included): control characters escaped, invalid UTF-8 bytes
// replaced by U+FFFD each.
void AppendJsonString(std::string& out, const uint8_t* data, size_t size);
inline void AppendJsonString(std::string& out, const std::string& s) {
  AppendJsonString(out, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// An RFC 4180 field: as is, or quoted (quotes doubled) when it holds the delimiter, a quote,
// CR or LF, or is empty (an empty field stands for NULL).
void AppendCsvField(std::string& out, const char* data, size_t size, char delimiter);

}  // namespace trib::text
