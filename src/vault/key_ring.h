// The master keys a vault can open envelopes with, and the one it seals with; safe to use
// from many threads. File-backed rings follow what is on disk: `<key_file>` and, while a
// rotation is under way or was interrupted, `<key_file>.next`. A key that leaves the disk
// (retired by a rotation) stays in memory for opening only, so a request that read a secret
// from the catalog just before the rotation committed can still open it; it is never used to
// seal and is not kept across restarts.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "common/status.h"
#include "vault/key_file.h"
#include "vault/master_key.h"

namespace trib {

class KeyRing {
 public:
  // One fixed key (from the environment); never reloads.
  explicit KeyRing(std::shared_ptr<const MasterKey> fixed_key);
  // Keys from `key_file` (which must exist) and `<key_file>.next` (when present).
  static Result<std::unique_ptr<KeyRing>> LoadFiles(const std::string& key_file);

  bool file_backed() const { return !key_file_.empty(); }
  const std::string& key_file() const { return key_file_; }

  // The key to seal with: the staged `.next` key when there is one (it is on disk and every
  // server loads it), else the active key.
  std::shared_ptr<const MasterKey> Sealing() const;
  // The `.next` key, or null.
  std::shared_ptr<const MasterKey> Staged() const;
  // The key with this id (active, staged or recently retired), or null.
  std::shared_ptr<const MasterKey> Find(const std::string& key_id) const;

  // Re-reads the key files (file-backed rings only).
  Status Reload();
  // Re-reads them only when one was replaced, created or removed since the last read: a
  // couple of stat() calls, cheap enough before every seal.
  Status ReloadIfChanged();

 private:
  struct State {
    std::shared_ptr<const MasterKey> active;
    std::shared_ptr<const MasterKey> staged;  // may be null
    KeyFileStamp active_stamp;
    KeyFileStamp staged_stamp;
  };
  KeyRing() = default;
  Result<State> ReadState() const;

  static constexpr size_t kMaxRetired = 4;

  std::string key_file_;  // empty for a fixed key
  std::mutex reload_mu_;  // one reload at a time, so an older read never overwrites a newer one
  mutable std::shared_mutex mu_;
  State state_;
  std::deque<std::shared_ptr<const MasterKey>> retired_;  // newest first, at most kMaxRetired
};

}  // namespace trib
