// Where the output writers send their bytes, and how they report progress.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"

namespace trib {

// Takes the next `size` bytes of the output; an error stops the writer (e.g. client gone).
using ByteSink = std::function<Status(const void* data, size_t size)>;

// Called after each batch with the totals so far (rows written, bytes handed to the sink).
using ProgressFn = std::function<void(int64_t rows, int64_t bytes)>;

// Gathers small writes in a reusable buffer and hands them to the sink in large chunks, so a
// network sink sees ~1 MiB writes instead of one call per value.
class SinkBuffer {
 public:
  static constexpr size_t kFlushBytes = 1u << 20;

  explicit SinkBuffer(ByteSink sink) : sink_(std::move(sink)) {
    buffer_.reserve(kFlushBytes + 4096);
  }

  std::string& buffer() { return buffer_; }
  // Bytes produced so far: handed to the sink or still buffered.
  int64_t bytes_produced() const { return bytes_written_ + static_cast<int64_t>(buffer_.size()); }

  // Flushes when the buffer is past the threshold; call between values or rows.
  Status MaybeFlush() { return buffer_.size() >= kFlushBytes ? Flush() : Status::Ok(); }
  Status Flush() {
    if (buffer_.empty()) return Status::Ok();
    TRIB_RETURN_IF_ERROR(sink_(buffer_.data(), buffer_.size()));
    bytes_written_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
    return Status::Ok();
  }
  // Writes `size` bytes: copied when small, else straight to the sink after what is buffered.
  Status Write(const void* data, size_t size) {
    if (size == 0) return Status::Ok();
    if (size < kFlushBytes / 4) {
      buffer_.append(static_cast<const char*>(data), size);
      return MaybeFlush();
    }
    TRIB_RETURN_IF_ERROR(Flush());
    TRIB_RETURN_IF_ERROR(sink_(data, size));
    bytes_written_ += static_cast<int64_t>(size);
    return Status::Ok();
  }

 private:
  ByteSink sink_;
  std::string buffer_;
  int64_t bytes_written_ = 0;
};

}  // namespace trib
