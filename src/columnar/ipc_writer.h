// Writes record batches as an Arrow IPC *stream* (the format of
// application/vnd.apache.arrow.stream): a Schema message, one RecordBatch message per batch,
// then the end-of-stream marker. Metadata version V5, little-endian, no compression, bodies
// padded to 8 bytes. Buffers go to the sink as they are (no per-value work) except where a
// slice starts mid-byte (bitmaps are shifted) or mid-offsets (offsets are rebased); string and
// binary views are written as utf8 / binary, which every Arrow reader understands.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "columnar/arrow_c_abi.h"
#include "columnar/arrow_type.h"
#include "columnar/byte_sink.h"
#include "common/status.h"

namespace trib {

class IpcStreamWriter {
 public:
  explicit IpcStreamWriter(ByteSink sink);
  ~IpcStreamWriter();
  IpcStreamWriter(const IpcStreamWriter&) = delete;
  IpcStreamWriter& operator=(const IpcStreamWriter&) = delete;

  // `schema` is a struct ("+s") whose children are the columns.
  Status Begin(const ArrowSchema& schema);
  // A struct array of that schema; it may be a slice (non-zero offsets anywhere).
  Status WriteBatch(const ArrowArray& batch);
  // Writes the end-of-stream marker and flushes.
  Status End();

  int64_t rows_written() const { return rows_; }
  int64_t bytes_written() const { return out_.bytes_produced(); }

 private:
  struct Body;
  Status Collect(const ArrowField& field, const ArrowArray& array, int64_t start, int64_t length,
                 const std::string& path, Body* body);
  Status WriteMessage(const uint8_t* metadata, size_t size, const Body* body);

  SinkBuffer out_;
  ArrowField schema_;
  bool begun_ = false;
  bool ended_ = false;
  int64_t rows_ = 0;
  std::unique_ptr<Body> body_;  // reused from batch to batch
};

// Writes the whole stream (schema, every batch, end marker); `progress` (may be empty) is told
// the totals after each batch. The stream stays owned by the caller.
Status WriteIpcStream(ArrowArrayStream* stream, const ByteSink& sink,
                      const ProgressFn& progress = nullptr);

}  // namespace trib
