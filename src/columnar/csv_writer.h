// Writes record batches as CSV (RFC 4180): a header row of column names, CRLF line ends,
// fields quoted only when they must be (delimiter, quote, CR, LF) with quotes doubled. NULL is
// an empty field and an empty string is "" so the two stay apart. Values as in value_text.h,
// except that decimals, dates, times and timestamps are bare text, binary is bare base64, and
// lists, structs and maps are their JSON text in one quoted field.
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

struct CsvOptions {
  char delimiter = ',';
  bool header = true;
  std::string line_end = "\r\n";  // RFC 4180; "\n" for Unix tools
};

class CsvWriter {
 public:
  explicit CsvWriter(ByteSink sink, CsvOptions options = {});

  Status Begin(const ArrowSchema& schema);  // a struct ("+s") of the columns
  Status WriteBatch(const ArrowArray& batch);
  Status End();

  int64_t rows_written() const { return rows_; }
  int64_t bytes_written() const { return out_.bytes_produced(); }

 private:
  SinkBuffer out_;
  CsvOptions options_;
  ArrowField schema_;
  std::vector<ArrayView> columns_;
  bool begun_ = false;
  int64_t rows_ = 0;
};

Status WriteCsvStream(ArrowArrayStream* stream, const ByteSink& sink,
                      const ProgressFn& progress = nullptr, CsvOptions options = {});

}  // namespace trib
