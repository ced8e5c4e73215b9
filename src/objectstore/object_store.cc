#include "objectstore/object_store.h"

#include <limits>

#include <unistd.h>

#include <algorithm>

namespace trib::objectstore {

LocalFile::~LocalFile() {
  if (fd_ >= 0) ::close(fd_);
}

LocalFile& LocalFile::operator=(LocalFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

Result<LocalFile> ObjectStore::OpenLocal(std::string_view) {
  return Status(StatusCode::kFailedPrecondition,
                "a " + std::string(kind()) + " store has no local files");
}

Result<int64_t> ObjectStore::ReadRangeTo(std::string_view key, int64_t offset, int64_t length,
                                         const RangeSink& sink, std::string_view) {
  constexpr int64_t kPieceBytes = 8 << 20;
  int64_t done = 0;
  while (done < length) {
    const int64_t want = std::min(kPieceBytes, length - done);
    TRIB_ASSIGN_OR_RETURN(std::string bytes, ReadRange(key, offset + done, want));
    if (bytes.empty()) break;
    TRIB_RETURN_IF_ERROR(sink(offset + done, bytes));
    done += static_cast<int64_t>(bytes.size());
    if (static_cast<int64_t>(bytes.size()) < want) break;  // the object ends here
  }
  return done;
}

namespace {

Status BadKey(std::string_view field, const std::string& why) {
  const std::string name(field);
  return Status::InvalidArgument(name, "'" + name + "' " + why);
}

}  // namespace

Status CheckObjectKey(std::string_view field, std::string_view key) {
  if (key.empty()) return BadKey(field, "must not be empty");
  if (key.size() > 1024) return BadKey(field, "must be at most 1024 bytes");
  if (key.front() == '/') {
    return BadKey(field, "must be relative to the data source's own path (no leading '/')");
  }
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return BadKey(field, "must not contain control characters");
    if (c == '\\') return BadKey(field, "must use '/' between segments, not '\\'");
  }
  size_t start = 0;
  while (true) {
    const size_t end = key.find('/', start);
    const std::string_view segment =
        key.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty()) return BadKey(field, "must not contain an empty segment ('//')");
    if (segment == "." || segment == "..") {
      return BadKey(field, "must not contain a '" + std::string(segment) + "' segment");
    }
    if (end == std::string_view::npos) return Status::Ok();
    start = end + 1;
  }
}

Status CheckObjectPrefix(std::string_view field, std::string_view prefix) {
  if (prefix.empty()) return Status::Ok();
  if (prefix.back() == '/') prefix.remove_suffix(1);
  return CheckObjectKey(field, prefix);
}

void DropMalformedEntries(ListPage& page, std::string_view prefix) {
  std::erase_if(page.objects, [prefix](const ObjectInfo& object) {
    return !object.key.starts_with(prefix) || object.size < 0 ||
           !CheckObjectKey("path", object.key).ok();
  });
  std::erase_if(page.prefixes, [prefix](const std::string& entry) {
    return !entry.starts_with(prefix) || !CheckObjectPrefix("path", entry).ok();
  });
}

Status CheckRange(int64_t offset, int64_t length) {
  if (offset < 0) return Status::InvalidArgument("offset", "'offset' must not be negative");
  if (length < 0) return Status::InvalidArgument("length", "'length' must not be negative");
  return Status::Ok();
}

int64_t LastByteOfRange(int64_t offset, int64_t length) {
  return length > std::numeric_limits<int64_t>::max() - offset ? std::numeric_limits<int64_t>::max()
                                                               : offset + length - 1;
}

std::optional<std::string> RangeFromAnswer(int status, std::string& body, int64_t offset,
                                           int64_t length) {
  if (status == 206) return std::move(body);
  if (status == 416) return std::string();
  if (status != 200) return std::nullopt;
  if (offset >= static_cast<int64_t>(body.size())) return std::string();
  return body.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
}

}  // namespace trib::objectstore
