// What every readable data-source type implements, bound to one definition with its secrets
// opened: test, browse, read (Arrow stream), partition splits and engine options.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "common/cancel.h"
#include "common/json.h"
#include "common/status.h"
#include "connectors/connector_environment.h"
#include "datasource/data_source.h"
#include "net/egress.h"

namespace trib {

// Spark's JDBC partitioning: num_partitions ranges of partition_column over [lower, upper).
struct PartitionSpec {
  std::string column;
  int64_t lower_bound = 0;
  int64_t upper_bound = 0;
  int64_t num_partitions = 1;
};

// What a read of a SQL type asks for: a query or a table, optionally split by a column.
struct SqlRead {
  std::optional<std::string> query;
  std::optional<std::string> table;  // "name" or "schema.name"
  std::optional<PartitionSpec> partition;
};

// What a read of a file type asks for (the reference's read(data_format, options, path)).
struct FileRead {
  // Relative to the source's own path: a file, a directory (every file below it), or a glob
  // ("events/2026/*.parquet", "**/*.csv"). "": the source's whole path.
  std::string path;
  std::string data_format;  // parquet | csv | json; "": from the files' extension
  std::map<std::string, std::string> options;  // the format's declared options
  std::vector<std::string> columns;            // projection; empty: every column
};

// A read: the common part (limits, timeouts, batches, cancel) and one payload per kind.
struct ReadRequest {
  std::variant<SqlRead, FileRead> payload;
  std::optional<int64_t> limit;
  int64_t statement_timeout_ms = 0;  // 0: none
  int64_t connect_timeout_ms = 0;    // 0: the environment's default
  BatchLimits batch;
  std::shared_ptr<CancelToken> cancel = std::make_shared<CancelToken>();
};

// The payload of a read as the connector's kind needs it; a field of the other kind is a 400
// naming it ("path" for a SQL type, "query"/"table"/"partition_column" for a file type).
Result<const SqlRead*> SqlPayload(const ReadRequest& request);
Result<FileRead> FilePayload(const ReadRequest& request);

struct BrowseRequest {
  std::optional<std::string> path;    // file types: a directory below the source's path
  std::optional<std::string> schema;  // none: list schemas
  std::optional<std::string> table;   // with schema: list that table's columns
  int64_t connect_timeout_ms = 0;
};

// A write of rows to a file type: the rows become one new file under `path`.
struct WriteRequest {
  // Relative to the source's path: a file ("out/day.parquet") or a directory ("out/", or a
  // name without extension), which receives part-<random>.<format>.
  std::string path;
  std::string data_format = "parquet";  // parquet | csv | json
  std::string mode = "error";           // error | overwrite | append
  // Opens the rows into `out` (the caller releases it); called only once the write is known to
  // be allowed and well-formed, so a refused write never reads its body.
  std::function<Status(ArrowArrayStream* out)> rows;
  std::shared_ptr<CancelToken> cancel = std::make_shared<CancelToken>();
};

struct WriteResult {
  std::string path;                // what was written to, relative to the source's path
  std::vector<std::string> files;  // the files created
  int64_t rows = 0;
  int64_t bytes = 0;
};

// Short-lived credentials for an external client, narrowed to the source's bucket and path.
struct CredentialsRequest {
  bool write = false;     // false: read-only
  int duration_s = 3600;  // 900-43200, checked by the service
  std::string caller;     // the tributary user, named in the cloud's session name
};

struct EngineOptionsRequest {
  std::string engine = "spark";
  bool include_credentials = false;  // the service decides whether the caller may
  // File types put vended credentials (never the stored ones) into the options.
  CredentialsRequest credentials;
};

class Connector {
 public:
  virtual ~Connector() = default;
  // Connects and makes one round trip.
  virtual Status Test(int64_t connect_timeout_ms) = 0;
  // {"schemas": [...]} | {"schema": s, "tables": [...]} | {"schema", "table", "columns": [...]}
  virtual Result<Json> Browse(const BrowseRequest& request) = 0;
  virtual Result<std::unique_ptr<BatchReader>> Read(const ReadRequest& request) = 0;
  // The statements an external engine runs to read `request` in parallel.
  virtual Result<Json> Splits(const ReadRequest& request) = 0;
  // {"engine": ..., "format": ..., "options": {...}}, with a password only when asked for.
  virtual Result<Json> EngineOptions(const EngineOptionsRequest& request) = 0;
  // Writes `request.rows` as one new file; a failed or cancelled write leaves nothing visible.
  // Types that cannot be written answer kFailedPrecondition.
  virtual Result<WriteResult> Write(WriteRequest& request);
  // {"provider": "aws"|"azure"|"gcp", "expires", "access", ...the provider's fields}. Types
  // that cannot vend answer kFailedPrecondition.
  virtual Result<Json> VendCredentials(const CredentialsRequest& request);
  // Whether include_credentials means vended credentials (anyone who may read) rather than the
  // stored ones (data owners only).
  virtual bool VendsCredentials() const { return false; }
};

// What a factory gets: the definition, its opened secrets and the server's environment.
struct ConnectorInput {
  const DataSource& definition;
  const std::map<std::string, std::string>& secrets;  // JSON pointer -> plaintext
  const ConnectorEnvironment& environment;
  // Asks whether the caller may assume `role_arn` in this project (role mappings). Valid only
  // while the factory runs: decide there.
  std::function<Status(const std::string& role_arn)> authorize_role;
  // The project's name, and the internal file system's root (DATA_DIR/fs, absolute): a hopsfs
  // source reaches Projects/<project>/ below it and nothing else.
  std::string project;
  std::string files_root;
  // Where reads keep their working files (DATA_DIR/tmp), and how much a read may spool from a
  // remote store (setting file_spool_limit_mb).
  std::string temp_dir;
  int64_t spool_limit_bytes = 1LL << 30;
  // The project's own directory (absolute, canonical): local paths of the definition
  // (jdbc:sqlite:, jdbc:duckdb:, later hopsfs) resolve inside it and nowhere else.
  std::string project_dir;
  // The cluster-wide cloud role ("" = none): what a file source that names neither keys nor a
  // role assumes (allowed to every member, like a source naming it).
  std::string cluster_role;
  // Data owners see why a connection failed; everyone else one "cannot connect" answer.
  bool caller_is_owner = false;
  // Writes an audit event about this source for this caller (e.g. "datasource.egress_denied").
  // Bound to the service, not to the factory call: readers may call it later, from any thread.
  std::function<void(const std::string& action, Json detail)> audit;
  // The cluster's egress allowlist, bound to this caller's audit ("datasource.egress_refused"):
  // every outbound connection of the connector resolves and checks its host through it.
  net::Egress egress;
  // The ODBC drivers an administrator allows (cluster setting odbc_drivers); nullopt: every
  // driver registered in odbcinst.ini.
  std::optional<std::vector<std::string>> odbc_drivers;
  // Directories (canonical, absolute) where local database files may also lie (cluster setting
  // local_directories); empty: only the project's own directory.
  std::vector<std::string> local_directories;
};

using ConnectorFactory = std::function<Result<std::unique_ptr<Connector>>(const ConnectorInput&)>;
// What create and update check beyond the type's field table, with the server's view of the
// system (registered ODBC drivers, ...): the same checks the factory makes before any use.
// Runs before anything is stored; must not connect anywhere.
using DefinitionCheck = std::function<Status(const ConnectorInput&)>;

// Type name -> factory (and its optional create-time check). Types without a factory cannot
// be read (yet).
class ConnectorRegistry {
 public:
  // A taken name is an error.
  Status Register(std::string type, ConnectorFactory factory, DefinitionCheck check = nullptr);
  const ConnectorFactory* Find(std::string_view type) const;
  const DefinitionCheck* FindCheck(std::string_view type) const;  // null when there is none

 private:
  std::map<std::string, ConnectorFactory, std::less<>> factories_;
  std::map<std::string, DefinitionCheck, std::less<>> checks_;
};

}  // namespace trib
