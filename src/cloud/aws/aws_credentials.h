// AWS credentials and the process-wide AWS settings (base keys, region, endpoint overrides)
// that every AWS call of the server starts from.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "net/egress.h"

namespace trib::aws {

// A key pair, with a session token when it is temporary. Never log, print or put into a
// Status message the secret key or the token.
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret
  std::string session_token;      // secret; empty for long-term keys
  int64_t expiration_ms = 0;      // epoch ms; 0: does not expire

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

// What the server itself uses to reach AWS. Built once from the process environment by
// AwsEnvironmentFromProcess() and passed around explicitly; tests build their own.
struct AwsEnvironment {
  AwsCredentials credentials;  // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
  std::string region;          // AWS_REGION, else AWS_DEFAULT_REGION; may be empty
  // Endpoint overrides, e.g. "http://127.0.0.1:5000"; empty: AWS's regional endpoint.
  std::string sts_endpoint;       // AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL
  std::string redshift_endpoint;  // AWS_ENDPOINT_URL_REDSHIFT, else AWS_ENDPOINT_URL
  int64_t connect_timeout_ms = 5000;
  int64_t read_timeout_ms = 20000;
  // Every AWS call resolves and checks its endpoint through it; a connector sets the cluster's
  // allowlist bound to its caller (the process-wide value checks nothing).
  net::Egress egress;
};

// Reads a variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

AwsEnvironment AwsEnvironmentFromLookup(const EnvLookup& lookup);
AwsEnvironment AwsEnvironmentFromProcess();

// The endpoint to call: the override when there is one, else AWS's public regional endpoint
// "https://<service>.<region>.amazonaws.com" (".amazonaws.com.cn" in the China regions).
std::string StsEndpoint(const AwsEnvironment& env, std::string_view region);
std::string RedshiftEndpoint(const AwsEnvironment& env, std::string_view region);

}  // namespace trib::aws
