#include "cloud/gcp/gcp_environment.h"

#include <cstdlib>

#include "common/strings.h"
#include "net/egress_policy.h"

namespace trib::gcp {

GcpEnvironment GcpEnvironmentFromLookup(const EnvLookup& lookup) {
  GcpEnvironment env;
  env.token_endpoint = lookup("TRIB_GCP_TOKEN_ENDPOINT").value_or("");
  env.storage_endpoint = lookup("TRIB_GCS_ENDPOINT").value_or("");
  env.ca_file = lookup("TRIB_GCP_CA_FILE").value_or("");
  return env;
}

GcpEnvironment GcpEnvironmentFromProcess() {
  return GcpEnvironmentFromLookup([](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  });
}

bool MayCarryCredentials(std::string_view url) {
  const std::string lower = ToLower(url);
  if (lower.starts_with("https://")) return true;
  if (!lower.starts_with("http://")) return false;
  std::string host = lower.substr(7);
  host = host.substr(0, host.find_first_of("/?#"));
  if (host.find('@') != std::string::npos) return false;
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host == "localhost") return true;
  // A literal only: "127.evil.example" is a name like any other.
  const std::optional<net::IpAddress> address = net::ParseIpLiteral(host);
  if (!address) return false;
  if (address->IsV4()) return address->bytes[12] == 127;
  return *address == *net::ParseIpLiteral("::1");
}

}  // namespace trib::gcp
