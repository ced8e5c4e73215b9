// What a file under a local store's root looks like as an object, and which names never are
// objects (the hidden temp files of writes in flight).
#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>

#include "objectstore/object_store.h"

namespace trib::objectstore {

inline constexpr std::string_view kTempPrefix = ".trib-tmp-";

// True for the base name of a write's temp file.
inline bool IsTempName(std::string_view base) { return base.starts_with(kTempPrefix); }

// The text after a key's last '/'.
inline std::string_view BaseName(std::string_view key) {
  const size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

// The text up to a key's last '/' ("" for a key at the root).
inline std::string_view DirName(std::string_view key) {
  const size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

// Size, mtime and an etag that changes whenever the file is replaced or rewritten.
ObjectInfo InfoFromStat(std::string key, const struct stat& st);

}  // namespace trib::objectstore
