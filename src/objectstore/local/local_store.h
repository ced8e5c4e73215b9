// The object store of a directory on this machine (a project's directory). Every key is
// resolved beneath the root's fd, so neither ".." nor a symlink can reach a file outside it.
#pragma once

#include <memory>
#include <string>

#include "objectstore/local/beneath.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

class LocalStore : public ObjectStore {
 public:
  // kNotFound when `root_dir` does not exist. Messages never show `root_dir`.
  static Result<std::unique_ptr<LocalStore>> Open(const std::string& root_dir,
                                                  Resolution resolution = Resolution::kAuto);

  std::string_view kind() const override { return "local"; }
  const StoreQuirks& quirks() const override;

  Result<ListPage> List(const ListRequest& request) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) override;
  Result<std::unique_ptr<ObjectWriter>> Write(std::string_view key,
                                              const WriteOptions& options) override;
  Status Delete(std::string_view key) override;
  Result<LocalFile> OpenLocal(std::string_view key) override;

  // Removes the temp files that writes interrupted by a crash left behind. Call it before
  // any write starts (at server start): it would remove those of writes in flight too.
  Status RemoveTemporaryFiles();

 private:
  explicit LocalStore(BeneathRoot root) : root_(std::move(root)) {}
  // An fd of the regular file at `key` (checked and resolved beneath the root).
  Result<UniqueFd> OpenFile(std::string_view key, int flags);

  BeneathRoot root_;
};

}  // namespace trib::objectstore
