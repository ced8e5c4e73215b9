#include "catalog/connection_pool.h"

namespace trib {

ConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

ConnectionPool::ConnectionPool(SqlDialect dialect, Factory factory, size_t max_size,
                               std::chrono::milliseconds max_wait)
    : dialect_(dialect),
      factory_(std::move(factory)),
      max_size_(max_size == 0 ? 1 : max_size),
      max_wait_(max_wait) {}

ConnectionPool::~ConnectionPool() = default;

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  const auto deadline = std::chrono::steady_clock::now() + max_wait_;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (!idle_.empty()) {
      std::unique_ptr<SqlConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      // An idle connection may have been closed by the server (restart, idle timeout).
      if (connection->Healthy()) return Lease(this, std::move(connection));
      connection.reset();
      lock.lock();
      --open_;
      continue;
    }
    if (open_ < max_size_) {
      ++open_;
      lock.unlock();
      Result<std::unique_ptr<SqlConnection>> opened = factory_();
      if (opened.ok()) return Lease(this, std::move(opened).value());
      lock.lock();
      --open_;
      released_.notify_one();
      return opened.status();
    }
    if (released_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= max_size_) {
      return Status::Unavailable("all catalog database connections are busy");
    }
  }
}

void ConnectionPool::Release(std::unique_ptr<SqlConnection> connection) {
  const bool healthy = connection->Healthy();
  if (!healthy) connection.reset();  // close outside the lock
  std::lock_guard<std::mutex> lock(mu_);
  if (healthy) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  released_.notify_one();
}

size_t ConnectionPool::open_connections() {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

}  // namespace trib
