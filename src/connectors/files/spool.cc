#include "connectors/files/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace trib::files {

using objectstore::LocalFile;
using objectstore::ObjectInfo;

std::vector<SpoolRange> PlanRanges(const std::vector<ObjectInfo>& objects, const SpoolPlan& plan) {
  int64_t total = 0;
  for (const ObjectInfo& object : objects) total += object.size;
  const int64_t connections = std::max(plan.connections, 1);
  const int64_t range = std::max<int64_t>(std::max<int64_t>(plan.min_range_bytes, 1),
                                          (total + connections - 1) / connections);
  std::vector<SpoolRange> ranges;
  for (size_t i = 0; i < objects.size(); ++i) {
    const int64_t size = objects[i].size;
    if (size <= 0) continue;
    // Even pieces: an object a little over one range is cut in two halves, not a range and a
    // crumb.
    const int64_t pieces = (size + range - 1) / range;
    const int64_t piece = (size + pieces - 1) / pieces;
    for (int64_t at = 0; at < size; at += piece) {
      ranges.push_back({i, at, std::min(piece, size - at)});
    }
  }
  return ranges;
}

namespace {

Status WriteAt(int fd, int64_t at, std::string_view bytes, const std::string& key) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Unavailable("cannot write the spool of '" + key + "'");
    bytes.remove_prefix(static_cast<size_t>(n));
    at += n;
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<LocalFile>> SpoolObjects(objectstore::ObjectStore& store,
                                            const std::vector<ObjectInfo>& objects,
                                            const SpoolPlan& plan) {
  std::vector<LocalFile> files;
  files.reserve(objects.size());
  for (size_t i = 0; i < objects.size(); ++i) {
    const std::string path = plan.path_prefix + std::to_string(i);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      return Status::Unavailable("cannot create a spool file for '" + objects[i].key + "'");
    }
    ::unlink(path.c_str());  // lives on as the descriptor only
    files.emplace_back(fd);
  }

  const std::vector<SpoolRange> ranges = PlanRanges(objects, plan);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  Status first_error;
  const auto fail = [&](Status status) {
    std::lock_guard lock(mutex);
    if (first_error.ok()) first_error = std::move(status);
    failed = true;
  };
  const auto work = [&] {
    for (size_t r = next++; r < ranges.size() && !failed; r = next++) {
      const SpoolRange& range = ranges[r];
      const ObjectInfo& object = objects[range.object];
      const int fd = files[range.object].fd();
      const objectstore::RangeSink sink = [&](int64_t at, std::string_view bytes) -> Status {
        if (failed) return Status(StatusCode::kCancelled, "another range of the read failed");
        if (plan.cancel && plan.cancel->cancelled()) {
          return Status(StatusCode::kCancelled, "the read was cancelled");
        }
        return WriteAt(fd, at, bytes, object.key);
      };
      Result<int64_t> got =
          store.ReadRangeTo(object.key, range.offset, range.length, sink, object.etag);
      if (!got.ok()) {
        fail(got.status());
      } else if (*got != range.length) {
        // Shorter than listed: the object was replaced or cut since.
        fail(Status(StatusCode::kFailedPrecondition,
                    "'" + object.key + "' changed while it was read; read it again", "path"));
      }
    }
  };
  const size_t workers =
      std::min(ranges.size(), static_cast<size_t>(std::max(plan.connections, 1)));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers; ++i) threads.emplace_back(work);
  if (workers > 0) work();
  for (std::thread& thread : threads) thread.join();
  if (plan.cancel && plan.cancel->cancelled() && first_error.ok()) {
    first_error = Status(StatusCode::kCancelled, "the read was cancelled");
  }
  if (!first_error.ok()) {
    // Another range stopped for this one's failure: report the cause, not the echo.
    return first_error;
  }
  return files;
}

}  // namespace trib::files
