// Random identifiers and tokens from libsodium's CSPRNG.
#pragma once

#include <cstddef>
#include <string>

namespace trib {

// Initialises libsodium once; every user of its primitives calls this first.
void EnsureSodium();

// Lower-case hex of `bytes` random bytes (16 -> 32 hex characters).
std::string RandomHex(size_t bytes = 16);

// URL-safe base64 (no padding) of `bytes` random bytes.
std::string RandomToken(size_t bytes = 32);

}  // namespace trib
