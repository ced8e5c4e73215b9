// Which objects a file read covers: one file, every file below a directory, or the files a
// glob matches ("events/2026/*.parquet", "**/*.csv"), listed through the object store. Files
// whose name or directory starts with '_' or '.' (_SUCCESS, .crc, in-flight temp files) are
// left out of directory and glob reads, as Spark does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "objectstore/object_store.h"

namespace trib::files {

struct SelectedFile {
  objectstore::ObjectInfo object;  // key relative to the store's root
  // The part of the key below the selection's root (the directory read, or the glob's literal
  // prefix): where k=v directories name partition columns. A single file: its name.
  std::string relative;
};

struct Selection {
  std::vector<SelectedFile> files;  // sorted by key
  int64_t total_bytes = 0;
};

// At most this many files per read (each is held open while it is read): more is an error
// that says so.
inline constexpr size_t kMaxSelectedFiles = 10000;
// Globs are bounded so that matching every listed key stays cheap.
inline constexpr size_t kMaxGlobBytes = 256;
inline constexpr long kMaxGlobWildcards = 16;

// `base` is the source's own prefix inside the store ("" or ending in '/'); `path` is the
// request's, relative to it (errors name "path"). An empty selection is kNotFound naming it.
Result<Selection> SelectFiles(objectstore::ObjectStore& store, const std::string& base,
                              std::string_view path);

// Whether `text` matches `pattern`: '*' any run without '/', '**' any run, '?' one character
// but '/', [abc] / [a-z] / [!a] one of a class.
bool GlobMatch(std::string_view pattern, std::string_view text);
// Whether `path` holds a glob character (* ? [).
bool HasGlob(std::string_view path);

}  // namespace trib::files
