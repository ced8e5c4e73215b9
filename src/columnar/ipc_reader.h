// Reads an Arrow IPC *stream* (as IpcStreamWriter writes it, or any Arrow implementation) back
// into the C Data Interface. The input may come over the network: every size, offset and
// flatbuffer is checked before use, and limits bound what one message may make us allocate.
// Supported: every type IpcStreamWriter writes (no dictionaries, views, unions or compression;
// those are refused with a clear error). Buffers are not copied: arrays point into the body of
// their message, which they keep alive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "columnar/arrow_c_abi.h"
#include "columnar/batch_reader.h"
#include "common/status.h"

namespace trib {

// Reads up to `size` bytes into `buffer`; returns how many, 0 only at the end of the input.
using ByteSource = std::function<Result<size_t>(void* buffer, size_t size)>;

struct IpcReadLimits {
  int64_t max_metadata_bytes = 16 << 20;      // one message's flatbuffer
  int64_t max_body_bytes = int64_t{1} << 30;  // one record batch's body
  int64_t max_batch_rows = int64_t{1} << 31;  // rows of one batch (null columns cost no bytes)
  int max_depth = 64;                         // type nesting
};

// Reads the schema message at once (so a bad stream fails here) and returns a reader of the
// batches; the end-of-stream marker, or the input ending between messages, ends it.
Result<std::unique_ptr<BatchReader>> OpenIpcStream(ByteSource source, IpcReadLimits limits = {});

// OpenIpcStream + ExportStream.
Status ReadIpcStream(ByteSource source, ArrowArrayStream* out, IpcReadLimits limits = {});

// A source over bytes the caller keeps alive while the stream is read.
ByteSource MemorySource(std::string_view bytes);
// A source over a file (kept open by the source).
Result<ByteSource> FileSource(const std::string& path);

}  // namespace trib
