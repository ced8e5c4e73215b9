#include "vault/vault.h"

#include "common/random.h"
#include "vault/envelope.h"
#include "vault/key_file.h"
#include "vault/vault_impl.h"

namespace trib {
namespace {

constexpr size_t kMaxPlaintextBytes = 1 << 20;

// The key file, created with a fresh key when absent. A missing key file beside a staged
// `.next` one is not "absent": secrets may be wrapped by the lost key, so nothing is created.
Status EnsureKeyFile(const std::string& key_file) {
  TRIB_ASSIGN_OR_RETURN(KeyFileStamp active, StatKeyFile(key_file));
  if (active.exists) return Status::Ok();
  TRIB_ASSIGN_OR_RETURN(KeyFileStamp staged, StatKeyFile(NextKeyFilePath(key_file)));
  if (staged.exists) {
    return Status(StatusCode::kFailedPrecondition,
                  "key file " + key_file + " is missing but " + NextKeyFilePath(key_file) +
                      " exists: restore the key file",
                  "key_file");
  }
  TRIB_ASSIGN_OR_RETURN(auto key, MasterKey::Generate());
  Status created = CreateKeyFile(key_file, *key);
  // Another process created it first: use theirs.
  if (created.code() == StatusCode::kAlreadyExists) return Status::Ok();
  return created;
}

}  // namespace

std::string SecretContext(std::string_view datasource_id, std::string_view pointer) {
  // Length-prefixed, so no id/pointer pair can be mistaken for another.
  std::string context = "datasource:" + std::to_string(datasource_id.size()) + ":";
  context.append(datasource_id).append(pointer);
  return context;
}

Result<std::unique_ptr<Vault>> Vault::Open(const VaultOptions& options) {
  EnsureSodium();
  std::unique_ptr<Vault> vault(new Vault());
  vault->impl_ = std::make_unique<Impl>();
  if (!options.env_key.empty()) {
    TRIB_ASSIGN_OR_RETURN(auto key, MasterKey::FromBase64(options.env_key, "TRIB_MASTER_KEY"));
    vault->impl_->ring = std::make_unique<KeyRing>(std::move(key));
    return vault;
  }
  if (options.key_file.empty()) {
    return Status::InvalidArgument("key_file",
                                   "the vault needs a key file or a master key (TRIB_MASTER_KEY)");
  }
  TRIB_RETURN_IF_ERROR(EnsureKeyFile(options.key_file));
  TRIB_ASSIGN_OR_RETURN(vault->impl_->ring, KeyRing::LoadFiles(options.key_file));
  return vault;
}

Vault::~Vault() = default;

Result<std::string> Vault::Seal(std::string_view plaintext, std::string_view context) {
  if (context.empty()) {
    return Status::InvalidArgument("context", "a secret must be sealed for a non-empty context");
  }
  if (plaintext.size() > kMaxPlaintextBytes) {
    return Status(StatusCode::kPayloadTooLarge, "a secret may hold at most 1 MiB");
  }
  // Another server may have staged or installed a new key: seal with what is on disk now, so
  // this secret is never wrapped by a key that a finishing rotation removes.
  TRIB_RETURN_IF_ERROR(impl_->ring->ReloadIfChanged());
  std::shared_ptr<const MasterKey> key = impl_->ring->Sealing();
  TRIB_ASSIGN_OR_RETURN(Envelope envelope, SealWithKey(*key, plaintext, context));
  return FormatEnvelope(envelope);
}

Result<std::string> Vault::Unseal(std::string_view sealed, std::string_view context) {
  TRIB_ASSIGN_OR_RETURN(Envelope envelope, ParseEnvelope(sealed));
  KeyRing& ring = *impl_->ring;
  std::shared_ptr<const MasterKey> key = ring.Find(envelope.key_id);
  if (!key && ring.file_backed()) {
    // Sealed by a server that has rotated since we read the key files: read them once more.
    TRIB_RETURN_IF_ERROR(ring.Reload());
    key = ring.Find(envelope.key_id);
  }
  if (!key) {
    const std::string where = ring.file_backed()
                                  ? ring.key_file() + " or " + NextKeyFilePath(ring.key_file())
                                  : "TRIB_MASTER_KEY";
    return Status(
        StatusCode::kFailedPrecondition,
        "the sealed value needs master key " + envelope.key_id + ", which is not in " + where,
        "sealed");
  }
  return OpenWithKey(*key, envelope, context);
}

std::string Vault::ActiveKeyId() const { return impl_->ring->Sealing()->id(); }

}  // namespace trib
