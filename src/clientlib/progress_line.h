// The CLI's progress line on a terminal: rows, bytes and rate, redrawn at most 5 times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace trib::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  void Update(int64_t rows, int64_t bytes);  // rows -1: unknown while streaming
  void Finish();                             // clears the line
  // "1,234 rows, 4.5 MB in 1.2 s (1,028 rows/s, 3.8 MB/s)"
  std::string Summary(int64_t rows, int64_t bytes) const;

  static std::string Render(int64_t rows, int64_t bytes, double seconds);

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// 1234567 -> "1,234,567"
std::string GroupThousands(int64_t value);

}  // namespace trib::cli
