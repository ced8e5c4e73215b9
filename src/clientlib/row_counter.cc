#include "clientlib/row_counter.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstring>

#include "columnar/ipc_flatbuf.h"

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

namespace {

// The row count of a RecordBatch message's metadata, 0 for other messages or anything that
// does not verify (the count is for the progress line only; the file is written as received).
int64_t RecordBatchRows(const uint8_t* data, size_t size) {
  flatbuffers::Verifier verifier(data, size);
  if (size < sizeof(flatbuffers::uoffset_t)) return 0;
  const auto* message = flatbuffers::GetRoot<flatbuffers::Table>(data);
  if (!message->VerifyTableStart(verifier) ||
      !message->VerifyField<uint8_t>(verifier, ipc::kMessageHeaderType, 1) ||
      !message->VerifyOffset(verifier, ipc::kMessageHeader)) {
    return 0;
  }
  if (message->GetField<uint8_t>(ipc::kMessageHeaderType, 0) != ipc::kHeaderRecordBatch) return 0;
  const auto* batch = message->GetPointer<const flatbuffers::Table*>(ipc::kMessageHeader);
  if (batch == nullptr || !batch->VerifyTableStart(verifier) ||
      !batch->VerifyField<int64_t>(verifier, ipc::Slot(0), 8)) {
    return 0;
  }
  return batch->GetField<int64_t>(ipc::Slot(0), 0);
}

int64_t BodyLength(const uint8_t* data, size_t size) {
  flatbuffers::Verifier verifier(data, size);
  if (size < sizeof(flatbuffers::uoffset_t)) return 0;
  const auto* message = flatbuffers::GetRoot<flatbuffers::Table>(data);
  if (!message->VerifyTableStart(verifier) ||
      !message->VerifyField<int64_t>(verifier, ipc::kMessageBodyLength, 8)) {
    return 0;
  }
  return message->GetField<int64_t>(ipc::kMessageBodyLength, 0);
}

}  // namespace

// Frames: 0xFFFFFFFF, int32 metadata length, metadata (a Message flatbuffer), body.
void RowCounter::FeedArrow(const char* data, size_t size) {
  while (size > 0) {
    if (skip_ > 0) {
      const size_t n = static_cast<size_t>(std::min<int64_t>(skip_, static_cast<int64_t>(size)));
      skip_ -= static_cast<int64_t>(n);
      data += n;
      size -= n;
      continue;
    }
    pending_.append(data, size);
    size = 0;
    while (pending_.size() >= 8) {
      int32_t length = 0;
      std::memcpy(&length, pending_.data() + 4, 4);
      if (length <= 0) {  // end of stream, or a framing we do not count
        pending_.clear();
        break;
      }
      if (pending_.size() < 8 + static_cast<size_t>(length)) break;
      const auto* meta = reinterpret_cast<const uint8_t*>(pending_.data() + 8);
      arrow_rows_ += RecordBatchRows(meta, static_cast<size_t>(length));
      int64_t body = BodyLength(meta, static_cast<size_t>(length));
      const std::string rest = pending_.substr(8 + static_cast<size_t>(length));
      pending_.clear();
      // Whatever followed the metadata starts the body.
      const int64_t in_rest = std::min<int64_t>(body, static_cast<int64_t>(rest.size()));
      body -= in_rest;
      pending_ = rest.substr(static_cast<size_t>(in_rest));
      if (body > 0) {
        skip_ = body;
        break;
      }
    }
  }
}

}  // namespace trib::cli
