#include "objectstore/local/beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>

namespace trib::objectstore {
namespace {

// Set once the kernel answers ENOSYS, so later opens skip straight to the walk.
std::atomic<bool> g_openat2_missing{false};

bool IsSymlinkAt(int dir_fd, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

}  // namespace

int BeneathRoot::Open(std::string_view path, int flags, mode_t mode) const {
  if (resolution_ == Resolution::kAuto && !g_openat2_missing.load(std::memory_order_relaxed)) {
    const int fd = OpenWithOpenat2(path, flags, mode);
    if (fd != -ENOSYS) return fd;
    g_openat2_missing.store(true, std::memory_order_relaxed);
  }
  return OpenBySegments(path, flags, mode);
}

int BeneathRoot::OpenWithOpenat2(std::string_view path, int flags, mode_t mode) const {
  const std::string name = path.empty() ? "." : std::string(path);
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) != 0 ? mode : 0;  // openat2 refuses a mode without O_CREAT
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  // EAGAIN: a concurrent rename raced the BENEATH check; the kernel asks for a retry.
  for (int attempt = 0; attempt < 16; ++attempt) {
    const long fd = ::syscall(SYS_openat2, root_.get(), name.c_str(), &how, sizeof(how));
    if (fd >= 0) return static_cast<int>(fd);
    if (errno != EAGAIN && errno != EINTR) return -errno;
  }
  return -EAGAIN;
}

int BeneathRoot::OpenBySegments(std::string_view path, int flags, mode_t mode) const {
  if (path.empty()) {
    const int fd = ::openat(root_.get(), ".", flags | O_CLOEXEC, mode);
    return fd < 0 ? -errno : fd;
  }
  UniqueFd current;
  int dir_fd = root_.get();
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    const std::string segment(path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) {
      const int fd = ::openat(dir_fd, segment.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
      if (fd < 0) {
        const int err = errno;
        // O_DIRECTORY on a symlink answers ENOTDIR: still a refused symlink.
        return (err == ENOTDIR && IsSymlinkAt(dir_fd, segment)) ? -ELOOP : -err;
      }
      if ((flags & O_PATH) != 0) {  // O_PATH|O_NOFOLLOW opens the symlink itself
        struct stat st {};
        if (::fstat(fd, &st) != 0 || S_ISLNK(st.st_mode)) {
          ::close(fd);
          return -ELOOP;
        }
      }
      return fd;
    }
    UniqueFd next(::openat(dir_fd, segment.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!next.valid()) return -errno;
    struct stat st {};
    if (::fstat(next.get(), &st) != 0) return -errno;
    if (S_ISLNK(st.st_mode)) return -ELOOP;
    if (!S_ISDIR(st.st_mode)) return -ENOTDIR;
    current = std::move(next);
    dir_fd = current.get();
    start = slash + 1;
  }
}

int BeneathRoot::OpenOrMakeDirs(std::string_view path, mode_t mode) const {
  constexpr int kDirFlags = O_PATH | O_DIRECTORY;
  const int whole = Open(path, kDirFlags);
  if (whole != -ENOENT) return whole;
  const int root = Open("", kDirFlags);
  if (root < 0) return root;
  UniqueFd parent(root);
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string segment(path.substr(start, slash - start));
    const std::string_view level = path.substr(0, slash);
    int fd = Open(level, kDirFlags);
    if (fd == -ENOENT) {
      // mkdirat never follows a symlink in the last segment; the re-open below checks it.
      if (::mkdirat(parent.get(), segment.c_str(), mode) != 0 && errno != EEXIST) return -errno;
      fd = Open(level, kDirFlags);
    }
    if (fd < 0) return fd;
    parent = UniqueFd(fd);
    start = slash + 1;
  }
  return parent.Release();
}

}  // namespace trib::objectstore
