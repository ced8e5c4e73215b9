#include "cloud/gcp/access_token_cache.h"

#include <utility>

namespace trib::gcp {

AccessTokenCache::AccessTokenCache(Clock clock, int64_t refresh_margin_ms)
    : clock_(std::move(clock)), refresh_margin_ms_(refresh_margin_ms) {}

bool AccessTokenCache::Fresh(const AccessToken& token, int64_t now_ms) const {
  return now_ms < token.expiration_ms - refresh_margin_ms_;
}

std::optional<AccessToken> AccessTokenCache::Find(const std::string& fingerprint) const {
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tokens_.find(fingerprint);
  if (it == tokens_.end() || !Fresh(it->second, now)) return std::nullopt;
  return it->second;
}

void AccessTokenCache::Store(const std::string& fingerprint, const AccessToken& token) {
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  // Stale entries go now, so the map holds only what may still be handed out.
  std::erase_if(tokens_, [&](const auto& entry) { return !Fresh(entry.second, now); });
  if (Fresh(token, now)) tokens_.insert_or_assign(fingerprint, token);
}

size_t AccessTokenCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tokens_.size();
}

}  // namespace trib::gcp
