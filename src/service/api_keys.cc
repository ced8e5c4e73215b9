#include "service/api_keys.h"

#include <sodium.h>

#include "common/random.h"

namespace trib {

namespace {

constexpr std::string_view kPrefix = "trib_";

std::string HashSecret(std::string_view secret, std::string_view salt_hex) {
  EnsureSodium();
  unsigned char salt[crypto_generichash_KEYBYTES];
  size_t salt_len = 0;
  if (sodium_hex2bin(salt, sizeof salt, salt_hex.data(), salt_hex.size(), nullptr, &salt_len,
                     nullptr) != 0 ||
      salt_len != sizeof salt) {
    return {};
  }
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), salt, sizeof salt);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace

std::vector<std::string> AllScopes() {
  return {std::string(kScopeRead), std::string(kScopeWrite), std::string(kScopeAdmin)};
}

IssuedKey IssueApiKey(const std::string& user_id, std::vector<std::string> scopes, int64_t now_ms) {
  IssuedKey key;
  key.row.id = RandomHex(8);
  key.row.user_id = user_id;
  key.row.salt = RandomHex(crypto_generichash_KEYBYTES);
  key.row.scopes = std::move(scopes);
  key.row.created_ms = now_ms;
  const std::string secret = RandomToken(32);
  key.row.hash = HashSecret(secret, key.row.salt);
  key.plaintext = std::string(kPrefix) + key.row.id + "." + secret;
  return key;
}

std::optional<ParsedKey> ParseApiKey(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || dot > 64) {
    return std::nullopt;
  }
  return ParsedKey{std::string(text.substr(0, dot)), std::string(text.substr(dot + 1))};
}

bool VerifyApiKey(const ApiKey& row, std::string_view secret) {
  const std::string hash = HashSecret(secret, row.salt);
  return !hash.empty() && hash.size() == row.hash.size() &&
         sodium_memcmp(hash.data(), row.hash.data(), hash.size()) == 0;
}

}  // namespace trib
