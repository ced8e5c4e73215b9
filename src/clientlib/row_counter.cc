#include "clientlib/row_counter.h"

#include <algorithm>

#include "columnar/ipc_flatbuf.h"
#include "columnar/ipc_message.h"

namespace trib::cli {

void RowCounter::Feed(const char* data, size_t size) {
  switch (format_) {
    case OutputFormat::kJsonl:
      // JSON strings escape their newlines, so every newline ends a record.
      for (size_t i = 0; i < size; ++i) lines_ += data[i] == '\n';
      break;
    case OutputFormat::kCsv:
      for (size_t i = 0; i < size; ++i) {
        const char c = data[i];
        if (c == '"') {
          in_quotes_ = !in_quotes_;  // "" inside quotes toggles twice: no change
        } else if (c == '\n' && !in_quotes_) {
          ++lines_;
        }
      }
      break;
    case OutputFormat::kArrow:
      FeedArrow(data, size);
      break;
    case OutputFormat::kParquet:
      break;
  }
}

int64_t RowCounter::rows() const {
  switch (format_) {
    case OutputFormat::kJsonl:
      return lines_;
    case OutputFormat::kCsv:
      return lines_ > 0 ? lines_ - 1 : 0;  // the header line
    case OutputFormat::kArrow:
      return arrow_rows_;
    case OutputFormat::kParquet:
      return -1;
  }
  return -1;
}

// Message prefixes and metadata are gathered in pending_ (they may be split anywhere across
// chunks); bodies are passed over without being kept.
void RowCounter::FeedArrow(const char* data, size_t size) {
  const auto skipped = static_cast<size_t>(std::min<int64_t>(skip_, static_cast<int64_t>(size)));
  skip_ -= static_cast<int64_t>(skipped);
  data += skipped;
  size -= skipped;
  if (size == 0) return;
  pending_.append(data, size);
  while (!pending_.empty()) {
    // A message that does not verify counts no rows; the file is written as received.
    const Result<ipc::MessageStart> message = ipc::PeekMessage(pending_);
    if (!message.ok() || message->end_of_stream) {  // nothing more we can count
      pending_.clear();
      return;
    }
    if (!message->complete) return;
    if (message->header.header_type == ipc::kHeaderRecordBatch) {
      arrow_rows_ += message->header.batch_rows;
    }
    const int64_t whole = static_cast<int64_t>(message->header_bytes) +
                          std::max<int64_t>(message->header.body_length, 0);
    if (whole > static_cast<int64_t>(pending_.size())) {
      skip_ = whole - static_cast<int64_t>(pending_.size());
      pending_.clear();
      return;
    }
    pending_.erase(0, static_cast<size_t>(whole));
  }
}

}  // namespace trib::cli
