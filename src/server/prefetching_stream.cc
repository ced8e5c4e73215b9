#include "server/prefetching_stream.h"

#include <cerrno>

#include "columnar/schema_copy.h"

namespace trib {

namespace {
constexpr std::chrono::milliseconds kAlivePoll{200};
}

PrefetchingStream::PrefetchingStream(std::unique_ptr<BatchReader> source,
                                     std::shared_ptr<CancelToken> cancel, size_t depth)
    : source_(std::move(source)), cancel_(std::move(cancel)), depth_(depth) {
  thread_ = std::thread([this] { Run(); });
}

PrefetchingStream::~PrefetchingStream() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    if (!finished_ && cancel_) cancel_->Cancel();
  }
  changed_.notify_all();
  thread_.join();
}

void PrefetchingStream::Run() {
  BatchReader& reader = *source_;
  SchemaHandle schema;
  Status status = reader.GetSchema(schema.get());
  {
    std::lock_guard lock(mu_);
    if (!status.ok()) {
      failure_ = status;
      finished_ = true;
    } else {
      schema_ = std::move(schema);
      schema_ready_ = true;
    }
  }
  changed_.notify_all();
  while (status.ok()) {
    ArrayHandle batch;
    status = reader.Next(batch.get());
    std::unique_lock lock(mu_);
    if (!status.ok()) {
      failure_ = status;
      finished_ = true;
      break;
    }
    const bool end = !batch.valid();
    changed_.wait(lock, [this] { return stop_ || queue_.size() < depth_; });
    if (stop_) {
      finished_ = true;
      break;
    }
    queue_.push_back(Item{std::move(batch)});
    if (end) {
      finished_ = true;
      lock.unlock();
      changed_.notify_all();
      break;
    }
    lock.unlock();
    changed_.notify_all();
  }
  changed_.notify_all();
  // Release the source (its connection) on this thread, as soon as the read is over.
  source_.reset();
}

Status PrefetchingStream::WaitFirst(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, wait, [this] { return !queue_.empty() || finished_; });
  if (queue_.empty() && finished_ && !failure_.ok()) return failure_;
  return Status::Ok();
}

void PrefetchingStream::SetClientAlive(std::function<bool()> alive) {
  std::lock_guard lock(mu_);
  client_alive_ = std::move(alive);
}

Status PrefetchingStream::NextBatch(ArrowArray* out) {
  std::unique_lock lock(mu_);
  // Writers may buffer (CSV flushes per MiB), so a gone client is not always seen by a failed
  // write: ask the socket now and then, whether or not batches are waiting.
  const auto now = std::chrono::steady_clock::now();
  if (client_alive_ && now - last_alive_check_ >= kAlivePoll) {
    last_alive_check_ = now;
    if (!client_alive_()) {
      if (cancel_) cancel_->Cancel();
      return Status::Cancelled("the client went away");
    }
  }
  while (queue_.empty() && !finished_) {
    changed_.wait_for(lock, kAlivePoll);
    if (queue_.empty() && !finished_ && client_alive_ && !client_alive_()) {
      if (cancel_) cancel_->Cancel();
      return Status::Cancelled("the client went away");
    }
  }
  if (queue_.empty()) {
    if (!failure_.ok()) return failure_;
    return Status::Internal("the read ended without an end marker");
  }
  Item item = std::move(queue_.front());
  queue_.pop_front();
  if (item.batch.valid()) {
    item.batch.MoveTo(out);
  } else {
    out->release = nullptr;
    queue_.push_front(Item{});  // stay at the end for later calls
  }
  lock.unlock();
  changed_.notify_all();
  return Status::Ok();
}

void PrefetchingStream::Export(ArrowArrayStream* out) {
  out->get_schema = &PrefetchingStream::GetSchema;
  out->get_next = &PrefetchingStream::GetNext;
  out->get_last_error = &PrefetchingStream::LastError;
  out->release = &PrefetchingStream::Release;
  out->private_data = this;
}

int PrefetchingStream::GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* self = static_cast<PrefetchingStream*>(s->private_data);
  std::unique_lock lock(self->mu_);
  self->changed_.wait(lock, [self] { return self->schema_ready_ || self->finished_; });
  out->release = nullptr;
  if (!self->schema_ready_) {
    self->last_error_ = self->failure_.message();
    return EIO;
  }
  CopySchema(*self->schema_, out);
  return 0;
}

int PrefetchingStream::GetNext(ArrowArrayStream* s, ArrowArray* out) {
  auto* self = static_cast<PrefetchingStream*>(s->private_data);
  Status status = self->NextBatch(out);
  if (status.ok()) return 0;
  std::lock_guard lock(self->mu_);
  self->last_error_ = status.message();
  return EIO;
}

const char* PrefetchingStream::LastError(ArrowArrayStream* s) {
  auto* self = static_cast<PrefetchingStream*>(s->private_data);
  return self->last_error_.empty() ? nullptr : self->last_error_.c_str();
}

void PrefetchingStream::Release(ArrowArrayStream* s) { s->release = nullptr; }

}  // namespace trib
