#include "objectstore/local/local_entry.h"

#include <cstdio>

namespace trib::objectstore {

ObjectInfo InfoFromStat(std::string key, const struct stat& st) {
  const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                           static_cast<int64_t>(st.st_mtim.tv_nsec);
  char etag[64];
  std::snprintf(etag, sizeof(etag), "%llx-%llx-%llx", static_cast<unsigned long long>(st.st_ino),
                static_cast<unsigned long long>(mtime_ns),
                static_cast<unsigned long long>(st.st_size));
  ObjectInfo info;
  info.key = std::move(key);
  info.size = static_cast<int64_t>(st.st_size);
  info.modified_ms = mtime_ns / 1'000'000;
  info.etag = etag;
  return info;
}

}  // namespace trib::objectstore
