// A write to a local store: bytes go to a hidden temp file beside the key, and Commit renames
// it into place, so readers see the old object or the whole new one, never a part.
#pragma once

#include <memory>
#include <string>

#include "objectstore/local/unique_fd.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

class LocalWriter : public ObjectWriter {
 public:
  // `dir` is an O_PATH fd of the key's directory, already resolved beneath the root.
  static Result<std::unique_ptr<LocalWriter>> Create(UniqueFd dir, std::string key, bool overwrite);
  ~LocalWriter() override;

  Status Append(std::string_view bytes) override;
  Result<ObjectInfo> Commit() override;
  void Abort() override;

 private:
  LocalWriter(UniqueFd dir, UniqueFd file, std::string key, std::string temp_name, bool overwrite);
  Status Publish();  // renames the temp file to the key's base name
  Status FsyncDirectory();

  UniqueFd dir_;
  UniqueFd file_;
  std::string key_;
  std::string temp_name_;  // "" once renamed or removed
  bool overwrite_;
  bool done_ = false;  // committed or aborted
  Status failed_;      // the first Append error: Commit refuses after it
  // Append starts the write-back of every kWritebackBytes (Commit's fsync waits for less).
  static constexpr int64_t kWritebackBytes = 8 << 20;
  int64_t written_ = 0;  // bytes appended
  int64_t flushed_ = 0;  // bytes whose write-back was started
};

}  // namespace trib::objectstore
