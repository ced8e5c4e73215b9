// Value rules only the gcs type has: bucket names, and the customer-supplied key's hash.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace trib {

// Google Cloud Storage bucket naming rules.
Status CheckGcsBucketName(std::string_view field, std::string_view value);

// base64(SHA-256(base64-decoded `encryption_key`)); "" when the key is not base64.
std::string EncryptionKeyHash(std::string_view encryption_key);

// `encryption_key_hash` is the hash of `encryption_key`; a mismatch is kInvalidArgument naming
// encryption_key_hash and quoting neither value.
Status CheckEncryptionKeyHash(std::string_view encryption_key,
                              std::string_view encryption_key_hash);

}  // namespace trib
