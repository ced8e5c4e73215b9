#include "vault/key_ring.h"

namespace trib {
namespace {

constexpr int kMaxReadAttempts = 5;

}  // namespace

KeyRing::KeyRing(std::shared_ptr<const MasterKey> fixed_key) {
  state_.active = std::move(fixed_key);
}

Result<std::unique_ptr<KeyRing>> KeyRing::LoadFiles(const std::string& key_file) {
  std::unique_ptr<KeyRing> ring(new KeyRing());
  ring->key_file_ = key_file;
  TRIB_RETURN_IF_ERROR(ring->Reload());
  return ring;
}

std::shared_ptr<const MasterKey> KeyRing::Sealing() const {
  std::shared_lock lock(mu_);
  return state_.staged ? state_.staged : state_.active;
}

std::shared_ptr<const MasterKey> KeyRing::Staged() const {
  std::shared_lock lock(mu_);
  return state_.staged;
}

std::shared_ptr<const MasterKey> KeyRing::Find(const std::string& key_id) const {
  std::shared_lock lock(mu_);
  for (const auto* key : {&state_.active, &state_.staged}) {
    if (*key && (*key)->id() == key_id) return *key;
  }
  for (const auto& key : retired_) {
    if (key->id() == key_id) return key;
  }
  return nullptr;
}

Result<KeyRing::State> KeyRing::ReadState() const {
  const std::string next_file = NextKeyFilePath(key_file_);
  // Another process may install or stage a key while we read the two files one after the
  // other; the read counts only if neither changed meanwhile.
  for (int attempt = 0; attempt < kMaxReadAttempts; ++attempt) {
    State state;
    TRIB_ASSIGN_OR_RETURN(KeyFileStamp next_before, StatKeyFile(next_file));
    if (next_before.exists) {
      auto staged = ReadKeyFile(next_file, &state.staged_stamp);
      // Vanished between stat and open: a rotation just installed it; read again.
      if (!staged.ok()) {
        auto again = StatKeyFile(next_file);
        if (again.ok() && !again->exists) continue;
      }
      TRIB_ASSIGN_OR_RETURN(state.staged, std::move(staged));
    }
    auto active_stamp = StatKeyFile(key_file_);
    if (active_stamp.ok() && !active_stamp->exists) {
      return Status(StatusCode::kFailedPrecondition,
                    "key file " + key_file_ + " is missing" +
                        (state.staged ? " (" + next_file + " exists: restore the key file)" : ""),
                    "key_file");
    }
    TRIB_ASSIGN_OR_RETURN(state.active, ReadKeyFile(key_file_, &state.active_stamp));
    TRIB_ASSIGN_OR_RETURN(KeyFileStamp active_after, StatKeyFile(key_file_));
    TRIB_ASSIGN_OR_RETURN(KeyFileStamp next_after, StatKeyFile(next_file));
    if (active_after == state.active_stamp && next_after == state.staged_stamp) {
      if (state.staged && state.staged->id() == state.active->id()) state.staged = nullptr;
      return state;
    }
  }
  return Status::Unavailable("key files " + key_file_ +
                             "(.next) keep changing while being read; try again");
}

Status KeyRing::Reload() {
  if (!file_backed()) return Status::Ok();
  std::lock_guard reload_lock(reload_mu_);
  TRIB_ASSIGN_OR_RETURN(State state, ReadState());
  std::unique_lock lock(mu_);
  for (const auto* old : {&state_.staged, &state_.active}) {
    if (!*old) continue;
    const std::string& id = (*old)->id();
    bool still_on_disk =
        (state.active && state.active->id() == id) || (state.staged && state.staged->id() == id);
    if (!still_on_disk) retired_.push_front(*old);
  }
  while (retired_.size() > kMaxRetired) retired_.pop_back();
  state_ = std::move(state);
  return Status::Ok();
}

Status KeyRing::ReloadIfChanged() {
  if (!file_backed()) return Status::Ok();
  TRIB_ASSIGN_OR_RETURN(KeyFileStamp active, StatKeyFile(key_file_));
  TRIB_ASSIGN_OR_RETURN(KeyFileStamp next, StatKeyFile(NextKeyFilePath(key_file_)));
  {
    std::shared_lock lock(mu_);
    if (active == state_.active_stamp && next == state_.staged_stamp) return Status::Ok();
  }
  return Reload();
}

}  // namespace trib
