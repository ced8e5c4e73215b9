#include "cloud/azure/azure_environment.h"

#include <cstdlib>

namespace trib::azure {

namespace {

std::string WithoutTrailingSlashes(std::string text) {
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

AzureEnvironment AzureEnvironmentFromLookup(const aws::EnvLookup& lookup) {
  AzureEnvironment env;
  if (auto host = lookup("TRIB_AZURE_AUTHORITY_HOST"); host && !host->empty()) {
    env.authority_host = WithoutTrailingSlashes(*host);
  }
  if (auto imds = lookup("TRIB_AZURE_IMDS_ENDPOINT"); imds && !imds->empty()) {
    env.imds_endpoint = WithoutTrailingSlashes(*imds);
  }
  if (auto ca = lookup("TRIB_AZURE_CA_FILE"); ca) env.ca_file = *ca;
  return env;
}

AzureEnvironment AzureEnvironmentFromProcess() {
  return AzureEnvironmentFromLookup([](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

}  // namespace trib::azure
