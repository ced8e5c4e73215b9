#include "objectstore/local/local_writer.h"

#include <fcntl.h>
#include <linux/limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/random.h"
#include "objectstore/local/local_entry.h"
#include "objectstore/local/local_status.h"

namespace trib::objectstore {
namespace {

// Hidden, unique and still a legal file name however long the key's base name is.
std::string TempName(std::string_view base) {
  std::string name = std::string(kTempPrefix) + RandomHex(8) + "-";
  name += base.substr(0, NAME_MAX - name.size());
  return name;
}

}  // namespace

Result<std::unique_ptr<LocalWriter>> LocalWriter::Create(UniqueFd dir, std::string key,
                                                         bool overwrite) {
  const std::string temp_name = TempName(BaseName(key));
  UniqueFd file(::openat(dir.get(), temp_name.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640));
  if (!file.valid()) return LocalError(errno, key, "write");
  return std::unique_ptr<LocalWriter>(
      new LocalWriter(std::move(dir), std::move(file), std::move(key), temp_name, overwrite));
}

LocalWriter::LocalWriter(UniqueFd dir, UniqueFd file, std::string key, std::string temp_name,
                         bool overwrite)
    : dir_(std::move(dir)),
      file_(std::move(file)),
      key_(std::move(key)),
      temp_name_(std::move(temp_name)),
      overwrite_(overwrite) {}

LocalWriter::~LocalWriter() { Abort(); }

Status LocalWriter::Append(std::string_view bytes) {
  if (done_) return Status::FailedPrecondition("the write of '" + key_ + "' has ended");
  if (!failed_.ok()) return failed_;
  while (!bytes.empty()) {
    const ssize_t n = ::write(file_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed_ = LocalError(errno, key_, "write");
      return failed_;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    written_ += n;
  }
  // Starts writing back what is complete so far, without waiting: Commit's fsync then has
  // only the tail left to wait for, instead of the whole file at once.
  if (written_ - flushed_ >= kWritebackBytes) {
    (void)::sync_file_range(file_.get(), flushed_, written_ - flushed_, SYNC_FILE_RANGE_WRITE);
    flushed_ = written_;
  }
  return Status::Ok();
}

Result<ObjectInfo> LocalWriter::Commit() {
  if (done_) return Status::FailedPrecondition("the write of '" + key_ + "' has ended");
  if (!failed_.ok()) {
    Abort();
    return failed_;
  }
  struct stat st {};
  if (::fsync(file_.get()) != 0 || ::fstat(file_.get(), &st) != 0) {
    const Status error = LocalError(errno, key_, "write");
    Abort();
    return error;
  }
  file_.Reset();
  if (Status published = Publish(); !published.ok()) {
    Abort();
    return published;
  }
  done_ = true;
  // Visible already, but not yet durable: the caller hears of it rather than trusting it.
  TRIB_RETURN_IF_ERROR(FsyncDirectory());
  return InfoFromStat(key_, st);
}

Status LocalWriter::Publish() {
  const std::string base(BaseName(key_));
  int rc;
  if (overwrite_) {
    rc = ::renameat(dir_.get(), temp_name_.c_str(), dir_.get(), base.c_str());
  } else {
    rc = ::renameat2(dir_.get(), temp_name_.c_str(), dir_.get(), base.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      // A file system without RENAME_NOREPLACE: link() refuses an existing name just as well.
      rc = ::linkat(dir_.get(), temp_name_.c_str(), dir_.get(), base.c_str(), 0);
      if (rc == 0) ::unlinkat(dir_.get(), temp_name_.c_str(), 0);
    }
  }
  if (rc != 0) {
    const int err = errno;
    if (err == EEXIST || err == ENOTEMPTY) {
      return Status::AlreadyExists("path", "'path' '" + key_ + "' already exists");
    }
    return LocalError(err, key_, "write");
  }
  temp_name_.clear();
  return Status::Ok();
}

// The rename is durable only once its directory entry is on disk.
Status LocalWriter::FsyncDirectory() {
  UniqueFd dir(::openat(dir_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid() || ::fsync(dir.get()) != 0) return LocalError(errno, key_, "write");
  return Status::Ok();
}

void LocalWriter::Abort() {
  done_ = true;
  file_.Reset();
  if (!temp_name_.empty()) {
    ::unlinkat(dir_.get(), temp_name_.c_str(), 0);
    temp_name_.clear();
  }
}

}  // namespace trib::objectstore
