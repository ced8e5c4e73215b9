#include "connectors/common/field_checks.h"

#include "common/strings.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <utility>
#include <vector>

#include "common/json.h"

namespace trib {

namespace {

Status Invalid(std::string_view field, std::string_view rule) {
  const std::string name(field);
  return Status::InvalidArgument(name, "'" + name + "' " + std::string(rule));
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || IsDigit(c); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool IsHostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.back() == '.') host.remove_suffix(1);  // a fully qualified name may end with '.'
  for (std::string_view label : Split(host, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    if (!std::all_of(label.begin(), label.end(), [](char c) { return IsAlnum(c) || c == '-'; })) {
      return false;
    }
  }
  return true;
}

bool IsPort(std::string_view port) {
  if (!AllDigits(port) || port.size() > 5) return false;
  const int n = std::stoi(std::string(port));
  return n >= 1 && n <= 65535;
}

bool IsIpv6Literal(std::string_view s) {
  return !s.empty() && s.size() <= 45 && s.find(':') != std::string_view::npos &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
         });
}

// "1.2.3.4": S3 refuses bucket names that look like an IP address.
bool LooksLikeIpv4(std::string_view s) {
  const auto parts = Split(s, '.');
  return parts.size() == 4 &&
         std::all_of(parts.begin(), parts.end(), [](std::string_view p) { return AllDigits(p); });
}

// Whether any "/"-separated segment is "." or "..".
bool HasDotSegment(std::string_view path) {
  for (std::string_view segment : Split(path, '/')) {
    if (segment == "." || segment == "..") return true;
  }
  return false;
}

// A URL parameter whose value would be a credential.
bool IsSecretParameter(std::string_view lower_name) {
  constexpr std::array<std::string_view, 4> kSuffixes = {"password", "pwd", "secret", "token"};
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view s) { return lower_name.ends_with(s); });
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

FieldSpec WithCheck(FieldSpec spec, StringCheck check) {
  spec.check = [name = spec.name, check = std::move(check)](const Json& value) -> Status {
    // Strings only: maps bring their own checks, and the validator checked the kind already.
    if (!value.is_string()) return Status::Ok();
    return check(name, value.get_ref<const std::string&>());
  };
  return spec;
}

Status CheckHostname(std::string_view field, std::string_view value) {
  if (!IsHostname(value)) {
    return Invalid(field, "must be a host name (labels of letters, digits and '-')");
  }
  return Status::Ok();
}

Status CheckHostPortList(std::string_view field, std::string_view value) {
  constexpr std::string_view kRule =
      "must be a comma-separated list of host:port (port 1-65535), e.g. broker1:9092,broker2:9092";
  for (std::string_view entry : Split(value, ',')) {
    entry = Trim(entry);
    std::string_view host;
    std::string_view port;
    if (entry.starts_with('[')) {
      const size_t close = entry.find(']');
      if (close == std::string_view::npos || entry.substr(close + 1, 1) != ":") {
        return Invalid(field, kRule);
      }
      host = entry.substr(1, close - 1);
      port = entry.substr(close + 2);
      if (!IsIpv6Literal(host)) return Invalid(field, kRule);
    } else {
      const size_t colon = entry.rfind(':');
      if (colon == std::string_view::npos) return Invalid(field, kRule);
      host = entry.substr(0, colon);
      port = entry.substr(colon + 1);
      if (!IsHostname(host)) return Invalid(field, kRule);
    }
    if (!IsPort(port)) return Invalid(field, kRule);
  }
  return Status::Ok();
}

namespace {

// "<scheme>://host[:port][rest]" for one of `schemes`; `path` says whether anything may follow
// the authority.
Status CheckUrl(std::string_view field, std::string_view value,
                std::initializer_list<std::string_view> schemes, bool path, std::string_view rule) {
  std::string_view rest;
  bool matched = false;
  for (std::string_view scheme : schemes) {
    if (ToLower(value.substr(0, scheme.size())) == scheme) {
      rest = value.substr(scheme.size());
      matched = true;
      break;
    }
  }
  if (!matched) return Invalid(field, rule);
  const size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) {
    return Invalid(field, "must not carry user information; use the credential fields");
  }
  if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    if (!IsPort(authority.substr(colon + 1))) return Invalid(field, rule);
    authority = authority.substr(0, colon);
  }
  if (!IsHostname(authority)) return Invalid(field, rule);
  if (std::any_of(rest.begin(), rest.end(), [](char c) { return c == ' '; })) {
    return Invalid(field, rule);
  }
  if (!path && end != std::string_view::npos && rest.substr(end) != "/") {
    return Invalid(field, rule);
  }
  return Status::Ok();
}

}  // namespace

