#include "connectors/files/read_view.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
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

namespace {

bool IsPattern(char c) { return c == '*' || c == '?' || c == '[' || c == ']' || c == '{'; }

// DuckDB expands glob characters in the paths it is given and takes k=v directories as
// partitions; the view keeps only what means something to it: the k=v directories (without
// pattern characters) and the file's extension, under a name of its own.
Result<std::string> ViewName(const std::string& relative, size_t index) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t slash = relative.find('/', start);
    if (slash == std::string::npos) break;
    const std::string segment = relative.substr(start, slash - start);
    start = slash + 1;
    if (segment.find('=') == std::string::npos) continue;
    if (std::any_of(segment.begin(), segment.end(), IsPattern)) {
      return Status::InvalidArgument(
          "path", "partition directory '" + segment + "' holds a pattern character (* ? [ ] {)");
    }
    out += segment + "/";
  }
  const std::string name = relative.substr(start);
  std::string extension;
  if (const size_t dot = name.find('.'); dot != std::string::npos) extension = name.substr(dot);
  const bool plain = std::all_of(extension.begin(), extension.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.';
  });
  return out + "f" + std::to_string(index) + (plain ? extension : "");
}

}  // namespace

Result<std::string> ReadView::Add(const std::string& relative, objectstore::LocalFile file) {
  TRIB_RETURN_IF_ERROR(objectstore::CheckObjectKey("path", relative));
  TRIB_ASSIGN_OR_RETURN(std::string name, ViewName(relative, paths_.size()));
  const fs::path target = fs::path(dir_) / name;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec || ::symlink(file.ProcPath().c_str(), target.c_str()) != 0) {
    return Status::Unavailable("cannot prepare '" + relative + "' for reading");
  }
  files_.push_back(std::move(file));
  paths_.push_back(target.string());
  originals_.push_back(relative);
  return target.string();
}

std::string ReadView::Describe(std::string message) const {
  const auto replace_all = [&message](const std::string& from, const std::string& to) {
    for (size_t at = message.find(from); at != std::string::npos;
         at = message.find(from, at + to.size())) {
      message.replace(at, from.size(), to);
    }
  };
  // Longest first, so that f1 does not eat into f10.
  std::vector<size_t> order(paths_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [this](size_t a, size_t b) { return paths_[a].size() > paths_[b].size(); });
  for (size_t i : order) replace_all(paths_[i], originals_[i]);
  replace_all(dir_, "");
  replace_all(dir_.substr(0, dir_.size() - 1), "");
  return message;
}

}  // namespace trib::files
