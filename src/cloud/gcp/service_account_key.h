// A Google service-account key file (JSON) taken apart: who signs, with what, and where the
// key says its tokens come from. The private key is secret: never log it or quote it.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::gcp {

struct ServiceAccountKey {
  std::string client_email;
  std::string private_key_id;   // "" when the file has none
  std::string private_key_pem;  // secret: PKCS#8 PEM
  std::string token_uri;  // as the file says; "" when absent. Hostile input: see oauth_token.h
};

// Errors are kInvalidArgument naming `field` (key_json or key_path); they quote nothing of the
// text, which holds the private key.
Result<ServiceAccountKey> ParseServiceAccountKey(std::string_view json, std::string_view field);

}  // namespace trib::gcp