Status CheckHttpsUrl(std::string_view field, std::string_view value) {
  return CheckUrl(field, value, {"https://"}, true,
                  "must be an https URL, e.g. https://account.snowflakecomputing.com");
}

Status CheckServiceEndpoint(std::string_view field, std::string_view value) {
  return CheckUrl(field, value, {"https://", "http://"}, false,
                  "must be an endpoint URL such as https://s3.eu-west-1.amazonaws.com or "
                  "http://127.0.0.1:9000 (scheme, host and port only)");
}

Status CheckServiceUrl(std::string_view field, std::string_view value) {
  return CheckUrl(field, value, {"https://", "http://"}, true,
                  "must be an http or https URL, e.g. https://login.example.com/token");
}

Status CheckIamRoleArn(std::string_view field, std::string_view value) {
  constexpr std::string_view kRule =
      "must be an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>";
  const auto parts = Split(value, ':');
  // arn : partition : iam : (empty region) : account : role/...
  if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[3].empty()) {
    return Invalid(field, kRule);
  }
  if (parts[1] != "aws" && parts[1] != "aws-cn" && parts[1] != "aws-us-gov") {
    return Invalid(field, kRule);
  }
  if (parts[4].size() != 12 || !AllDigits(parts[4])) return Invalid(field, kRule);
  std::string_view resource = parts[5];
  if (!resource.starts_with("role/")) return Invalid(field, kRule);
  resource.remove_prefix(5);
  const bool ok =
      !resource.empty() && resource.size() <= 512 && resource.back() != '/' &&
      resource.front() != '/' && resource.find("//") == std::string_view::npos &&
      std::all_of(resource.begin(), resource.end(), [](char c) {
        return IsAlnum(c) || std::string_view("+=,.@_-/").find(c) != std::string_view::npos;
      });
  return ok ? Status::Ok() : Invalid(field, kRule);
}

Status CheckS3BucketName(std::string_view field, std::string_view value) {
  constexpr std::string_view kRule =
      "must be an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-', starting and "
      "ending with a letter or digit, not shaped like an IP address";
  if (value.size() < 3 || value.size() > 63 || !IsLowerAlnum(value.front()) ||
      !IsLowerAlnum(value.back())) {
    return Invalid(field, kRule);
  }
  if (!std::all_of(value.begin(), value.end(),
                   [](char c) { return IsLowerAlnum(c) || c == '.' || c == '-'; })) {
    return Invalid(field, kRule);
  }
  if (value.find("..") != std::string_view::npos || value.find(".-") != std::string_view::npos ||
      value.find("-.") != std::string_view::npos || LooksLikeIpv4(value)) {
    return Invalid(field, kRule);
  }
  // Prefixes and suffixes AWS reserves for its own access points and directory buckets.
  for (std::string_view reserved : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (value.starts_with(reserved)) return Invalid(field, kRule);
  }
  for (std::string_view reserved : {"-s3alias", "--ol-s3", ".mrap", "--x-s3"}) {
    if (value.ends_with(reserved)) return Invalid(field, kRule);
  }
  return Status::Ok();
}

Status CheckAbsolutePath(std::string_view field, std::string_view value) {
  if (!value.starts_with('/')) return Invalid(field, "must be an absolute path (start with '/')");
  if (HasDotSegment(value)) return Invalid(field, "must not contain a '.' or '..' segment");
  return Status::Ok();
}

Status CheckObjectPrefix(std::string_view field, std::string_view value) {
  if (value.starts_with('/')) {
    return Invalid(field, "is a prefix inside the bucket and must not start with '/'");
  }
  if (HasDotSegment(value)) return Invalid(field, "must not contain a '.' or '..' segment");
  return Status::Ok();
}

