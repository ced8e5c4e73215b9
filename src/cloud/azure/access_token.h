// A bearer token for Azure Storage and when it stops working. Never log, print or put into a
// Status message the token itself.
#pragma once

#include <cstdint>
#include <string>

namespace trib::azure {

struct AccessToken {
  std::string token;          // secret
  int64_t expires_on_ms = 0;  // epoch ms
};

// The audience every storage token is asked for.
inline constexpr const char* kStorageResource = "https://storage.azure.com/";

}  // namespace trib::azure
