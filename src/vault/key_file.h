// Master-key files on disk: one line "trib-master-key v1 <key id> <base64url key>", mode 0600,
// always written through a temporary file (O_EXCL, 0600, fsync) and an atomic link/rename
// followed by an fsync of the directory, so a reader never sees half a key.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "vault/master_key.h"

namespace trib {

// Where a rotation stages the next key: "<key_file>.next".
std::string NextKeyFilePath(const std::string& key_file);
// Serialises rotations across processes (flock): "<key_file>.lock".
std::string RotationLockPath(const std::string& key_file);

// Identity of a file's current version, to notice cheaply that another process replaced it.
struct KeyFileStamp {
  bool exists = false;
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t mtime_ns = 0;
  int64_t size = 0;
  bool operator==(const KeyFileStamp&) const = default;
};
Result<KeyFileStamp> StatKeyFile(const std::string& path);

// Loads a key file. FailedPrecondition (field "key_file", message naming the file) when it is
// not a regular file, grants any permission to group or others, or is malformed.
// `stamp`, when given, receives the identity of the version that was read.
Result<std::shared_ptr<const MasterKey>> ReadKeyFile(const std::string& path,
                                                     KeyFileStamp* stamp = nullptr);

// Writes `key` to `path`, which must not exist: AlreadyExists when another process got there
// first (its file is left untouched).
Status CreateKeyFile(const std::string& path, const MasterKey& key);

// Atomically replaces `to` with `from` (rename) and makes the change durable.
Status InstallKeyFile(const std::string& from, const std::string& to);

// Holds an exclusive advisory lock on a file while alive.
class FileLock {
 public:
  // Unavailable when another holder has it (no waiting).
  static Result<std::unique_ptr<FileLock>> TryAcquire(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace trib
