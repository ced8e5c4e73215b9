#include "clientlib/http_support.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/json.h"

namespace trib::cli {

namespace {

StatusCode CodeFromName(std::string_view name, int http_status) {
  static constexpr StatusCode kCodes[] = {
      StatusCode::kInvalidArgument,    StatusCode::kUnauthenticated,
      StatusCode::kPermissionDenied,   StatusCode::kNotFound,
      StatusCode::kAlreadyExists,      StatusCode::kConflict,
      StatusCode::kFailedPrecondition, StatusCode::kPayloadTooLarge,
      StatusCode::kUnavailable,        StatusCode::kInternal};
  for (StatusCode code : kCodes) {
    if (StatusCodeName(code) == name) return code;
  }
  switch (http_status) {
    case 400:
      return StatusCode::kInvalidArgument;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 409:
      return StatusCode::kConflict;
    case 413:
      return StatusCode::kPayloadTooLarge;
    case 502:
    case 503:
    case 504:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kInternal;
  }
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string ServerUrl::Origin() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool ServerUrl::IsLoopback() const {
  const bool dotted_digits = std::all_of(
      host.begin(), host.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; });
  return host == "localhost" || host == "::1" || (dotted_digits && host.rfind("127.", 0) == 0);
}

Result<ServerUrl> ParseServerUrl(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("url", "bad server URL '" + std::string(url) + "': " + why);
  };
  ServerUrl out;
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return bad("expected http://HOST[:PORT] or https://...");
  out.scheme = std::string(url.substr(0, sep));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (out.scheme != "http" && out.scheme != "https") return bad("the scheme must be http or https");
  std::string_view rest = url.substr(sep + 3);
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    if (path.find_first_of("?#") != std::string_view::npos) {
      return bad("no query or fragment allowed");
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.base_path = std::string(path);
  }
  if (authority.find('@') != std::string_view::npos) {
    return bad("no user:password@ here; use --api-key-file or TRIB_API_KEY");
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the host");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
  } else {
    const size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
  }
  if (out.host.empty()) return bad("no host");
  if (port_text.empty()) {
    out.port = out.scheme == "https" ? 443 : 80;
  } else {
    const char* end = port_text.data() + port_text.size();
    auto [ptr, ec] = std::from_chars(port_text.data(), end, out.port);
    if (ec != std::errc() || ptr != end || out.port < 1 || out.port > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
  }
  return out;
}

std::string EncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (value.empty()) continue;
    out += out.empty() ? "?" : "&";
    out += EncodeComponent(key) + "=" + EncodeComponent(value);
  }
  return out;
}

Status StatusFromErrorAnswer(int http_status, std::string_view body) {
  Result<Json> parsed = ParseJson(body);
  if (parsed.ok() && parsed->is_object()) {
    auto error = parsed->find("error");
    if (error != parsed->end() && error->is_object()) {
      auto text = [&](const char* key) {
        auto it = error->find(key);
        return it != error->end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      std::string message = text("message");
      if (message.empty()) message = "the server answered HTTP " + std::to_string(http_status);
      return Status(CodeFromName(text("code"), http_status), std::move(message), text("field"));
    }
  }
  return Status(CodeFromName("", http_status),
                "the server answered HTTP " + std::to_string(http_status) +
                    " without an error description (is --url pointing at tributary?)");
}

}  // namespace trib::cli
