#include "service/key_cache.h"

#include <mutex>

namespace trib {

std::optional<std::pair<ApiKey, User>> KeyCache::Find(const std::string& key_id) const {
  std::shared_lock lock(mu_);
  auto it = entries_.find(key_id);
  if (it == entries_.end() || it->second.expires_ms <= clock_()) return std::nullopt;
  return std::make_pair(it->second.key, it->second.user);
}

void KeyCache::Put(const ApiKey& key, const User& user) {
  if (ttl_ms_ <= 0) return;
  std::unique_lock lock(mu_);
  if (entries_.size() >= max_entries_) entries_.clear();  // crude but bounded
  entries_[key.id] = Entry{key, user, clock_() + ttl_ms_};
}

void KeyCache::Clear() {
  std::unique_lock lock(mu_);
  entries_.clear();
}

}  // namespace trib
