// The one connector of every file type (hopsfs, s3, adls, gcs): an object store rooted where
// the type's fields point, plus the DuckDB file engine. Each type folder only maps its fields
// and credentials to a store (see FileSourceSpec); listing, globbing, formats, partitions and
// spooling live here once.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "connectors/connector.h"
#include "connectors/files/file_reader.h"
#include "objectstore/object_store.h"

namespace trib {

struct FileSourceSpec {
  std::string type;  // "hopsfs", "s3", ...
  // Opens the store; called once per connector, lazily (Test, Browse, Read, Splits).
  std::function<Result<std::unique_ptr<objectstore::ObjectStore>>()> open_store;
  std::string base;        // the source's own prefix inside the store: "" or ending in '/'
  std::string shown_root;  // how answers name the source's root, e.g. /Projects/demo/sales
  files::FileReadContext read_defaults;  // temp dir and spool cap (timeouts come per read)
  Json engine_options = Json::object();  // what an external engine needs (no secret)
};

class FileConnector : public Connector {
 public:
  explicit FileConnector(FileSourceSpec spec) : spec_(std::move(spec)) {}

  // Lists the source's root: the store answers and the root is reachable.
  Status Test(int64_t connect_timeout_ms) override;
  // {"path", "prefixes": [...], "files": [{"path", "size", "modified"}], "truncated"}.
  Result<Json> Browse(const BrowseRequest& request) override;
  Result<std::unique_ptr<BatchReader>> Read(const ReadRequest& request) override;
  // {"kind": "files", "num_partitions", "splits": [{"index", "path", "size"}]}.
  Result<Json> Splits(const ReadRequest& request) override;
  Result<Json> EngineOptions(const EngineOptionsRequest& request) override;
  Result<WriteResult> Write(WriteRequest& request) override;

 private:
  Result<objectstore::ObjectStore*> Store();

  FileSourceSpec spec_;
  std::unique_ptr<objectstore::ObjectStore> store_;
};

}  // namespace trib
