// Storage tokens from the cache, or freshly asked for and stored there: what adls sources with
// a service principal or a managed identity sign their requests with.
#pragma once

#include "cloud/azure/access_token.h"
#include "cloud/azure/azure_environment.h"
#include "cloud/azure/token_client.h"
#include "common/clock.h"
#include "common/status.h"
#include "net/egress.h"

namespace trib::azure {

// `from_cache` (may be null) says whether the token was cached. Errors as the token client's.
Result<AccessToken> ObtainServicePrincipalToken(const ServicePrincipal& sp,
                                                const AzureEnvironment& env,
                                                const net::Egress& egress, const Clock& clock,
                                                bool* from_cache = nullptr);
Result<AccessToken> ObtainManagedIdentityToken(const std::string& client_id,
                                               const AzureEnvironment& env, const Clock& clock,
                                               bool* from_cache = nullptr);

}  // namespace trib::azure
