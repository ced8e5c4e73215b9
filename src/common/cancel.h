// A cancellation signal shared by whoever starts work (a request) and whoever does it (a
// driver): the driver registers how to stop (e.g. PQcancel), Cancel() runs it once.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace trib {

class CancelToken {
 public:
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // Stops the work: runs the registered action (at most once) from the calling thread, under
  // the lock, so Clear() cannot free what the action uses while it runs.
  void Cancel() {
    std::lock_guard lock(mu_);
    if (cancelled_.exchange(true)) return;
    if (on_cancel_) on_cancel_();
    on_cancel_ = nullptr;
  }

  // Registers how to stop the current work; runs it at once when already cancelled. A later
  // registration replaces an earlier one; Clear() before the resources it touches go away.
  void OnCancel(std::function<void()> action) {
    std::lock_guard lock(mu_);
    if (cancelled_) {
      action();
    } else {
      on_cancel_ = std::move(action);
    }
  }
  void Clear() {
    std::lock_guard lock(mu_);
    on_cancel_ = nullptr;
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mu_;
  std::function<void()> on_cancel_;
};

}  // namespace trib
