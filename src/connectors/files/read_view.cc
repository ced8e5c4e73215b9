#include "connectors/files/read_view.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "common/random.h"

namespace trib::files {

namespace fs = std::filesystem;

Result<std::unique_ptr<ReadView>> ReadView::Create(const std::string& temp_root) {
  std::error_code ec;
  fs::create_directories(temp_root, ec);
  const std::string dir = (fs::path(temp_root) / ("read-" + RandomHex(8))).string() + "/";
  if (ec || ::mkdir(dir.c_str(), 0700) != 0) {
    return Status::Unavailable(
        "cannot create a read's working directory in the server's temp "
        "directory");
  }
  return std::unique_ptr<ReadView>(new ReadView(dir));
}

ReadView::~ReadView() {
  std::error_code ec;
  fs::remove_all(dir_, ec);  // the symlinks only; their targets are untouched
}

Result<std::string> ReadView::Add(const std::string& relative, objectstore::LocalFile file) {
  TRIB_RETURN_IF_ERROR(objectstore::CheckObjectKey("path", relative));
  const fs::path target = fs::path(dir_) / relative;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec || ::symlink(file.ProcPath().c_str(), target.c_str()) != 0) {
    return Status::Unavailable("cannot prepare '" + relative + "' for reading");
  }
  files_.push_back(std::move(file));
  paths_.push_back(target.string());
  return target.string();
}

}  // namespace trib::files
