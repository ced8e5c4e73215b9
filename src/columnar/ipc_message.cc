#include "columnar/ipc_message.h"

#include <cstring>
#include <memory>

#include "columnar/ipc_flat_reader.h"
#include "columnar/ipc_flatbuf.h"

namespace trib::ipc {

MessagePrefix ParseMessagePrefix(std::string_view bytes) {
  MessagePrefix prefix;
  if (bytes.size() < 4) return prefix;
  uint32_t word = 0;
  std::memcpy(&word, bytes.data(), 4);
  prefix.size = 4;
  // Without the continuation marker: the pre-1.0 framing, where the length comes first.
  if (word == kContinuation) {
    if (bytes.size() < 8) return prefix;
    std::memcpy(&word, bytes.data() + 4, 4);
    prefix.size = 8;
  }
  prefix.metadata_length = static_cast<int32_t>(word);
  prefix.complete = true;
  return prefix;
}

Result<MessageHeader> ParseMessageHeader(const uint8_t* metadata, size_t size) {
  // Flatbuffer fields are read in place: copy metadata that does not start 8-aligned.
  std::unique_ptr<uint64_t[]> aligned;
  if (reinterpret_cast<uintptr_t>(metadata) % alignof(uint64_t) != 0) {
    aligned.reset(new uint64_t[(size + 7) / 8]);
    std::memcpy(aligned.get(), metadata, size);
    metadata = reinterpret_cast<const uint8_t*>(aligned.get());
  }
  FlatReader fb(metadata, size);
  MessageHeader header;
  TRIB_ASSIGN_OR_RETURN(const Table* message, fb.Root());
  TRIB_ASSIGN_OR_RETURN(header.version, fb.Scalar<int16_t>(message, kMessageVersion, 0));
  TRIB_ASSIGN_OR_RETURN(header.header_type, fb.Scalar<uint8_t>(message, kMessageHeaderType, 0));
  TRIB_ASSIGN_OR_RETURN(header.body_length, fb.Scalar<int64_t>(message, kMessageBodyLength, 0));
  if (header.header_type == kHeaderRecordBatch) {
    TRIB_ASSIGN_OR_RETURN(const Table* batch, fb.SubTable(message, kMessageHeader));
    if (batch != nullptr) {
      TRIB_ASSIGN_OR_RETURN(header.batch_rows, fb.Scalar<int64_t>(batch, kBatchLength, 0));
    }
  }
  return header;
}

Result<MessageStart> PeekMessage(std::string_view bytes) {
  MessageStart start;
  const MessagePrefix prefix = ParseMessagePrefix(bytes);
  if (!prefix.complete) return start;
  if (prefix.metadata_length < 0) {
    return Malformed("a message announces " + std::to_string(prefix.metadata_length) +
                     " bytes of metadata");
  }
  if (prefix.metadata_length == 0) {
    start.complete = true;
    start.end_of_stream = true;
    start.header_bytes = prefix.size;
    return start;
  }
  const size_t header_bytes = prefix.size + static_cast<size_t>(prefix.metadata_length);
  if (bytes.size() < header_bytes) return start;
  TRIB_ASSIGN_OR_RETURN(
      start.header, ParseMessageHeader(reinterpret_cast<const uint8_t*>(bytes.data()) + prefix.size,
                                       static_cast<size_t>(prefix.metadata_length)));
  start.complete = true;
  start.header_bytes = header_bytes;
  return start;
}

}  // namespace trib::ipc
