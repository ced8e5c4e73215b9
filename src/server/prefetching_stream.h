// Runs a read on its own thread, a few batches ahead of the sender. This lets the handler wait
// briefly for the first batch (so early failures become proper error answers), lets decoding
// and sending use both cores, and lets the sender notice a client that went away while the
// database is still busy (then the read is cancelled on the database).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "columnar/arrow_handles.h"
#include "columnar/batch_reader.h"
#include "common/cancel.h"
#include "common/status.h"

namespace trib {

class PrefetchingStream {
 public:
  PrefetchingStream(std::unique_ptr<BatchReader> source, std::shared_ptr<CancelToken> cancel,
                    size_t depth = 4);
  ~PrefetchingStream();  // cancels the read if unfinished and waits for the thread
  PrefetchingStream(const PrefetchingStream&) = delete;
  PrefetchingStream& operator=(const PrefetchingStream&) = delete;

  // Waits up to `wait` for the first batch, the end or a failure; returns the failure if it
  // came (Ok when the read is running fine, or still busy after `wait`).
  Status WaitFirst(std::chrono::milliseconds wait);

  // How to tell whether the client is still there; polled while the consumer waits.
  void SetClientAlive(std::function<bool()> alive);

  // The consumer's view; `this` must outlive it.
  void Export(ArrowArrayStream* out);

 private:
  struct Item {
    ArrayHandle batch;  // invalid: end of stream
  };
  void Run();
  Status NextBatch(ArrowArray* out);
  static int GetSchema(ArrowArrayStream* s, ArrowSchema* out);
  static int GetNext(ArrowArrayStream* s, ArrowArray* out);
  static const char* LastError(ArrowArrayStream* s);
  static void Release(ArrowArrayStream* s);

  std::unique_ptr<BatchReader> source_;
  std::shared_ptr<CancelToken> cancel_;
  size_t depth_;

  std::mutex mu_;
  std::condition_variable changed_;
  SchemaHandle schema_;
  bool schema_ready_ = false;
  std::deque<Item> queue_;
  bool finished_ = false;  // the producer has put its last item (or failed)
  Status failure_;
  bool stop_ = false;
  std::function<bool()> client_alive_;
  std::chrono::steady_clock::time_point last_alive_check_;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace trib
