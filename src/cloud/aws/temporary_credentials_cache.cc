#include "cloud/aws/temporary_credentials_cache.h"

#include <utility>

namespace trib::aws {

namespace {

template <typename Key, typename Value, typename IsFresh>
std::optional<Value> FindFresh(const std::map<Key, Value>& entries, const Key& key,
                               const IsFresh& fresh) {
  const auto it = entries.find(key);
  if (it == entries.end() || !fresh(it->second.expiration_ms)) return std::nullopt;
  return it->second;
}

// Stores `value` when it is still fresh, and sweeps stale entries so the map stays small.
template <typename Key, typename Value, typename IsFresh>
void StoreFresh(std::map<Key, Value>& entries, const Key& key, const Value& value,
                const IsFresh& fresh) {
  std::erase_if(entries, [&](const auto& entry) { return !fresh(entry.second.expiration_ms); });
  if (fresh(value.expiration_ms)) {
    entries.insert_or_assign(key, value);
  } else {
    entries.erase(key);
  }
}

}  // namespace

TemporaryCredentialsCache::TemporaryCredentialsCache(Clock clock, int64_t refresh_margin_ms)
    : clock_(std::move(clock)), refresh_margin_ms_(refresh_margin_ms) {}

bool TemporaryCredentialsCache::Fresh(int64_t expiration_ms, int64_t now_ms) const {
  return expiration_ms > 0 && now_ms < expiration_ms - refresh_margin_ms_;
}

std::optional<AwsCredentials> TemporaryCredentialsCache::FindRoleSession(
    const RoleSessionKey& key) const {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  return FindFresh(role_sessions_, key, [&](int64_t exp) { return Fresh(exp, now); });
}

void TemporaryCredentialsCache::StoreRoleSession(const RoleSessionKey& key,
                                                 const AwsCredentials& credentials) {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  StoreFresh(role_sessions_, key, credentials, [&](int64_t exp) { return Fresh(exp, now); });
}

void TemporaryCredentialsCache::ForgetRoleSession(const RoleSessionKey& key) {
  std::lock_guard lock(mutex_);
  role_sessions_.erase(key);
}

std::optional<RedshiftLogin> TemporaryCredentialsCache::FindRedshiftLogin(
    const RedshiftLoginKey& key) const {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  return FindFresh(redshift_logins_, key, [&](int64_t exp) { return Fresh(exp, now); });
}

void TemporaryCredentialsCache::StoreRedshiftLogin(const RedshiftLoginKey& key,
                                                   const RedshiftLogin& login) {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  StoreFresh(redshift_logins_, key, login, [&](int64_t exp) { return Fresh(exp, now); });
}

size_t TemporaryCredentialsCache::size() const {
  std::lock_guard lock(mutex_);
  return role_sessions_.size() + redshift_logins_.size();
}

void TemporaryCredentialsCache::Clear() {
  std::lock_guard lock(mutex_);
  role_sessions_.clear();
  redshift_logins_.clear();
}

}  // namespace trib::aws
