// The connector behaviour every SQL type shares (jdbc, redshift): reads of a query or a table,
// limits, Spark-style partitions, browse, splits. A type supplies how to open a session and
// what an external engine needs.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/common/host_paths.h"
#include "connectors/common/secret_guard.h"
#include "connectors/connector.h"
#include "sql/sql_driver.h"

namespace trib {

struct SqlSourceSpec {
  // Opens a session; connect_timeout_ms is always > 0 here.
  std::function<Result<std::unique_ptr<sql::SqlSession>>(int64_t connect_timeout_ms)> open;
  std::optional<std::string> default_table;  // read when neither query nor table is given
  // Spark options without credentials (url, driver, ...), and the credential options.
  Json engine_options = Json::object();
  Json engine_credentials = Json::object();
  // Credentials made on demand (temporary logins); when set, used instead of the above.
  std::function<Result<Json>()> engine_credentials_provider;
  std::string engine_format = "jdbc";
  // The identifier quote when the type knows it without connecting: splits then need no
  // connection. Unset: a session is opened to ask the driver.
  std::optional<std::string> identifier_quote;
  // Holds the plaintext secrets of the definition: no message that contains one leaves.
  SecretGuard guard;
  // Server paths that messages of local drivers must not show (see host_paths.h).
  HostPathRewrites hidden_paths;
  int64_t default_connect_timeout_ms = 10000;
  // Whether the session goes over the network (not a local file): then a caller who is not a
  // data owner learns only "cannot connect", after the whole connect timeout, so the source
  // cannot be used to probe hosts and ports; data owners get the cause, audited.
  bool network = true;
  bool precise_connect_errors = false;
  AuditSink audit;  // may be empty
};

class SqlConnector : public Connector {
 public:
  explicit SqlConnector(SqlSourceSpec spec) : spec_(std::move(spec)) {}

  Status Test(int64_t connect_timeout_ms) override;
  Result<Json> Browse(const BrowseRequest& request) override;
  Result<std::unique_ptr<BatchReader>> Read(const ReadRequest& request) override;
  Result<Json> Splits(const ReadRequest& request) override;
  Result<Json> EngineOptions(const EngineOptionsRequest& request) override;

 private:
  Result<std::unique_ptr<sql::SqlSession>> Open(int64_t connect_timeout_ms);
  // The statements of a read, one per partition, without the limit, and the partitions'
  // predicates ("" for a read that is not partitioned); identifiers quoted with `quote`.
  struct Plan {
    std::vector<std::string> statements;
    std::vector<std::string> predicates;
  };
  Result<Plan> PlanRead(const std::string& quote, const SqlRead& request) const;
  Status Scrub(Status status) const;
  // A failed connect as the caller may see it (see SqlSourceSpec::network).
  Status ConnectFailure(Status status, std::chrono::steady_clock::time_point deadline) const;

  SqlSourceSpec spec_;
};

// "schema.table" -> {schema, table}; a plain name has no schema.
sql::TableRef ParseTableName(const std::string& name);

}  // namespace trib
