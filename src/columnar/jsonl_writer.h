// Writes record batches as JSON lines: one object per row ({"column": value, ...}) and "\n"
// after each, keys in column order. Values as documented in value_text.h; notably decimals
// are JSON strings ("12.30") so no reader rounds them to doubles, and 64-bit integers are
// plain numbers (exact in the text; readers that parse into doubles may round beyond 2^53).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/arrow_c_abi.h"
#include "columnar/arrow_type.h"
#include "columnar/byte_sink.h"
#include "columnar/value_text.h"
#include "common/status.h"

namespace trib {

class JsonlWriter {
 public:
  explicit JsonlWriter(ByteSink sink);

  Status Begin(const ArrowSchema& schema);  // a struct ("+s") of the columns
  Status WriteBatch(const ArrowArray& batch);
  Status End();

  int64_t rows_written() const { return rows_; }
  int64_t bytes_written() const { return out_.bytes_produced(); }

 private:
  SinkBuffer out_;
  ArrowField schema_;
  std::vector<std::string> keys_;  // '{"a":' then ',"b":' ...: escaped once
  std::vector<ArrayView> columns_;
  bool begun_ = false;
  int64_t rows_ = 0;
};

Status WriteJsonlStream(ArrowArrayStream* stream, const ByteSink& sink,
                        const ProgressFn& progress = nullptr);

}  // namespace trib
