// The framing and the Message header of an encapsulated Arrow IPC message, shared by the IPC
// reader and by the CLI's row counter (which sees a stream in arbitrary chunks):
//   [0xFFFFFFFF] int32 metadata length, metadata (a Message flatbuffer), body.
// The pre-1.0 framing has no continuation marker; a metadata length of 0 ends the stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace trib::ipc {

struct MessagePrefix {
  bool complete = false;        // false: more bytes are needed to know the length
  size_t size = 0;              // bytes of the prefix: 8, or 4 in the pre-1.0 framing
  int32_t metadata_length = 0;  // 0: the end-of-stream marker
};

// Parses the prefix at the start of `bytes` (which may hold only part of it). The length is
// as announced: callers refuse negative ones and apply their own limits.
MessagePrefix ParseMessagePrefix(std::string_view bytes);

struct MessageHeader {
  int16_t version = 0;      // MetadataVersion, not checked here
  uint8_t header_type = 0;  // HeaderType
  int64_t body_length = 0;  // not checked here
  int64_t batch_rows = 0;   // RecordBatch.length; 0 for other messages
};

// Verifies the Message flatbuffer (and, for a RecordBatch, its length field) and reads it.
// `metadata` may sit at any address.
Result<MessageHeader> ParseMessageHeader(const uint8_t* metadata, size_t size);

struct MessageStart {
  bool complete = false;  // false: prefix or metadata not all there yet
  bool end_of_stream = false;
  size_t header_bytes = 0;  // prefix + metadata: where the body starts
  MessageHeader header;
};

// Given bytes that start with an encapsulated message: whether its prefix and metadata are all
// there and, when they are, what the header says. A negative metadata length or metadata that
// fails verification is an error.
Result<MessageStart> PeekMessage(std::string_view bytes);

}  // namespace trib::ipc
