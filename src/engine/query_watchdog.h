// Stops a DuckDB statement when its time runs out or its caller cancels, and remembers which
// of the two it was: DuckDB reports both as the same INTERRUPT error.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/cancel.h"
#include "common/status.h"

namespace trib::engine {

class QueryWatchdog {
 public:
  // `interrupt` stops the running statement; it is called from the timer thread or from the
  // thread that cancels, never after Stop() returned. timeout_ms 0: no time limit.
  QueryWatchdog(std::function<void()> interrupt, int64_t timeout_ms,
                std::shared_ptr<CancelToken> cancel);
  ~QueryWatchdog() { Stop(); }
  QueryWatchdog(const QueryWatchdog&) = delete;
  QueryWatchdog& operator=(const QueryWatchdog&) = delete;

  // kDeadlineExceeded or kCancelled once the watchdog fired, OK before.
  Status Check() const;
  // After Stop() returns nothing interrupts any more; safe to call twice.
  void Stop();

 private:
  enum class Reason { kNone, kTimeout, kCancel };
  void Fire(Reason reason);

  std::function<void()> interrupt_;
  int64_t timeout_ms_;
  std::shared_ptr<CancelToken> cancel_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopped_ = false;
  Reason reason_ = Reason::kNone;
  std::thread timer_;
};

}  // namespace trib::engine
