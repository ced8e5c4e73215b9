// Counts the rows of a read's bytes as they arrive, for the CLI's progress line: lines of JSON,
// CSV records (newlines inside quotes do not count), Arrow IPC record batches. Parquet keeps
// its row count in the footer, so it is counted only once the file is complete.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/output_format.h"

namespace trib::cli {

class RowCounter {
 public:
  explicit RowCounter(OutputFormat format) : format_(format) {}
  void Feed(const char* data, size_t size);
  // Rows seen so far; -1 when the format does not tell while streaming (Parquet).
  int64_t rows() const;

 private:
  void FeedArrow(const char* data, size_t size);

  OutputFormat format_;
  int64_t lines_ = 0;
  bool in_quotes_ = false;
  bool line_open_ = false;  // a CSV/JSON line has started but not ended
  // Arrow IPC framing: the prefix and metadata of the current message, not yet complete.
  std::string pending_;
  int64_t skip_ = 0;  // body bytes still to pass over
  int64_t arrow_rows_ = 0;
};

}  // namespace trib::cli
