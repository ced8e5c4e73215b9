#include "objectstore/local/local_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include "objectstore/local/local_entry.h"
#include "objectstore/local/local_list.h"
#include "objectstore/local/local_status.h"
#include "objectstore/local/local_writer.h"

namespace trib::objectstore {
namespace {

constexpr mode_t kDirMode = 0750;

Status NotADirectoryParent(std::string_view key) {
  return Status(StatusCode::kFailedPrecondition,
                "'path' '" + std::string(key) + "' lies below a file, not a directory", "path");
}

Status IsADirectory(std::string_view key) {
  return Status(StatusCode::kFailedPrecondition,
                "'path' '" + std::string(key) + "' is a directory, not an object", "path");
}

}  // namespace

Result<std::unique_ptr<LocalStore>> LocalStore::Open(const std::string& root_dir,
                                                     Resolution resolution) {
  UniqueFd root(::open(root_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return Status::NotFound("the data source's directory does not exist");
    }
    if (err == EACCES) return Status::PermissionDenied("the server may not open the directory");
    return Status::Internal("could not open the data source's directory: " +
                            std::string(std::strerror(err)));
  }
  return std::unique_ptr<LocalStore>(new LocalStore(BeneathRoot(std::move(root), resolution)));
}

const StoreQuirks& LocalStore::quirks() const {
  static const StoreQuirks kQuirks{.real_directories = true, .local_files = true};
  return kQuirks;
}

Result<ListPage> LocalStore::List(const ListRequest& request) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("path", request.prefix));
  if (request.page_size <= 0) {
    return Status::InvalidArgument("page_size", "'page_size' must be at least 1");
  }
  struct stat st {};
  if (::fstat(root_.root_fd(), &st) != 0 || st.st_nlink == 0) {
    return Status::NotFound("the data source's directory no longer exists");
  }
  const size_t slash = request.prefix.rfind('/');
  const size_t split = slash == std::string::npos ? 0 : slash + 1;
  TRIB_ASSIGN_OR_RETURN(
      std::vector<ListEntry> entries,
      ListEntries(root_, std::string_view(request.prefix).substr(0, split),
                  std::string_view(request.prefix).substr(split), request.recursive));
  // The token is the last key of the previous page: resume right after it.
  auto it = std::upper_bound(
      entries.begin(), entries.end(), request.page_token,
      [](const std::string& token, const ListEntry& entry) { return token < entry.key; });
  ListPage page;
  int64_t taken = 0;
  for (; it != entries.end() && taken < request.page_size; ++it, ++taken) {
    if (it->is_prefix) {
      page.prefixes.push_back(it->key);
    } else {
      page.objects.push_back(std::move(it->info));
    }
  }
  if (it != entries.end()) page.next_page_token = std::prev(it)->key;
  return page;
}

Result<UniqueFd> LocalStore::OpenFile(std::string_view key, int flags) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  if (IsTempName(BaseName(key))) return Status::NotFound("no object '" + std::string(key) + "'");
  // O_NONBLOCK: opening a FIFO must not hang (openat2 refuses it beside O_PATH).
  if ((flags & O_PATH) == 0) flags |= O_NONBLOCK | O_NOCTTY;
  const int fd = root_.Open(key, flags);
  if (fd < 0) return LocalError(-fd, key, "read");
  UniqueFd file(fd);
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return LocalError(errno, key, "read");
  if (!S_ISREG(st.st_mode)) return Status::NotFound("no object '" + std::string(key) + "'");
  return file;
}

Result<ObjectInfo> LocalStore::Stat(std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(UniqueFd file, OpenFile(key, O_PATH));
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return LocalError(errno, key, "read");
  return InfoFromStat(std::string(key), st);
}

Result<std::string> LocalStore::ReadRange(std::string_view key, int64_t offset, int64_t length) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  TRIB_RETURN_IF_ERROR(CheckRange(offset, length));
  TRIB_ASSIGN_OR_RETURN(UniqueFd file, OpenFile(key, O_RDONLY));
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return LocalError(errno, key, "read");
  if (offset >= st.st_size) return std::string();
  std::string out(static_cast<size_t>(std::min<int64_t>(length, st.st_size - offset)), '\0');
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(file.get(), out.data() + done, out.size() - done,
                              static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return LocalError(errno, key, "read");
    if (n == 0) break;  // the file shrank since fstat
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

Result<std::unique_ptr<ObjectWriter>> LocalStore::Write(std::string_view key,
                                                        const WriteOptions& options) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  if (IsTempName(BaseName(key))) {
    return Status::InvalidArgument(
        "path", "'path' names starting with '" + std::string(kTempPrefix) + "' are reserved");
  }
  // Refuse early what Commit would refuse anyway: a directory, or a key that leaves the root.
  const int existing = root_.Open(key, O_PATH);
  if (existing >= 0) {
    UniqueFd file(existing);
    struct stat st {};
    if (::fstat(file.get(), &st) == 0 && S_ISDIR(st.st_mode)) return IsADirectory(key);
  } else if (existing == -ENOTDIR) {
    return NotADirectoryParent(key);
  } else if (existing != -ENOENT) {
    return LocalError(-existing, key, "write");
  }
  const int dir = root_.OpenOrMakeDirs(DirName(key), kDirMode);
  if (dir == -ENOTDIR || dir == -EEXIST) return NotADirectoryParent(key);
  if (dir < 0) return LocalError(-dir, key, "write");
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<LocalWriter> writer,
                        LocalWriter::Create(UniqueFd(dir), std::string(key), options.overwrite));
  return std::unique_ptr<ObjectWriter>(std::move(writer));
}

Status LocalStore::Delete(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  if (IsTempName(BaseName(key))) return Status::NotFound("no object '" + std::string(key) + "'");
  const int target = root_.Open(key, O_PATH);
  if (target < 0) return LocalError(-target, key, "delete");
  UniqueFd file(target);
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return LocalError(errno, key, "delete");
  if (S_ISDIR(st.st_mode)) return IsADirectory(key);
  const int dir = root_.Open(DirName(key), O_PATH | O_DIRECTORY);
  if (dir < 0) return LocalError(-dir, key, "delete");
  UniqueFd parent(dir);
  const std::string base(BaseName(key));
  if (::unlinkat(parent.get(), base.c_str(), 0) != 0) return LocalError(errno, key, "delete");
  return Status::Ok();
}

Result<LocalFile> LocalStore::OpenLocal(std::string_view key) {
  TRIB_ASSIGN_OR_RETURN(UniqueFd file, OpenFile(key, O_RDONLY));
  // The fd is handed to readers that expect blocking reads.
  const int flags = ::fcntl(file.get(), F_GETFL);
  if (flags < 0 || ::fcntl(file.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return LocalError(errno, key, "read");
  }
  return LocalFile(file.Release());
}

Status LocalStore::RemoveTemporaryFiles() { return RemoveTempFilesBelow(root_); }

}  // namespace trib::objectstore
