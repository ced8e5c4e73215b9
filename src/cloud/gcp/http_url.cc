#include "cloud/gcp/http_url.h"

#include <algorithm>

#include "common/strings.h"

namespace trib::gcp {

Result<HttpUrl> ParseHttpUrl(std::string_view url, std::string_view field) {
  const std::string name(field);
  const auto bad = [&name](std::string_view why) {
    return Status::InvalidArgument(name, "'" + name + "' " + std::string(why));
  };
  HttpUrl out;
  const std::string lower = ToLower(url.substr(0, 8));
  if (lower.starts_with("https://")) {
    out.scheme = "https";
  } else if (lower.starts_with("http://")) {
    out.scheme = "http";
    out.port = 80;
  } else {
    return bad("must be an http or https URL");
  }
  std::string_view rest = url.substr(out.scheme.size() + 3);
  const size_t end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (authority.empty()) return bad("has no host");
  if (authority.find('@') != std::string_view::npos) return bad("must not hold user information");
  if (rest.find('#') != std::string_view::npos) return bad("must not hold a fragment");
  if (std::any_of(url.begin(), url.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    return bad("must not hold spaces or control characters");
  }

  std::string_view host = authority;
  const size_t bracket = authority.rfind(']');
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("has an invalid port");
    }
    out.port = std::stoi(std::string(port));
    if (out.port < 1 || out.port > 65535) return bad("has an invalid port");
    host = authority.substr(0, colon);
  }
  if (host.starts_with('[')) {
    if (!host.ends_with(']')) return bad("has an invalid host");
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return bad("has no host");
  out.host = std::string(host);
  out.origin = out.scheme + "://" + std::string(authority);
  const size_t question = rest.find('?');
  out.path = std::string(rest.substr(0, question));
  if (out.path.empty()) out.path = "/";
  if (question != std::string_view::npos) out.query = std::string(rest.substr(question + 1));
  return out;
}

}  // namespace trib::gcp
