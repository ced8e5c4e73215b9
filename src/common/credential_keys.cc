#include "common/credential_keys.h"

#include "common/strings.h"

namespace trib {

bool IsCredentialKey(std::string_view key) {
  const std::string lower = ToLower(key);
  for (std::string_view marker : kCredentialMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> CredentialMarkers() {
  return {kCredentialMarkers.begin(), kCredentialMarkers.end()};
}

std::string CredentialMarkerList() {
  std::string out;
  for (std::string_view marker : kCredentialMarkers) {
    out += (out.empty() ? "" : ", ") + std::string(marker);
  }
  return out;
}

}  // namespace trib
