// Helpers for SQL driver tests: drain a BatchReader and look at Arrow values.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "columnar/arrow_handles.h"
#include "columnar/batch_reader.h"
#include "sql/sql_driver.h"

namespace trib::sql::testing {

struct ReadResult {
  Status status;  // of Query or of the first failing Next
  std::vector<std::string> names;
  std::vector<std::string> formats;
  std::vector<ArrayHandle> batches;
  int64_t rows = 0;
};

inline ReadResult ReadAll(SqlSession& session, const std::string& sql,
                          const QueryOptions& options = {}) {
  ReadResult result;
  auto reader = session.Query(sql, options);
  if (!reader.ok()) {
    result.status = reader.status();
    return result;
  }
  SchemaHandle schema;
  result.status = (*reader)->GetSchema(schema.get());
  if (!result.status.ok()) return result;
  for (int64_t i = 0; i < schema->n_children; ++i) {
    result.names.emplace_back(schema->children[i]->name);
    result.formats.emplace_back(schema->children[i]->format);
  }
  while (true) {
    ArrayHandle batch;
    result.status = (*reader)->Next(batch.get());
    if (!result.status.ok() || !batch.valid()) break;
    result.rows += batch->length;
    result.batches.push_back(std::move(batch));
  }
  return result;
}

inline bool IsValid(const ArrowArray& a, int64_t i) {
  if (a.buffers[0] == nullptr) return true;
  return (static_cast<const uint8_t*>(a.buffers[0])[i >> 3] >> (i & 7)) & 1;
}

template <typename T>
T ValueAt(const ArrowArray& a, int64_t i) {
  T value;
  std::memcpy(&value, static_cast<const uint8_t*>(a.buffers[1]) + i * sizeof(T), sizeof(T));
  return value;
}

inline bool BoolAt(const ArrowArray& a, int64_t i) {
  return (static_cast<const uint8_t*>(a.buffers[1])[i >> 3] >> (i & 7)) & 1;
}

inline std::string BytesAt(const ArrowArray& a, int64_t i) {
  const auto* offsets = static_cast<const int32_t*>(a.buffers[1]);
  return std::string(static_cast<const char*>(a.buffers[2]) + offsets[i],
                     static_cast<size_t>(offsets[i + 1] - offsets[i]));
}

// Days since the epoch / microseconds, for readable expectations.
inline int32_t Days(int y, int m, int d) {
  // Howard Hinnant's days_from_civil, independent of the code under test's copy.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

inline int64_t Micros(int y, int mo, int d, int h, int mi, int s, int us = 0) {
  return (static_cast<int64_t>(Days(y, mo, d)) * 86400 + h * 3600 + mi * 60 + s) * 1000000 + us;
}

}  // namespace trib::sql::testing
