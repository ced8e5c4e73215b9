// Reads the directory tree under a local store's root into the entries a List answers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "objectstore/local/beneath.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

struct ListEntry {
  std::string key;  // an object's key, or a "dir/" prefix
  bool is_prefix = false;
  ObjectInfo info;  // objects only
};

// Entries below the directory `dir_key` ("" or ending with '/') whose names start with `text`:
// its files and (not recursive) its directories as prefixes, or (recursive) every file below.
// Sorted by key. Temp files, names no key could spell, and symlinks that leave the root are
// skipped; a missing directory has no entries.
Result<std::vector<ListEntry>> ListEntries(const BeneathRoot& root, std::string_view dir_key,
                                           std::string_view text, bool recursive);

// Unlinks every temp file (see IsTempName) below the root, without following symlinks.
Status RemoveTempFilesBelow(const BeneathRoot& root);

}  // namespace trib::objectstore
