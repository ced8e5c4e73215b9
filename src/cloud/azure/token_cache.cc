#include "cloud/azure/token_cache.h"

#include <sodium.h>

#include "cloud/aws/sigv4.h"
#include "common/random.h"

namespace trib::azure {

std::string SecretDigest(std::string_view secret) {
  static const std::string key = [] {
    EnsureSodium();
    std::string bytes(32, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
  }();
  return aws::HexLower(aws::HmacSha256(key, secret));
}

TokenCache::TokenCache(Clock clock, int64_t refresh_margin_ms)
    : clock_(std::move(clock)), refresh_margin_ms_(refresh_margin_ms) {}

bool TokenCache::Fresh(const AccessToken& token, int64_t now_ms) const {
  return now_ms < token.expires_on_ms - refresh_margin_ms_;
}

std::optional<AccessToken> TokenCache::Find(const TokenKey& key) const {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  const auto it = tokens_.find(key);
  if (it == tokens_.end() || !Fresh(it->second, now)) return std::nullopt;
  return it->second;
}

void TokenCache::Store(const TokenKey& key, const AccessToken& token) {
  const int64_t now = clock_();
  std::lock_guard lock(mutex_);
  std::erase_if(tokens_, [&](const auto& entry) { return !Fresh(entry.second, now); });
  if (Fresh(token, now)) {
    tokens_.insert_or_assign(key, token);
  } else {
    tokens_.erase(key);
  }
}

size_t TokenCache::size() const {
  std::lock_guard lock(mutex_);
  return tokens_.size();
}

}  // namespace trib::azure
