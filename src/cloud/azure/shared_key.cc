#include "cloud/azure/shared_key.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <vector>

#include "common/random.h"
#include "common/strings.h"

namespace trib::azure {

namespace {

// The standard headers of the string to sign, in the specification's order.
constexpr std::string_view kStandardHeaders[] = {
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
};

std::string HeaderValue(const NameValueList& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (ToLower(name) == lower_name) return value;
  }
  return "";
}

// Runs of blanks become one space; none at either end.
std::string FoldBlanks(std::string_view value) {
  std::string out;
  bool blank = false;
  for (char c : Trim(value)) {
    const bool is_blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (is_blank) {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

Result<std::string> DecodeKey(std::string_view base64_key) {
  EnsureSodium();
  std::string raw(base64_key.size(), '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (base64_key.empty() ||
      sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), base64_key.data(),
                        base64_key.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != base64_key.data() + base64_key.size() || length == 0) {
    return Status::InvalidArgument("account_key",
                                   "'account_key' is not a storage account key (base64)");
  }
  raw.resize(length);
  return raw;
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

std::string Rfc1123Date(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  // strftime's %a/%b follow the locale; the specification wants the English names.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return text;
}

std::string CanonicalizedHeaders(const NameValueList& headers) {
  std::map<std::string, std::vector<std::string>> ms;
  for (const auto& [name, value] : headers) {
    std::string lower = ToLower(Trim(name));
    if (lower.starts_with("x-ms-")) ms[std::move(lower)].push_back(FoldBlanks(value));
  }
  std::string out;
  for (const auto& [name, values] : ms) out += name + ":" + Join(values, ",") + "\n";
  return out;
}

std::string CanonicalizedResource(std::string_view account, const SharedKeyRequest& request) {
  std::string out = "/" + std::string(account) + request.encoded_path;
  std::map<std::string, std::vector<std::string>> params;
  for (const auto& [name, value] : request.query) params[ToLower(name)].push_back(value);
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    out += "\n" + name + ":" + Join(values, ",");
  }
  return out;
}

std::string SharedKeyStringToSign(std::string_view account, const SharedKeyRequest& request) {
  std::string out = request.method + "\n";
  for (std::string_view header : kStandardHeaders) {
    std::string value = HeaderValue(request.headers, header);
    if (header == "content-length" && value == "0") value.clear();
    out += value + "\n";
  }
  return out + CanonicalizedHeaders(request.headers) + CanonicalizedResource(account, request);
}

Status SignSharedKey(SharedKeyRequest& request, std::string_view account,
                     std::string_view base64_key, int64_t epoch_ms) {
  TRIB_ASSIGN_OR_RETURN(std::string key, DecodeKey(base64_key));
  std::erase_if(request.headers, [](const auto& header) {
    const std::string lower = ToLower(header.first);
    return lower == "x-ms-date" || lower == "authorization";
  });
  request.headers.emplace_back("x-ms-date", Rfc1123Date(epoch_ms));
  const std::string mac = aws::HmacSha256(key, SharedKeyStringToSign(account, request));
  sodium_memzero(key.data(), key.size());
  request.headers.emplace_back("Authorization",
                               "SharedKey " + std::string(account) + ":" + Base64(mac));
  return Status::Ok();
}

}  // namespace trib::azure
