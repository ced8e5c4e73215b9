// Asking for storage tokens: a service principal's client-credentials grant at Azure AD
// (Microsoft identity platform v2.0) and a managed identity's token from IMDS. Each call is
// one HTTP exchange; caching is the caller's (see token_provider.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cloud/azure/access_token.h"
#include "cloud/azure/azure_environment.h"
#include "common/status.h"
#include "net/egress.h"

namespace trib::azure {

struct ServicePrincipal {
  std::string tenant;         // directory_id
  std::string client_id;      // application_id
  std::string client_secret;  // service_credential; secret
  std::string token_url;      // "" = <authority_host>/<tenant>/oauth2/v2.0/token
};

std::string ServicePrincipalTokenUrl(const AzureEnvironment& env, const ServicePrincipal& sp);

// POSTs grant_type=client_credentials with scope https://storage.azure.com/.default. The token
// URL's host is resolved and checked through `egress`. Errors name the field Azure AD blames:
// "service_credential" (wrong secret), "application_id" (unknown application), "directory_id"
// (unknown tenant); the secret is never part of one.
Result<AccessToken> RequestServicePrincipalToken(const ServicePrincipal& sp,
                                                 const AzureEnvironment& env,
                                                 const net::Egress& egress, int64_t now_ms);

// GETs IMDS's token for storage with header "Metadata: true"; `client_id` picks a
// user-assigned identity ("" = the VM's system-assigned one). An identity IMDS does not know is
// kFailedPrecondition naming "application_id".
Result<AccessToken> RequestManagedIdentityToken(std::string_view client_id,
                                                const AzureEnvironment& env, int64_t now_ms);

// {"access_token", "expires_on" (epoch seconds) or "expires_in" (seconds), numbers or strings}.
Result<AccessToken> ParseTokenAnswer(std::string_view body, int64_t now_ms);

}  // namespace trib::azure
