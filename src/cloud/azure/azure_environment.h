// The server's own Azure settings (TRIB_AZURE_* variables), shared by every adls source:
// where Azure AD and the managed-identity endpoint (IMDS) are, which authorities to trust for
// private endpoints and test servers, and the storage tokens obtained so far.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "cloud/aws/aws_credentials.h"
#include "cloud/azure/token_cache.h"
#include "common/clock.h"

namespace trib::azure {

struct AzureEnvironment {
  // TRIB_AZURE_AUTHORITY_HOST: Azure AD, for service principals without a token URL of their
  // own (sovereign clouds have other hosts).
  std::string authority_host = "https://login.microsoftonline.com";
  // TRIB_AZURE_IMDS_ENDPOINT: the Instance Metadata Service that hands out managed-identity
  // tokens on an Azure VM. An administrator's setting: definitions cannot name it, so it is
  // not checked against the egress allowlist (which would never list a link-local address).
  std::string imds_endpoint = "http://169.254.169.254";
  // TRIB_AZURE_CA_FILE: PEM bundle to trust for storage and token endpoints instead of the
  // system's ("" = the system's).
  std::string ca_file;
  int64_t connect_timeout_ms = 5000;
  int64_t read_timeout_ms = 20000;
  std::shared_ptr<TokenCache> tokens = std::make_shared<TokenCache>(SystemClock());
};

AzureEnvironment AzureEnvironmentFromLookup(const aws::EnvLookup& lookup);
AzureEnvironment AzureEnvironmentFromProcess();

}  // namespace trib::azure
