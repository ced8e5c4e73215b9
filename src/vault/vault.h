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
// Steps, in order: "new_key_written", "rewrapped", "committed", "installed"; when an earlier
// rotation was interrupted (a `.next` key file is left), it is finished first through
// "resume_rewrapped", "resume_committed", "resume_installed".
using RotationHook = std::function<Status(std::string_view step)>;

// The context a data-source secret is sealed with, binding it to its data source and field.
// Rotation rebuilds it from each SealedSecretRow, so every secret stored in the catalog must be
// sealed with exactly SecretContext(source.id, pointer).
std::string SecretContext(std::string_view datasource_id, std::string_view pointer);

class Vault {
 public:
  static Result<std::unique_ptr<Vault>> Open(const VaultOptions& options);
  ~Vault();

  // `context` binds the ciphertext to its place (data source id + field pointer): a sealed
  // value copied elsewhere does not open. Errors never contain secret bytes.
  //   Seal: InvalidArgument (field "context") when the context is empty.
  //   Unseal: InvalidArgument (field "sealed") when the text is malformed, altered, or sealed
  //   for another context; FailedPrecondition (field "sealed") when its master key is not held
  //   even after re-reading the key files (another server may have rotated meanwhile).
  Result<std::string> Seal(std::string_view plaintext, std::string_view context);
  Result<std::string> Unseal(std::string_view sealed, std::string_view context);

  // The id of the master key new seals use.
  std::string ActiveKeyId() const;

  // Re-wraps every secret's data key under a fresh master key, without downtime: the new key
  // is written beside the old one first, all secrets are re-wrapped in one catalog
  // transaction, then the new key file replaces the old. A crash at any step leaves every
  // secret readable on the next start. Key-file vaults only: with an environment key it
  // returns FailedPrecondition. Unavailable when another rotation holds `<key_file>.lock`.
  Status RotateMasterKey(Catalog& catalog, const AuditEvent& audit,
                         const RotationHook& hook = nullptr);

 private:
  Vault() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trib
