// Access tokens kept until shortly before they expire, so reads of a source reuse one token
// instead of signing and exchanging a JWT each time. Keys are fingerprints (a SHA-256 over the
// key, scope and endpoint): nothing secret is kept as a key, and a key file that only copies
// another's client_email cannot reach that account's token.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"

namespace trib::gcp {

struct AccessToken {
  std::string token;          // secret
  int64_t expiration_ms = 0;  // epoch ms
};

// Thread-safe. A token is handed out while now < expiration - refresh margin.
class AccessTokenCache {
 public:
  static constexpr int64_t kDefaultRefreshMarginMs = 300'000;  // Google's clients use 5 min too

  explicit AccessTokenCache(Clock clock, int64_t refresh_margin_ms = kDefaultRefreshMarginMs);

  std::optional<AccessToken> Find(const std::string& fingerprint) const;
  void Store(const std::string& fingerprint, const AccessToken& token);
  size_t size() const;

 private:
  bool Fresh(const AccessToken& token, int64_t now_ms) const;

  Clock clock_;
  int64_t refresh_margin_ms_;
  mutable std::mutex mutex_;
  std::map<std::string, AccessToken> tokens_;
};

}  // namespace trib::gcp
