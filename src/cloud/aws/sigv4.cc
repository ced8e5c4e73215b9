#include "cloud/aws/sigv4.h"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

#include "common/strings.h"

namespace trib::aws {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string Encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// SigV4's "trimall": no leading or trailing white space, inner runs folded into one space.
std::string TrimAll(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Lower-case names with their trimmed values, sorted by name, same names kept in sent order.
NameValueList CanonicalHeaderList(const NameValueList& headers) {
  NameValueList out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) out.emplace_back(ToLower(name), TrimAll(value));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

void SetHeader(NameValueList& headers, std::string_view name, std::string value) {
  const std::string lower = ToLower(name);
  std::erase_if(headers, [&](const auto& header) { return ToLower(header.first) == lower; });
  headers.emplace_back(std::string(name), std::move(value));
}

std::string CredentialScope(std::string_view amz_date, const SigV4Scope& scope) {
  return fmt::format("{}/{}/{}/aws4_request", amz_date.substr(0, 8), scope.region, scope.service);
}

}  // namespace

std::string HexLower(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0x0F];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  return HexLower(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof(mac),
                &length) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC-SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string UriEncode(std::string_view text) { return Encode(text, false); }

std::string UriEncodePath(std::string_view path) { return Encode(path, true); }

std::string CanonicalQueryString(const NameValueList& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [name, value] : params) encoded.emplace_back(UriEncode(name), UriEncode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string AmzDate(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string SignedHeaderNames(const SigV4Request& request) {
  std::string out;
  std::string previous;
  for (const auto& [name, value] : CanonicalHeaderList(request.headers)) {
    if (!out.empty() && name == previous) continue;
    if (!out.empty()) out += ';';
    out += name;
    previous = name;
  }
  return out;
}

std::string CanonicalRequest(const SigV4Request& request, const SigV4Scope& scope) {
  std::string path = UriEncodePath(request.path.empty() ? "/" : request.path);
  if (scope.encode_path_twice) path = UriEncodePath(path);

  std::string headers;
  const NameValueList sorted = CanonicalHeaderList(request.headers);
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i].first == sorted[i - 1].first) {
      headers += ',';  // a repeated header: values joined in the order sent
    } else {
      if (i > 0) headers += '\n';
      headers += sorted[i].first;
      headers += ':';
    }
    headers += sorted[i].second;
  }
  if (!sorted.empty()) headers += '\n';

  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method, path,
                     CanonicalQueryString(request.query), headers, SignedHeaderNames(request),
                     request.payload_sha256);
}

std::string StringToSign(std::string_view amz_date, const SigV4Scope& scope,
                         std::string_view canonical_request) {
  return fmt::format("{}\n{}\n{}\n{}", kAlgorithm, amz_date, CredentialScope(amz_date, scope),
                     Sha256Hex(canonical_request));
}

std::string AuthorizationHeader(const SigV4Request& request, const SigV4Scope& scope,
                                const AwsCredentials& credentials, std::string_view amz_date) {
  // The signing key of task 3: HMAC chain over date, region, service and "aws4_request".
  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, amz_date.substr(0, 8));
  key = HmacSha256(key, scope.region);
  key = HmacSha256(key, scope.service);
  key = HmacSha256(key, "aws4_request");
  const std::string signature =
      HexLower(HmacSha256(key, StringToSign(amz_date, scope, CanonicalRequest(request, scope))));
  return fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kAlgorithm,
                     credentials.access_key_id, CredentialScope(amz_date, scope),
                     SignedHeaderNames(request), signature);
}

void SignV4(SigV4Request& request, const SigV4Scope& scope, const AwsCredentials& credentials,
            int64_t epoch_ms) {
  const std::string amz_date = AmzDate(epoch_ms);
  SetHeader(request.headers, "X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    SetHeader(request.headers, "X-Amz-Security-Token", credentials.session_token);
  }
  std::erase_if(request.headers,
                [](const auto& header) { return ToLower(header.first) == "authorization"; });
  std::string authorization = AuthorizationHeader(request, scope, credentials, amz_date);
  request.headers.emplace_back("Authorization", std::move(authorization));
}

}  // namespace trib::aws
