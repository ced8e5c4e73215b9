// The HTTP-independent half of talking to the server: parsing --url, encoding path segments
// and query values, and turning an error answer back into a Status.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace trib::cli {

struct ServerUrl {
  std::string scheme;     // "http" or "https"
  std::string host;       // without brackets for IPv6
  int port = 0;           // explicit, or 80/443
  std::string base_path;  // "" or "/prefix" (no trailing slash), for a server behind a proxy

  // "scheme://host:port", the form httplib::Client takes.
  std::string Origin() const;
  // Plain http is fine on loopback; anywhere else the API key crosses the network in clear.
  bool IsLoopback() const;
};

Result<ServerUrl> ParseServerUrl(std::string_view url);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string EncodeComponent(std::string_view text);

// "?a=1&b=x%20y" from the pairs whose value is not empty; "" when none is.
std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params);

// The Status an error answer stands for: the body's {"error": {code, message, field}} when it
// has one, else a message built from the HTTP status (a proxy's HTML page is not repeated).
Status StatusFromErrorAnswer(int http_status, std::string_view body);

}  // namespace trib::cli
