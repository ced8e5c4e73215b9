// The connector behaviour every SQL type shares (jdbc, redshift): reads of a query or a table,
// limits, Spark-style partitions, browse, splits. A type supplies how to open a session and
// what an external engine needs.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  // Plaintext secrets of the definition: scrubbed from every message that leaves.
  std::vector<std::string> secrets;
  int64_t default_connect_timeout_ms = 10000;
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
  Result<Plan> PlanRead(const std::string& quote, const ReadRequest& request) const;
  Status Scrub(Status status) const;

  SqlSourceSpec spec_;
};

// `status` with every secret value in its message replaced by "<redacted>".
Status ScrubSecrets(Status status, const std::vector<std::string>& secrets);

// "schema.table" -> {schema, table}; a plain name has no schema.
sql::TableRef ParseTableName(const std::string& name);

}  // namespace trib
