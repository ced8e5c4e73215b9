// An http(s) URL taken apart for CurlTransport: what to resolve and check, what to connect to.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::gcp {

struct HttpUrl {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets: what is resolved and checked
  int port = 443;
  std::string origin;  // "scheme://host[:port]", as written
  std::string path;    // "/..." as written (already encoded); "/" when none
  std::string query;   // after '?', as written; "" when none
};

// Errors: kInvalidArgument naming `field`, quoting nothing but the rule.
Result<HttpUrl> ParseHttpUrl(std::string_view url, std::string_view field);

}  // namespace trib::gcp
