// API keys: "trib_<id>.<secret>". The id finds the row; only a salted BLAKE2b hash of the
// 256-bit secret is stored (a slow password hash buys nothing for random keys and would cap
// request rates).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"

namespace trib {

// Scopes a key may carry; a request needs the scope of what it does.
inline constexpr std::string_view kScopeRead = "read";    // list and show
inline constexpr std::string_view kScopeWrite = "write";  // create, change, delete
inline constexpr std::string_view kScopeAdmin = "admin";  // cluster administration
std::vector<std::string> AllScopes();

struct IssuedKey {
  ApiKey row;             // what the catalog stores
  std::string plaintext;  // shown once to its owner, never stored
};

IssuedKey IssueApiKey(const std::string& user_id, std::vector<std::string> scopes, int64_t now_ms);

struct ParsedKey {
  std::string id;
  std::string secret;
};
std::optional<ParsedKey> ParseApiKey(std::string_view text);

// Constant-time comparison of the secret's hash with the stored one.
bool VerifyApiKey(const ApiKey& row, std::string_view secret);

}  // namespace trib
