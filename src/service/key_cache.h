// Recently used API key rows, so that authenticating a request does not cost a catalog query.
// Only the stored row (id, salt, hash, scopes) and its user are kept, never a presented key:
// every request still proves its secret against the hash. Entries expire after `ttl_ms`, which
// bounds how long another server's change to a key or user takes to be seen here.
#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "catalog/model.h"
#include "common/clock.h"

namespace trib {

class KeyCache {
 public:
  KeyCache(Clock clock, int64_t ttl_ms, size_t max_entries = 10000)
      : clock_(std::move(clock)), ttl_ms_(ttl_ms), max_entries_(max_entries) {}

  std::optional<std::pair<ApiKey, User>> Find(const std::string& key_id) const;
  void Put(const ApiKey& key, const User& user);
  void Clear();

 private:
  struct Entry {
    ApiKey key;
    User user;
    int64_t expires_ms;
  };
  Clock clock_;
  const int64_t ttl_ms_;
  const size_t max_entries_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace trib
