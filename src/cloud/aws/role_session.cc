#include "cloud/aws/role_session.h"

#include <spdlog/spdlog.h>

#include "cloud/aws/sts_client.h"
#include "common/random.h"

namespace trib::aws {

namespace {

constexpr int kRoleSessionSeconds = 3600;

}  // namespace

Result<AwsCredentials> ObtainRoleSession(const RoleSessionKey& key, const AwsEnvironment& env,
                                         TemporaryCredentialsCache& cache, const Clock& clock,
                                         bool* from_cache) {
  if (std::optional<AwsCredentials> cached = cache.FindRoleSession(key)) {
    if (from_cache != nullptr) *from_cache = true;
    return *std::move(cached);
  }
  if (from_cache != nullptr) *from_cache = false;
  AssumeRoleRequest assume;
  assume.role_arn = key.role_arn;
  assume.role_session_name = "tributary-" + RandomHex(8);
  assume.duration_seconds = kRoleSessionSeconds;
  assume.region = key.region;
  TRIB_ASSIGN_OR_RETURN(AwsCredentials credentials, AssumeRole(assume, env, clock()));
  spdlog::debug("assumed role {} in {} as session {} (expires {})", key.role_arn, key.region,
                assume.role_session_name, FormatIso8601(credentials.expiration_ms));
  cache.StoreRoleSession(key, credentials);
  return credentials;
}

}  // namespace trib::aws
