#include "engine/query_watchdog.h"

#include <chrono>

namespace trib::engine {

QueryWatchdog::QueryWatchdog(std::function<void()> interrupt, int64_t timeout_ms,
                             std::shared_ptr<CancelToken> cancel)
    : interrupt_(std::move(interrupt)), timeout_ms_(timeout_ms), cancel_(std::move(cancel)) {
  if (cancel_) cancel_->OnCancel([this] { Fire(Reason::kCancel); });
  if (timeout_ms_ > 0) {
    timer_ = std::thread([this] {
      std::unique_lock lock(mu_);
      const auto deadline =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
      if (!wake_.wait_until(lock, deadline, [this] { return stopped_; })) {
        lock.unlock();
        Fire(Reason::kTimeout);
      }
    });
  }
}

void QueryWatchdog::Fire(Reason reason) {
  std::lock_guard lock(mu_);
  if (stopped_ || reason_ != Reason::kNone) return;
  reason_ = reason;
  interrupt_();  // under the lock, so Stop() cannot return while it runs
}

Status QueryWatchdog::Check() const {
  std::lock_guard lock(mu_);
  switch (reason_) {
    case Reason::kTimeout:
      return Status::DeadlineExceeded("the statement ran longer than its timeout of " +
                                      std::to_string(timeout_ms_) + " ms");
    case Reason::kCancel:
      return Status::Cancelled("the statement was cancelled");
    case Reason::kNone:
      break;
  }
  // A cancel that came before OnCancel was registered ran nothing we could see.
  if (cancel_ && cancel_->cancelled()) return Status::Cancelled("the statement was cancelled");
  return Status::Ok();
}

void QueryWatchdog::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  wake_.notify_all();
  if (timer_.joinable()) timer_.join();
  if (cancel_) cancel_->Clear();
}

}  // namespace trib::engine
