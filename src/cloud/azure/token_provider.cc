#include "cloud/azure/token_provider.h"

namespace trib::azure {

namespace {

template <typename Fetch>
Result<AccessToken> Cached(const TokenKey& key, const AzureEnvironment& env, bool* from_cache,
                           const Fetch& fetch) {
  if (env.tokens) {
    if (std::optional<AccessToken> cached = env.tokens->Find(key)) {
      if (from_cache != nullptr) *from_cache = true;
      return *std::move(cached);
    }
  }
  if (from_cache != nullptr) *from_cache = false;
  TRIB_ASSIGN_OR_RETURN(AccessToken token, fetch());
  if (env.tokens) env.tokens->Store(key, token);
  return token;
}

}  // namespace

Result<AccessToken> ObtainServicePrincipalToken(const ServicePrincipal& sp,
                                                const AzureEnvironment& env,
                                                const net::Egress& egress, const Clock& clock,
                                                bool* from_cache) {
  const TokenKey key{.flow = "service_principal",
                     .endpoint = ServicePrincipalTokenUrl(env, sp),
                     .client_id = sp.client_id,
                     .secret_digest = SecretDigest(sp.client_secret)};
  return Cached(key, env, from_cache,
                [&] { return RequestServicePrincipalToken(sp, env, egress, clock()); });
}

Result<AccessToken> ObtainManagedIdentityToken(const std::string& client_id,
                                               const AzureEnvironment& env, const Clock& clock,
                                               bool* from_cache) {
  const TokenKey key{
      .flow = "managed_identity", .endpoint = env.imds_endpoint, .client_id = client_id};
  return Cached(key, env, from_cache,
                [&] { return RequestManagedIdentityToken(client_id, env, clock()); });
}

}  // namespace trib::azure
