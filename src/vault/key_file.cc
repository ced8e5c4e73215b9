#include "vault/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "common/random.h"

namespace trib {
namespace {

constexpr std::string_view kMagic = "trib-master-key v1 ";
constexpr size_t kMaxKeyFileBytes = 4096;

Status KeyFileError(const std::string& path, const std::string& what) {
  return Status(StatusCode::kFailedPrecondition, "key file " + path + ": " + what, "key_file");
}

Status ErrnoError(const std::string& path, const std::string& action, int err) {
  return KeyFileError(path, action + " failed: " + std::strerror(err));
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Makes a rename/link/unlink inside the directory survive a power cut.
Status FsyncDirectoryOf(const std::string& path) {
  std::string dir = DirectoryOf(path);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(path, "opening its directory", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError(path, "fsync of its directory", err);
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError(path, "write", errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// A wiped-on-exit string for key material read from or written to disk.
struct WipedString {
  std::string text;
  ~WipedString() { sodium_memzero(text.data(), text.size()); }
};

// Writes `content` to a fresh 0600 temporary file beside `path` and fsyncs it; returns its name.
Result<std::string> WriteTemporary(const std::string& path, std::string_view content) {
  std::string temp = path + ".tmp-" + RandomHex(8);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return ErrnoError(path, "creating a temporary file", errno);
  Status status = ::fchmod(fd, 0600) == 0 ? Status::Ok() : ErrnoError(path, "fchmod", errno);
  if (status.ok()) status = WriteAll(fd, content, path);
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoError(path, "fsync", errno);
  if (::close(fd) != 0 && status.ok()) status = ErrnoError(path, "close", errno);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  return temp;
}

KeyFileStamp StampOf(const struct stat& st) {
  KeyFileStamp stamp;
  stamp.exists = true;
  stamp.device = st.st_dev;
  stamp.inode = st.st_ino;
  stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  stamp.size = st.st_size;
  return stamp;
}

}  // namespace

std::string NextKeyFilePath(const std::string& key_file) { return key_file + ".next"; }
std::string RotationLockPath(const std::string& key_file) { return key_file + ".lock"; }

Result<KeyFileStamp> StatKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return KeyFileStamp{};
    return ErrnoError(path, "stat", errno);
  }
  return StampOf(st);
}

Result<std::shared_ptr<const MasterKey>> ReadKeyFile(const std::string& path, KeyFileStamp* stamp) {
  // Symlinks are followed on purpose (mounted secrets are often links); the checks below apply
  // to the file they lead to.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(path, "open", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoError(path, "fstat", err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return KeyFileError(path, "not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return KeyFileError(path, std::string("mode ") + mode +
                                  " gives group or others access; it must be 0600 (chmod 600)");
  }
  WipedString content;
  content.text.resize(kMaxKeyFileBytes + 1);
  size_t used = 0;
  while (used < content.text.size()) {
    ssize_t n = ::read(fd, content.text.data() + used, content.text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return ErrnoError(path, "read", err);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);

  // Never quote the content: it is key material.
  const Status malformed =
      KeyFileError(path, "malformed; expected one line \"trib-master-key v1 <key id> <key>\"");
  if (used > kMaxKeyFileBytes) return malformed;
  std::string_view text(content.text.data(), used);
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.substr(0, kMagic.size()) != kMagic) return malformed;
  text.remove_prefix(kMagic.size());
  size_t space = text.find(' ');
  if (space != MasterKey::kIdHexChars) return malformed;
  std::string_view id = text.substr(0, space);
  std::string_view encoded = text.substr(space + 1);
  if (encoded.find_first_of(" \t\r\n") != std::string_view::npos) return malformed;
  auto key = MasterKey::FromBase64(encoded, "key_file");
  if (!key.ok()) return malformed;
  if ((*key)->id() != id) return KeyFileError(path, "corrupt: the key id does not match the key");
  if (stamp != nullptr) *stamp = StampOf(st);
  return key;
}

Status CreateKeyFile(const std::string& path, const MasterKey& key) {
  WipedString content;
  {
    WipedString encoded{key.ToBase64()};
    content.text.reserve(kMagic.size() + key.id().size() + 1 + encoded.text.size() + 1);
    content.text.append(kMagic).append(key.id()).append(" ").append(encoded.text).append("\n");
  }
  TRIB_ASSIGN_OR_RETURN(std::string temp, WriteTemporary(path, content.text));
  // link(), unlike rename(), never replaces an existing file: two processes creating the
  // first key at once cannot overwrite each other's key.
  int rc = ::link(temp.c_str(), path.c_str());
  int err = errno;
  ::unlink(temp.c_str());
  if (rc != 0 && err == EEXIST) {
    return Status::AlreadyExists("key_file", "key file " + path + " already exists");
  }
  if (rc != 0) return ErrnoError(path, "link", err);
  return FsyncDirectoryOf(path);
}

Status InstallKeyFile(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return ErrnoError(to, "rename from " + from, errno);
  return FsyncDirectoryOf(to);
}

Result<std::unique_ptr<FileLock>> FileLock::TryAcquire(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return ErrnoError(path, "open", errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::Unavailable("another master-key rotation is running (lock " + path + ")");
    }
    return ErrnoError(path, "flock", err);
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock() { ::close(fd_); }  // closing releases the lock

}  // namespace trib
