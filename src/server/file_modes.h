// At start, files holding secrets that group or others may read: reported, not refused (the
// master key, which encrypts everything, is refused by the vault instead).
#pragma once

#include <string>
#include <vector>

namespace trib {

// One warning per existing file of `paths` whose mode grants group or others any access, naming
// the file, its mode and the fix ("chmod 600 <path>"). Missing files are skipped.
std::vector<std::string> LooseFileModeWarnings(const std::vector<std::string>& paths);

// Creates `path` empty with mode 0600 when it does not exist yet (SQLite takes an empty file as
// a new database), so a new catalog never starts readable by others; an existing one is left.
void CreatePrivateFileIfMissing(const std::string& path);

// The file behind a catalog location ("sqlite:/x/catalog.db" or a bare path), or "" for a
// server catalog (postgresql://...).
std::string CatalogFilePath(const std::string& location);

}  // namespace trib
