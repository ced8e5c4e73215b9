#include "connectors/gcs/gcs_fields.h"

#include <openssl/sha.h>
#include <sodium.h>

#include <algorithm>
#include <vector>

namespace trib {

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = s.find('.', start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool LooksLikeIpv4(std::string_view s) {
  const auto parts = SplitDots(s);
  return parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](std::string_view p) {
           return !p.empty() &&
                  std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
         });
}

}  // namespace

Status CheckGcsBucketName(std::string_view field, std::string_view value) {
  const std::string name(field);
  const Status invalid = Status::InvalidArgument(
      name, "'" + name +
                "' must be a GCS bucket name: 3-63 lower-case letters, digits, '-', '_' and '.' "
                "(up to 222 with dots, 63 between dots), starting and ending with a letter or "
                "digit, not an IP address, not starting with \"goog\" nor containing \"google\"");
  const bool dotted = value.find('.') != std::string_view::npos;
  if (value.size() < 3 || value.size() > (dotted ? 222u : 63u) || !IsLowerAlnum(value.front()) ||
      !IsLowerAlnum(value.back())) {
    return invalid;
  }
  if (!std::all_of(value.begin(), value.end(),
                   [](char c) { return IsLowerAlnum(c) || c == '.' || c == '-' || c == '_'; })) {
    return invalid;
  }
  for (std::string_view component : SplitDots(value)) {
    if (component.empty() || component.size() > 63) return invalid;
  }
  if (LooksLikeIpv4(value) || value.starts_with("goog") ||
      value.find("google") != std::string_view::npos ||
      value.find("g00gle") != std::string_view::npos) {
    return invalid;
  }
  return Status::Ok();
}

std::string EncryptionKeyHash(std::string_view encryption_key) {
  std::vector<unsigned char> raw(encryption_key.size());
  size_t length = 0;
  if (sodium_base642bin(raw.data(), raw.size(), encryption_key.data(), encryption_key.size(),
                        nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return "";
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(raw.data(), length, digest);
  sodium_memzero(raw.data(), raw.size());
  char out[sodium_base64_ENCODED_LEN(SHA256_DIGEST_LENGTH, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(out, sizeof out, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

Status CheckEncryptionKeyHash(std::string_view encryption_key,
                              std::string_view encryption_key_hash) {
  const std::string expected = EncryptionKeyHash(encryption_key);
  if (expected.empty() || expected != encryption_key_hash) {
    return Status::InvalidArgument(
        "encryption_key_hash",
        "'encryption_key_hash' is not the base64 SHA-256 digest of the decoded encryption_key");
  }
  return Status::Ok();
}

}  // namespace trib
