// GCS's JSON resources as ObjectInfo and ListPage: objects#object (name, size, updated,
// generation) and objects#objects (items, prefixes, nextPageToken).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/json.h"
#include "common/status.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

// RFC 3339 "2026-12-03T15:49:00.123Z" (or with a "+hh:mm" offset) as Unix milliseconds.
std::optional<int64_t> ParseRfc3339Ms(std::string_view text);

// One object resource; its key is the name with `root` cut off (the caller checks that the
// name starts with it). The generation is the etag: it changes whenever the object is replaced.
Result<ObjectInfo> ParseGcsObject(const Json& resource, std::string_view root);
Result<ObjectInfo> ParseGcsObjectText(std::string_view body, std::string_view root);

// An objects.list answer, names and prefixes relative to `root`; entries outside the root are
// dropped.
Result<ListPage> ParseGcsList(std::string_view body, std::string_view root);

}  // namespace trib::objectstore
