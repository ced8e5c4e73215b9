// The files of one read as DuckDB sees them: a private directory (0700, under the server's
// temp dir) whose tree mirrors the selection ("year=2026/part-0.parquet", so k=v directories
// become partition columns) and whose entries are symlinks to /proc/self/fd/<fd> of files
// opened beneath the store's root. DuckDB, allowed to read this directory and nothing else,
// reaches exactly the opened files: a path swapped after the check cannot redirect it.
// Removed, with its descriptors closed, when the view goes.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "objectstore/object_store.h"

namespace trib::files {

class ReadView {
 public:
  // A fresh directory below `temp_root` (created when missing).
  static Result<std::unique_ptr<ReadView>> Create(const std::string& temp_root);
  ~ReadView();
  ReadView(const ReadView&) = delete;
  ReadView& operator=(const ReadView&) = delete;

  // Places `file` at `relative` ('/'-separated, checked) and returns the path DuckDB reads.
  Result<std::string> Add(const std::string& relative, objectstore::LocalFile file);

  const std::string& dir() const { return dir_; }  // ends with '/'
  const std::vector<std::string>& paths() const { return paths_; }
  // `message` (DuckDB's) with each view path replaced by the file's own relative name and no
  // other trace of the directory: what callers may see.
  std::string Describe(std::string message) const;

 private:
  explicit ReadView(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  std::vector<objectstore::LocalFile> files_;
  std::vector<std::string> paths_;
  std::vector<std::string> originals_;  // the relative name of each path, same order
};

}  // namespace trib::files
