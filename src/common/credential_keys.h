// What marks an option key as a credential: one list for every map of driver or client options
// (jdbc arguments, URL parameters, Kafka options, Spark options...), so that what is stored
// encrypted at create and what a URL may not carry are decided by the same rule.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace trib {

// Lower-cased substrings; a key containing one is a credential. Broad on purpose: a key marked
// by mistake is only stored encrypted and answered as "<redacted>".
inline constexpr std::array<std::string_view, 8> kCredentialMarkers = {
    "pass", "pwd", "secret", "token", "credential", "key", "jaas", "sas."};

bool IsCredentialKey(std::string_view key);
std::vector<std::string> CredentialMarkers();
// "pass, pwd, secret, ...": for descriptions and messages.
std::string CredentialMarkerList();

}  // namespace trib
