// Builds record batches (struct arrays) row by row, one ColumnBuilder per column, and says
// when a batch is full so readers hand out bounded batches whatever the row count.
#pragma once

#include <vector>

#include "columnar/column_builder.h"

namespace trib {

struct BatchLimits {
  int64_t max_rows = 65536;
  size_t max_bytes = 16u << 20;  // 16 MiB, as ADBC's default batch size hint
};

class BatchBuilder {
 public:
  explicit BatchBuilder(Schema schema, BatchLimits limits = {});

  const Schema& schema() const { return schema_; }
  ColumnBuilder& column(size_t i) { return columns_[i]; }
  size_t num_columns() const { return columns_.size(); }
  int64_t rows() const { return rows_; }

  // Call after one value per column was appended; true when the batch should be finished.
  bool FinishRow() {
    ++rows_;
    if (rows_ >= limits_.max_rows) return true;
    // Byte size is checked every 1024 rows: cheap, and keeps batches near the byte limit.
    return (rows_ & 1023) == 0 && byte_size() >= limits_.max_bytes;
  }
  size_t byte_size() const;

  // Moves the rows built so far into `out` as a struct array; the builder starts over.
  void Finish(ArrowArray* out);

 private:
  Schema schema_;
  BatchLimits limits_;
  std::vector<ColumnBuilder> columns_;
  int64_t rows_ = 0;
};

}  // namespace trib
