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

struct VendedCredentials {
  Json answer;         // what POST .../credentials returns
  Json spark_options;  // the same credentials as the engine's options (fs.s3a.*, ...)
};

struct FileSourceSpec {
  std::string type;  // "hopsfs", "s3", ...
  // Opens the store; called once per connector, lazily (Test, Browse, Read, Splits).
  std::function<Result<std::unique_ptr<objectstore::ObjectStore>>()> open_store;
  std::string base;        // the source's own prefix inside the store: "" or ending in '/'
  std::string shown_root;  // how answers name the source's root, e.g. /Projects/demo/sales
  files::FileReadContext read_defaults;  // temp dir and spool cap (timeouts come per read)
  Json engine_options = Json::object();  // what an external engine needs (no secret)
  // Short-lived credentials for the source's root (none: the type cannot vend them).
  std::function<Result<VendedCredentials>(const CredentialsRequest&)> vend;
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
  Result<Json> VendCredentials(const CredentialsRequest& request) override;
  bool VendsCredentials() const override { return static_cast<bool>(spec_.vend); }

 private:
  Result<objectstore::ObjectStore*> Store();
  Result<VendedCredentials> Vend(const CredentialsRequest& request);

  FileSourceSpec spec_;
  std::unique_ptr<objectstore::ObjectStore> store_;
};

}  // namespace trib
