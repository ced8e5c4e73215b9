// Copies remote objects to local files for DuckDB: every object of a read at once, as ranged
// GETs over several connections whose bodies stream straight into the files (no range is held
// in memory), so a read spools at the pace of several connections and in bounded memory
// whatever the objects' sizes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "common/status.h"
#include "objectstore/object_store.h"

namespace trib::files {

struct SpoolPlan {
  std::string path_prefix;            // spool files are created at <prefix><n> and unlinked at once
  int connections = 4;                // ranges in flight at once
  int64_t min_range_bytes = 8 << 20;  // no range is smaller, but an object's last
  std::shared_ptr<CancelToken> cancel;  // may be null
};

// One range of one object; exposed for tests.
struct SpoolRange {
  size_t object = 0;
  int64_t offset = 0;
  int64_t length = 0;
};

// How the objects are cut: ranges of at least min_range_bytes, and about
// ceil(total / connections) bytes, so that every connection has work and an object is never
// asked for in more pieces than that needs. In object order.
std::vector<SpoolRange> PlanRanges(const std::vector<objectstore::ObjectInfo>& objects,
                                   const SpoolPlan& plan);

// The objects' bytes (as listed: size and etag) as open, unlinked local files, in order. Any
// failure (an object changed or gone, the store, the disk, a cancel) stops every range, closes
// every file and is answered as is.
Result<std::vector<objectstore::LocalFile>> SpoolObjects(
    objectstore::ObjectStore& store, const std::vector<objectstore::ObjectInfo>& objects,
    const SpoolPlan& plan);

}  // namespace trib::files
