// The signed JWT a service account trades for an access token (RFC 7523, RS256), built with
// OpenSSL. The time is an argument, so tests check exact claims and verify the signature.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cloud/gcp/service_account_key.h"
#include "common/status.h"

namespace trib::gcp {

inline constexpr int64_t kAssertionLifetimeS = 3600;  // Google accepts at most one hour

// RFC 4648 section 5, without padding.
std::string Base64UrlEncode(std::string_view bytes);

// header.claims.signature with iss = client_email, scope, aud = `audience` (the token
// endpoint), iat = now, exp = now + one hour. A key that is not an RSA private key is
// kInvalidArgument naming `field`, quoting nothing of it.
Result<std::string> MakeJwtAssertion(const ServiceAccountKey& key, std::string_view scope,
                                     std::string_view audience, int64_t now_ms,
                                     std::string_view field);

}  // namespace trib::gcp
