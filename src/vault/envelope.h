// The sealed-secret text format and the envelope crypto behind it.
//
//   v1.<key id>.<wrap nonce>.<wrapped data key>.<data nonce>.<ciphertext>
//
// (binary parts in URL-safe base64 without padding). The data key (DEK) is random per seal;
// the plaintext is encrypted with it (XChaCha20-Poly1305, associated data = context) and the
// DEK is encrypted with the master key (same AEAD, associated data = key id + context).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "vault/master_key.h"

namespace trib {

struct Envelope {
  std::string key_id;
  std::string wrap_nonce;   // raw bytes
  std::string wrapped_dek;  // raw bytes: DEK + tag
  std::string data_nonce;   // raw bytes
  std::string ciphertext;   // raw bytes: plaintext + tag
};

// InvalidArgument (field "sealed") when the text is not a well-formed v1 envelope.
Result<Envelope> ParseEnvelope(std::string_view sealed);
std::string FormatEnvelope(const Envelope& envelope);

Result<Envelope> SealWithKey(const MasterKey& key, std::string_view plaintext,
                             std::string_view context);
// `key` must be the key named by envelope.key_id. InvalidArgument (field "sealed") when the
// envelope was altered or belongs to another context; the message never contains secret bytes.
Result<std::string> OpenWithKey(const MasterKey& key, const Envelope& envelope,
                                std::string_view context);
// The same envelope with its DEK re-wrapped under `to`; the ciphertext is left untouched.
Result<Envelope> RewrapWithKey(const MasterKey& from, const MasterKey& to, const Envelope& envelope,
                               std::string_view context);

}  // namespace trib
