// Storage tokens kept until shortly before they expire, so repeated reads of a data source ask
// Azure AD (or IMDS) once an hour rather than once a request. Keys hold no secret: a service
// principal's client secret is represented by a keyed digest (a process-random key), so two
// sources naming the same application with different secrets never share a token.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "cloud/azure/access_token.h"
#include "common/clock.h"

namespace trib::azure {

struct TokenKey {
  std::string flow;           // "service_principal" | "managed_identity"
  std::string endpoint;       // the token URL asked
  std::string client_id;      // application id, or the managed identity's client id ("": default)
  std::string secret_digest;  // SecretDigest(client secret); "" for managed identities
  auto operator<=>(const TokenKey&) const = default;
};

// Hex HMAC-SHA-256 of `secret` under a key made once per process: equal secrets compare equal,
// and nothing outside this process can tell what they were.
std::string SecretDigest(std::string_view secret);

// Thread-safe. A token is handed out while now < expires_on - refresh_margin.
class TokenCache {
 public:
  static constexpr int64_t kDefaultRefreshMarginMs = 5 * 60'000;  // as Azure's own clients

  explicit TokenCache(Clock clock, int64_t refresh_margin_ms = kDefaultRefreshMarginMs);

  std::optional<AccessToken> Find(const TokenKey& key) const;
  // Stale tokens are not kept; stale entries of other keys are swept.
  void Store(const TokenKey& key, const AccessToken& token);
  size_t size() const;

 private:
  bool Fresh(const AccessToken& token, int64_t now_ms) const;

  Clock clock_;
  int64_t refresh_margin_ms_;
  mutable std::mutex mutex_;
  std::map<TokenKey, AccessToken> tokens_;
};

}  // namespace trib::azure
