// What the server's administrator decides for every GCP call (process environment, read once):
// which token endpoint besides Google's a key may name, which storage endpoint replaces
// Google's (private endpoints, test servers), which CA bundle to trust for them; and the
// tokens obtained so far, shared by every read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/gcp/access_token_cache.h"
#include "common/clock.h"

namespace trib::gcp {

inline constexpr std::string_view kGoogleTokenEndpoint = "https://oauth2.googleapis.com/token";
inline constexpr std::string_view kGoogleStorageEndpoint = "https://storage.googleapis.com";

struct GcpEnvironment {
  std::string token_endpoint;    // TRIB_GCP_TOKEN_ENDPOINT; "" = Google's only
  std::string storage_endpoint;  // TRIB_GCS_ENDPOINT; "" = Google's
  std::string ca_file;           // TRIB_GCP_CA_FILE; "" = the system's authorities
  int64_t token_timeout_ms = 20000;
  std::shared_ptr<AccessTokenCache> tokens = std::make_shared<AccessTokenCache>(SystemClock());
};

// Reads a variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

GcpEnvironment GcpEnvironmentFromLookup(const EnvLookup& lookup);
GcpEnvironment GcpEnvironmentFromProcess();

// Whether `url` may carry a bearer token or a signed assertion: https, or plain http to this
// machine only (127.0.0.0/8, ::1, localhost).
bool MayCarryCredentials(std::string_view url);

}  // namespace trib::gcp
