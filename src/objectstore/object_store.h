// One interface for every place files live: the internal file system (a project's directory),
// S3, ADLS and GCS. A store is rooted where its data source points (a project directory, a
// bucket and prefix, a container and path); keys are '/'-separated and relative to that root,
// so nothing above it can be named. Formats, globbing, partitions, spooling and write commits
// are built once on top of this (connectors/files), never per store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib::objectstore {

struct ObjectInfo {
  std::string key;          // relative to the store's root
  int64_t size = 0;         // bytes
  int64_t modified_ms = 0;  // Unix time in milliseconds
  std::string etag;         // opaque version tag; changes when the object is replaced ("": none)
};

struct ListRequest {
  // Keys that start with this text ("" = all). It is text, not a directory: "a/b" matches
  // "a/b.csv" and "a/bc/d"; give "a/b/" for the directory's contents.
  std::string prefix;
  // false: stop at the next '/' after the prefix and answer those levels as `prefixes`;
  // true: every key below the prefix.
  bool recursive = false;
  std::string page_token;  // from the previous page; "" = the first page
  int64_t page_size = 1000;
};

struct ListPage {
  std::vector<ObjectInfo> objects;    // sorted by key (byte order)
  std::vector<std::string> prefixes;  // not recursive: "a/b/" entries, sorted, each once
  std::string next_page_token;        // "" = this was the last page
};

struct WriteOptions {
  // false: Commit fails with kAlreadyExists (naming `path`) when the key exists by then, and
  // the existing object is unchanged.
  bool overwrite = false;
  std::string content_type = "application/octet-stream";
};

// An object being written. Nothing is visible under its key before Commit; Abort (or the
// destructor, when neither was called) removes every byte written so far.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  virtual Status Append(std::string_view bytes) = 0;
  // Makes the whole object visible at once under its key.
  virtual Result<ObjectInfo> Commit() = 0;
  // Idempotent; safe after a failed Append or Commit.
  virtual void Abort() = 0;
};

// What differs between stores and what the behavioural suite expects of each.
struct StoreQuirks {
  bool real_directories = false;  // empty directories exist and are listed (local)
  bool local_files = false;       // OpenLocal works: DuckDB may read the file in place
  int64_t min_part_bytes = 0;     // smallest part of a multipart upload (S3: 5 MiB)
};

// An open local file, for stores whose objects are files on this machine: DuckDB reads it as
// /proc/self/fd/<fd> without opening the path again (a swapped symlink cannot redirect it).
class LocalFile {
 public:
  explicit LocalFile(int fd = -1) : fd_(fd) {}
  ~LocalFile();
  LocalFile(LocalFile&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  LocalFile& operator=(LocalFile&& other) noexcept;
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;
  int fd() const { return fd_; }
  std::string ProcPath() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

// Takes the bytes of a streamed range read as they arrive: `at` is their offset in the object.
// A non-OK answer stops the read, which then fails with it.
using RangeSink = std::function<Status(int64_t at, std::string_view bytes)>;

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  virtual std::string_view kind() const = 0;  // "local", "s3", "adls", "gcs"
  virtual const StoreQuirks& quirks() const = 0;

  // Errors: kInvalidArgument naming "path" for a malformed prefix or key (see CheckObjectKey),
  // kNotFound when the root itself (bucket, container, directory) is missing.
  virtual Result<ListPage> List(const ListRequest& request) = 0;
  // kNotFound for a missing key (and for a directory: only objects have info).
  virtual Result<ObjectInfo> Stat(std::string_view key) = 0;
  // Up to `length` bytes from `offset`; fewer only where the object ends (none past its end).
  virtual Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) = 0;
  // ReadRange without holding the range in memory: the bytes go to `sink` in order as they
  // arrive (a retried request may hand a span over again, at the same offsets). With `etag`
  // (from List or Stat), an object replaced since then fails with kFailedPrecondition naming
  // "path" instead of mixing versions. Answers how many bytes the range held. The default
  // reads ReadRange pieces of 8 MiB.
  virtual Result<int64_t> ReadRangeTo(std::string_view key, int64_t offset, int64_t length,
                                      const RangeSink& sink, std::string_view etag = "");
  virtual Result<std::unique_ptr<ObjectWriter>> Write(std::string_view key,
                                                      const WriteOptions& options) = 0;
  // kNotFound for a missing key.
  virtual Status Delete(std::string_view key) = 0;
  // quirks().local_files only; kFailedPrecondition elsewhere.
  virtual Result<LocalFile> OpenLocal(std::string_view key);
};

// Shared key rules (every store checks them before any I/O): 1-1024 bytes, '/'-separated
// segments none of which is empty, "." or "..", no leading '/', no backslash, no control
// character. Errors name `field` ("path") and quote at most the offending segment.
Status CheckObjectKey(std::string_view field, std::string_view key);
// A list prefix: "" or a key, optionally ending with '/'.
Status CheckObjectPrefix(std::string_view field, std::string_view prefix);

// What the remote stores share. A listing from a service outside our control keeps only
// well-formed keys and prefixes below the asked prefix, with sane sizes.
void DropMalformedEntries(ListPage& page, std::string_view prefix);
// A ranged read's offset and length are not negative (errors name the argument).
Status CheckRange(int64_t offset, int64_t length);
// The inclusive last byte of an HTTP Range for length > 0, without overflowing.
int64_t LastByteOfRange(int64_t offset, int64_t length);
// The range out of an answer to a ranged GET: 206 its body, 416 (the range starts at or past
// the end, empty objects included) nothing, 200 (a server that ignores Range) the range cut
// out of the whole object; nullopt for any other status, which the store maps to an error.
std::optional<std::string> RangeFromAnswer(int status, std::string& body, int64_t offset,
                                           int64_t length);

}  // namespace trib::objectstore
