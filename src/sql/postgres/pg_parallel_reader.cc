// ReadInParallel: one COPY per connection, each decoded on its own thread, batches handed to
// the consumer through a small bounded queue in the order they are ready.
#include <libpq-fe.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "columnar/arrow_handles.h"
#include "sql/postgres/pg_copy_stream.h"
#include "sql/postgres/pg_readers.h"

namespace trib::sql::pg {

namespace {

// Producers block while `capacity` batches wait; the first error ends the read for everyone.
class BatchQueue {
 public:
  BatchQueue(size_t capacity, int producers) : capacity_(capacity), producers_(producers) {}

  // False once the queue is closed (an error, or the consumer left): the producer stops.
  bool Push(ArrayHandle batch) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }

  void ProducerDone(const Status& status) {
    std::lock_guard lock(mu_);
    if (!status.ok() && error_.ok() && !closed_) {
      error_ = status;
      closed_ = true;
      space_.notify_all();
    }
    --producers_;
    ready_.notify_all();
  }

  // The next batch, or out->release null at the end; the first error once one happened.
  Status Pop(ArrowArray* out) {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return !items_.empty() || !error_.ok() || producers_ == 0; });
    if (!error_.ok()) return error_;
    if (!items_.empty()) {
      items_.front().MoveTo(out);
      items_.pop_front();
      space_.notify_one();
    }
    return Status::Ok();
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    items_.clear();
    space_.notify_all();
    ready_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable space_;
  std::condition_variable ready_;
  std::deque<ArrayHandle> items_;
  size_t capacity_;
  int producers_;
  bool closed_ = false;
  Status error_;
};

class ParallelReader final : public BatchReader {
 public:
  ParallelReader(ReadContext context, std::vector<ConnPtr> extra, std::vector<std::string> sqls,
                 size_t capacity)
      : context_(std::move(context)),
        extra_(std::move(extra)),
        sqls_(std::move(sqls)),
        queue_(capacity, static_cast<int>(sqls_.size())),
        in_copy_(sqls_.size()) {
    conns_.push_back(context_.conn);
    for (const ConnPtr& c : extra_) conns_.push_back(c.get());
    for (size_t i = 0; i < conns_.size(); ++i) workers_.emplace_back([this, i] { Work(i); });
  }

  ~ParallelReader() override {
    queue_.Close();
    // Workers waiting on the server would otherwise read their whole range first.
    for (size_t i = 0; i < conns_.size(); ++i) {
      if (in_copy_[i].load()) context_.cancel->CancelQuery(i);
    }
    for (std::thread& t : workers_) t.join();
    // The session's connection goes back to the session outside any transaction, even if a
    // late cancel hit its COMMIT.
    if (PQtransactionStatus(context_.conn) != PQTRANS_IDLE) {
      DrainResults(context_.conn);
      ResultPtr(PQexec(context_.conn, "ROLLBACK"));
    }
  }

  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(SchemaOf(context_.shape.columns), out);
    return Status::Ok();
  }

  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    Status status = queue_.Pop(out);
    if (!status.ok()) {
      // One range failed: the others need not run to their end.
      for (size_t i = 0; i < conns_.size(); ++i) {
        if (in_copy_[i].load()) context_.cancel->CancelQuery(i);
      }
      if (context_.cancel->fired()) status = Status::Cancelled("query cancelled");
    }
    return status;
  }

 private:
  void Work(size_t i) {
    pg_conn* conn = conns_[i];
    const CancelToken* token = context_.cancel->token();
    in_copy_[i] = true;
    Status status = StartCopy(conn, sqls_[i], context_.password, token);
    bool completed = false;
    if (status.ok()) {
      CopyStream stream(conn, context_.shape.columns, context_.limits, context_.password, token);
      while (true) {
        ArrayHandle batch;
        status = stream.Next(batch.get());
        if (!status.ok()) break;
        if (!batch.valid()) {
          completed = true;
          break;
        }
        if (!queue_.Push(std::move(batch))) break;  // someone else failed, or the consumer left
      }
      if (!stream.finished()) {
        context_.cancel->CancelQuery(i);
        stream.Drain();
      }
    }
    in_copy_[i] = false;
    ResultPtr(PQexec(conn, completed ? "COMMIT" : "ROLLBACK"));
    if (!status.ok() && context_.cancel->fired()) status = Status::Cancelled("query cancelled");
    queue_.ProducerDone(status);
  }

  ReadContext context_;
  std::vector<ConnPtr> extra_;
  std::vector<std::string> sqls_;
  std::vector<pg_conn*> conns_;
  BatchQueue queue_;
  std::vector<std::atomic<bool>> in_copy_;
  std::vector<std::thread> workers_;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> ReadInParallel(ReadContext context, std::vector<ConnPtr> extra,
                                                    const std::vector<std::string>& select_sqls,
                                                    size_t queue_capacity) {
  if (select_sqls.size() != extra.size() + 1) {
    return Status::Internal("one statement per connection expected");
  }
  return std::unique_ptr<BatchReader>(
      new ParallelReader(std::move(context), std::move(extra), select_sqls, queue_capacity));
}

}  // namespace trib::sql::pg
