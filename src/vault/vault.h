// Secrets at rest: envelope encryption with libsodium AEAD (XChaCha20-Poly1305). Each secret
// gets its own random data key; the data key is wrapped by the master key. The master key
// comes from a 0600 key file (created on first start) or from the environment.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "common/status.h"

namespace trib {

struct VaultOptions {
  // Key file path, e.g. DATA_DIR/master.key. Created with mode 0600 when absent (and no
  // env_key); refused when readable by group or others.
  std::string key_file;
  // When non-empty: the base64 master key taken from the environment (TRIB_MASTER_KEY) instead
  // of the key file.
  std::string env_key;
};

// Test seam for crash-safety tests of rotation: called at each named step; a non-OK status
// aborts the rotation right there, as a crash would.
using RotationHook = std::function<Status(std::string_view step)>;

class Vault {
 public:
  static Result<std::unique_ptr<Vault>> Open(const VaultOptions& options);
  ~Vault();

  // `context` binds the ciphertext to its place (data source id + field pointer): a sealed
  // value copied elsewhere does not open.
  Result<std::string> Seal(std::string_view plaintext, std::string_view context);
  Result<std::string> Unseal(std::string_view sealed, std::string_view context);

  std::string ActiveKeyId() const;

  // Re-wraps every secret's data key under a fresh master key, without downtime: the new key
  // is written beside the old one first, all secrets are re-wrapped in one catalog
  // transaction, then the new key file replaces the old. A crash at any step leaves every
  // secret readable on the next start.
  Status RotateMasterKey(Catalog& catalog, const AuditEvent& audit,
                         const RotationHook& hook = nullptr);

 private:
  Vault() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trib
