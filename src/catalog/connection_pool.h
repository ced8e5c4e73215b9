// Hands out database connections to one caller at a time. SQLite uses a pool of one (a
// single connection behind a mutex); PostgreSQL a few connections, opened lazily, with broken
// ones dropped and replaced on the next request.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "catalog/sql_connection.h"
#include "common/status.h"

namespace trib {

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<SqlConnection>>()>;

  // Exclusive use of one connection; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    SqlConnection& operator*() const { return *connection_; }
    SqlConnection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> connection_;
  };

  ConnectionPool(SqlDialect dialect, Factory factory, size_t max_size,
                 std::chrono::milliseconds max_wait = std::chrono::seconds(30));
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A healthy connection: an idle one, a new one while below max_size, or the first one
  // released within max_wait (else Unavailable).
  Result<Lease> Acquire();

  SqlDialect dialect() const { return dialect_; }
  size_t open_connections();

 private:
  void Release(std::unique_ptr<SqlConnection> connection);

  const SqlDialect dialect_;
  const Factory factory_;
  const size_t max_size_;
  const std::chrono::milliseconds max_wait_;

  std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  size_t open_ = 0;  // idle + leased + being opened
};

}  // namespace trib
