// A service account's access token: a JWT signed with its key, exchanged at the token endpoint
// (grant type jwt-bearer), kept in the cache until shortly before it expires.
//
// The key file's token_uri is hostile input (a definition could point it at an internal
// service to receive signed assertions): only Google's endpoint is used, or the one the
// administrator allows (GcpEnvironment::token_endpoint); any other is refused, naming the key
// field. The endpoint's host goes through the egress check like every other connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/gcp/access_token_cache.h"
#include "cloud/gcp/gcp_environment.h"
#include "cloud/gcp/service_account_key.h"
#include "common/clock.h"
#include "common/status.h"
#include "net/egress.h"

namespace trib::gcp {

inline constexpr std::string_view kStorageReadWriteScope =
    "https://www.googleapis.com/auth/devstorage.read_write";
inline constexpr std::string_view kStorageReadOnlyScope =
    "https://www.googleapis.com/auth/devstorage.read_only";

// The endpoint to ask: the key's token_uri when it is Google's or the administrator's
// (Google's when the key names none). Errors name `field`.
Result<std::string> ChooseTokenEndpoint(const ServiceAccountKey& key, const GcpEnvironment& env,
                                        std::string_view field);

struct TokenSource {
  ServiceAccountKey key;
  std::string key_field;  // "key_json" or "key_path": named by every error about the key
  std::string scope;
  std::string endpoint;  // from ChooseTokenEndpoint
  net::Egress egress;
  std::string ca_file;
  int64_t timeout_ms = 20000;
  Clock clock = SystemClock();
  std::shared_ptr<AccessTokenCache> cache;  // null: no caching
};

// The cache's key for `source`: a SHA-256 over what makes the token (the private key included),
// hex; not secret itself.
std::string TokenFingerprint(const TokenSource& source);

// A cached token, or a new one. Errors: the egress refusal as is; kUpstreamRejected naming the
// key field when the endpoint refuses the assertion; kUnavailable when it cannot be reached or
// fails. No message holds the key, the assertion or a token.
Result<AccessToken> ObtainAccessToken(const TokenSource& source);

}  // namespace trib::gcp
