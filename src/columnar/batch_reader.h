// The producer side of a read: drivers implement BatchReader; ExportStream turns one into an
// ArrowArrayStream, the currency every consumer (DuckDB, IPC, CSV/JSON writers, Python) takes.
#pragma once

#include <memory>

#include "columnar/arrow_c_abi.h"
#include "common/status.h"

namespace trib {

class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // The struct schema of every batch ("+s", one child per column).
  virtual Status GetSchema(ArrowSchema* out) = 0;
  // The next struct batch; at the end, leaves out->release null and returns Ok.
  virtual Status Next(ArrowArray* out) = 0;
};

// `out` owns `reader` afterwards; errors reach the consumer as an errno that keeps the Status
// code (ErrnoFor) + get_last_error(), whose text is the Status message (never a secret).
int ErrnoFor(StatusCode code);
StatusCode StatusCodeForErrno(int code);

void ExportStream(std::unique_ptr<BatchReader> reader, ArrowArrayStream* out);

// `reader`, keeping `resource` (files, directories, an engine it reads from) alive until the
// reader is gone; the reader is destroyed first.
std::unique_ptr<BatchReader> KeepAlive(std::unique_ptr<BatchReader> reader,
                                       std::shared_ptr<void> resource);

// The consumer side for C++ code: pulls from a stream with Status errors.
class StreamReader {
 public:
  explicit StreamReader(ArrowArrayStream* stream) : stream_(stream) {}
  Status GetSchema(ArrowSchema* out);
  Status Next(ArrowArray* out);  // out->release null at the end

 private:
  Status Error(int code, const char* what);
  ArrowArrayStream* stream_;
};

}  // namespace trib
