// A 32-byte master key and its public id, kept in locked, guarded memory (sodium_malloc) and
// wiped when the last user lets go.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace trib {

class MasterKey {
 public:
  static constexpr size_t kBytes = 32;
  static constexpr size_t kIdHexChars = 16;

  // A fresh key from the CSPRNG.
  static Result<std::shared_ptr<const MasterKey>> Generate();
  // Copies `bytes` (exactly kBytes) into locked memory; the caller wipes its own copy.
  static Result<std::shared_ptr<const MasterKey>> FromBytes(const unsigned char* bytes, size_t len);
  // Base64 (standard or URL-safe, padded or not, surrounding blanks ignored) of kBytes bytes.
  // `what` names the source in errors ("TRIB_MASTER_KEY"); the text itself never appears.
  static Result<std::shared_ptr<const MasterKey>> FromBase64(std::string_view text,
                                                             std::string_view what);

  ~MasterKey();
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;

  // 16 lower-case hex characters of a keyed BLAKE2b of a fixed label: derived from the key,
  // so the same key always has the same id (env keys need no stored id) and a file whose id
  // does not match its key is detected as corrupt. Reveals nothing usable about the key.
  const std::string& id() const { return id_; }
  const unsigned char* bytes() const { return bytes_; }

  // URL-safe base64 (no padding) of the key, for writing a key file. The caller wipes it.
  std::string ToBase64() const;

 private:
  MasterKey(unsigned char* bytes, std::string id) : bytes_(bytes), id_(std::move(id)) {}
  unsigned char* bytes_;  // sodium_malloc'd: mlocked, guard pages, read-only after set-up
  std::string id_;
};

// The id a key of these bytes gets (see MasterKey::id()).
std::string DeriveMasterKeyId(const unsigned char* bytes);

}  // namespace trib
