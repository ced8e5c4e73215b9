// Master-key rotation. On disk there is the active key file and, during a rotation, the staged
// `<key_file>.next`; every server loads both, so a secret wrapped by either opens everywhere.
//
//   1. write the new key to `.next`                         -> "new_key_written"
//   2. re-wrap every data key under it, commit all at once   -> "rewrapped", "committed"
//   3. rename `.next` over the key file (old key gone)       -> "installed"
//
// A crash anywhere leaves every secret wrapped by a key still on disk: before 3 both files are
// there, after 3 every secret has been re-wrapped. The next rotation finishes an interrupted
// one (re-wraps to the staged key and installs it) before it makes a fresh key, so a staged
// key that may already wrap secrets is never overwritten.
//
// Sealing during a rotation: new seals use the staged key as soon as it is durable on disk
// (step 1), in this process and, because Seal() notices changed key files, in every other
// server. Only seals made before step 1 can still carry the old key; step 2 therefore lists
// again after its commit and re-wraps such late arrivals in follow-up transactions until a
// listing finds none, and only then removes the old key. (Blocking Seal for the rotation
// would not help: a value sealed just before the block but stored just after the listing
// would be missed all the same.) What remains uncovered is a value sealed before step 1 whose
// catalog write lands after the last listing — a write stalled for the whole rotation.
//
// Opening during a rotation: the key ring keeps retired keys in memory (open only), so a
// request that read an envelope just before the commit still opens it after step 3.
#include <string>
#include <vector>

#include "common/json.h"
#include "vault/envelope.h"
#include "vault/key_file.h"
#include "vault/vault.h"
#include "vault/vault_impl.h"

namespace trib {
namespace {

constexpr int kMaxCatchUpPasses = 5;

// The caller's audit event, its detail extended with what this transaction did (key ids are
// public; no secret ever goes in).
AuditEvent AuditFor(const AuditEvent& base, std::string_view phase, size_t secrets,
                    const std::string& key_id) {
  AuditEvent event = base;
  Json detail = Json::object();
  if (!base.detail.empty()) {
    auto parsed = ParseJson(base.detail);
    if (parsed.ok() && parsed->is_object()) {
      detail = std::move(*parsed);
    } else {
      detail["detail"] = base.detail;
    }
  }
  detail["phase"] = phase;
  detail["secrets"] = secrets;
  detail["key_id"] = key_id;
  event.detail = detail.dump();
  return event;
}

Status ForRow(const SealedSecretRow& row, const Status& status) {
  return Status(status.code(),
                "secret " + row.pointer + " of data source " + row.datasource_id + ": " +
                    status.message() + " (rotation stopped before changing anything)",
                status.field());
}

// The rows not yet wrapped by `target`, re-wrapped by it.
Result<std::vector<SealedSecretRow>> RewrapRows(const KeyRing& ring, const MasterKey& target,
                                                const std::vector<SealedSecretRow>& rows) {
  std::vector<SealedSecretRow> out;
  for (const SealedSecretRow& row : rows) {
    auto envelope = ParseEnvelope(row.sealed);
    if (!envelope.ok()) return ForRow(row, envelope.status());
    if (envelope->key_id == target.id()) continue;
    std::shared_ptr<const MasterKey> from = ring.Find(envelope->key_id);
    if (!from) {
      return ForRow(row, Status(StatusCode::kFailedPrecondition,
                                "sealed under master key " + envelope->key_id +
                                    ", which is in neither key file"));
    }
    auto rewrapped =
        RewrapWithKey(*from, target, *envelope, SecretContext(row.datasource_id, row.pointer));
    if (!rewrapped.ok()) return ForRow(row, rewrapped.status());
    out.push_back({row.datasource_id, row.pointer, FormatEnvelope(*rewrapped), row.sealed});
  }
  return out;
}

// Step 2: every secret re-wrapped by `target` (the staged key), in one transaction, then
// follow-up transactions for secrets that were sealed under the old key but stored late.
Status RewrapAll(const KeyRing& ring, const MasterKey& target, Catalog& catalog,
                 const AuditEvent& audit, const RotationHook& hook, const std::string& prefix) {
  TRIB_ASSIGN_OR_RETURN(std::vector<SealedSecretRow> rows, catalog.ListSealedSecrets());
  TRIB_ASSIGN_OR_RETURN(std::vector<SealedSecretRow> changed, RewrapRows(ring, target, rows));
  if (hook) TRIB_RETURN_IF_ERROR(hook(prefix + "rewrapped"));
  TRIB_RETURN_IF_ERROR(catalog.ReplaceSealedSecrets(
      changed, AuditFor(audit, prefix + "rewrap", changed.size(), target.id())));
  if (hook) TRIB_RETURN_IF_ERROR(hook(prefix + "committed"));
  for (int pass = 0; pass < kMaxCatchUpPasses; ++pass) {
    TRIB_ASSIGN_OR_RETURN(rows, catalog.ListSealedSecrets());
    TRIB_ASSIGN_OR_RETURN(changed, RewrapRows(ring, target, rows));
    if (changed.empty()) return Status::Ok();
    TRIB_RETURN_IF_ERROR(catalog.ReplaceSealedSecrets(
        changed, AuditFor(audit, prefix + "rewrap_late", changed.size(), target.id())));
  }
  return Status::Unavailable(
      "secrets keep being stored under the old master key; run the rotation again (every "
      "secret stays readable meanwhile)");
}

// Step 3: the staged key becomes the only key.
Status Install(KeyRing& ring) {
  TRIB_RETURN_IF_ERROR(InstallKeyFile(NextKeyFilePath(ring.key_file()), ring.key_file()));
  return ring.Reload();
}

}  // namespace

Status Vault::RotateMasterKey(Catalog& catalog, const AuditEvent& audit, const RotationHook& hook) {
  KeyRing& ring = *impl_->ring;
  if (!ring.file_backed()) {
    return Status::FailedPrecondition(
        "the master key comes from TRIB_MASTER_KEY, which a server cannot rotate; to rotate, "
        "run with a key file (VaultOptions::key_file)");
  }
  std::lock_guard in_process(impl_->rotation_mu);
  TRIB_ASSIGN_OR_RETURN(auto lock, FileLock::TryAcquire(RotationLockPath(ring.key_file())));
  TRIB_RETURN_IF_ERROR(ring.Reload());  // the files as they are now, not as at Open()

  if (std::shared_ptr<const MasterKey> staged = ring.Staged()) {
    TRIB_RETURN_IF_ERROR(RewrapAll(ring, *staged, catalog, audit, hook, "resume_"));
    TRIB_RETURN_IF_ERROR(Install(ring));
    if (hook) TRIB_RETURN_IF_ERROR(hook("resume_installed"));
  }

  TRIB_ASSIGN_OR_RETURN(std::shared_ptr<const MasterKey> next, MasterKey::Generate());
  TRIB_RETURN_IF_ERROR(CreateKeyFile(NextKeyFilePath(ring.key_file()), *next));
  TRIB_RETURN_IF_ERROR(ring.Reload());
  if (ring.Sealing()->id() != next->id()) {
    return Status::Internal("the key files changed during rotation despite its lock");
  }
  if (hook) TRIB_RETURN_IF_ERROR(hook("new_key_written"));

  TRIB_RETURN_IF_ERROR(RewrapAll(ring, *next, catalog, audit, hook, ""));
  TRIB_RETURN_IF_ERROR(Install(ring));
  if (hook) TRIB_RETURN_IF_ERROR(hook("installed"));
  return Status::Ok();
}

}  // namespace trib