Status CheckJdbcUrl(std::string_view field, std::string_view value) {
  // "jdbc:" + subprotocol + ":" + something.
  const std::string lower = ToLower(value);
  const size_t colon = lower.find(':', 5);
  if (!lower.starts_with("jdbc:") || colon == std::string::npos || colon == 5 ||
      colon + 1 == lower.size() ||
      !std::all_of(lower.begin() + 5, lower.begin() + static_cast<std::ptrdiff_t>(colon),
                   [](char c) { return IsLowerAlnum(c) || c == '-' || c == '_'; })) {
    return Invalid(field,
                   "must be a JDBC URL: jdbc:<subprotocol>:<address>, e.g. "
                   "jdbc:postgresql://host:5432/db");
  }
  const std::string name(field);
  // Parameters: "?a=b&c=d" (PostgreSQL, MySQL), ";a=b" (SQL Server), "(a=b,c=d)" (MySQL).
  for (size_t eq = lower.find('='); eq != std::string::npos; eq = lower.find('=', eq + 1)) {
    size_t start = lower.find_last_of("?&;(),:/", eq);
    start = start == std::string::npos ? 0 : start + 1;
    const std::string param(Trim(std::string_view(lower).substr(start, eq - start)));
    if (IsSecretParameter(param)) {
      return Status::InvalidArgument(name, "'" + name +
                                               "' must not carry a credential (parameter '" +
                                               param.substr(0, 64) + "'): put it in arguments." +
                                               param.substr(0, 64) + " so it is stored encrypted");
    }
  }
  // User info: "//user:password@host".
  if (const size_t slashes = lower.find("//"); slashes != std::string::npos) {
    const size_t host = slashes + 2;
    const std::string_view authority =
        std::string_view(lower).substr(host, lower.find_first_of("/?;#", host) - host);
    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos &&
        authority.substr(0, at).find(':') != std::string_view::npos) {
      return Status::InvalidArgument(
          name,
          "'" + name +
              "' must not carry a password in 'user:password@': put the user in "
              "arguments.user and the password in arguments.password so it is stored encrypted");
    }
  }
  // Oracle's thin form "jdbc:oracle:thin:user/password@host".
  if (lower.starts_with("jdbc:oracle:thin:")) {
    const std::string_view rest = std::string_view(lower).substr(17);
    const size_t at = rest.find('@');
    if (at != std::string_view::npos && rest.substr(0, at).find('/') != std::string_view::npos) {
      return Status::InvalidArgument(
          name,
          "'" + name +
              "' must not carry a password in 'user/password@': put the user in "
              "arguments.user and the password in arguments.password so it is stored encrypted");
    }
  }
  return Status::Ok();
}

std::optional<size_t> Base64DecodedLength(std::string_view value) {
  if (value.empty() || value.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (value.ends_with("==")) {
    padding = 2;
  } else if (value.ends_with('=')) {
    padding = 1;
  }
  const std::string_view body = value.substr(0, value.size() - padding);
  if (!std::all_of(body.begin(), body.end(), [](char c) { return Base64Value(c) >= 0; })) {
    return std::nullopt;
  }
  // Canonical encoding: the bits a padded final group does not use must be zero.
  if (padding == 2 && (Base64Value(body.back()) & 0x0f) != 0) return std::nullopt;
  if (padding == 1 && (Base64Value(body.back()) & 0x03) != 0) return std::nullopt;
  return value.size() / 4 * 3 - padding;
}

StringCheck Base64Check(std::optional<size_t> bytes) {
  return [bytes](std::string_view field, std::string_view value) -> Status {
    const auto length = Base64DecodedLength(value);
    if (!length)
      return Invalid(field, "must be standard base64 (A-Z, a-z, 0-9, '+', '/', padded with '=')");
    if (bytes && *length != *bytes) {
      return Invalid(field, "must decode to exactly " + std::to_string(*bytes) + " bytes");
    }
    return Status::Ok();
  };
}

Status CheckServiceAccountKeyJson(std::string_view field, std::string_view value) {
  constexpr std::string_view kRule =
      "must be the JSON of a service-account key file: an object with \"type\": "
      "\"service_account\", \"client_email\" and \"private_key\"";
  // The parse error is dropped: only our own message, which quotes nothing, goes out.
  const Result<Json> result = ParseJson(value, /*max_depth=*/8);
  if (!result.ok() || !result->is_object()) return Invalid(field, kRule);
  const Json& parsed = *result;
  auto nonempty_string = [&](const char* key) {
    auto it = parsed.find(key);
    return it != parsed.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
  };
  if (!nonempty_string("type") || parsed["type"] != "service_account" ||
      !nonempty_string("client_email") || !nonempty_string("private_key")) {
    return Invalid(field, kRule);
  }
  return Status::Ok();
}

}  // namespace trib
