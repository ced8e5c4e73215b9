#include "connectors/sql/sql_connector.h"

#include <thread>

#include "connectors/sql/concat_reader.h"
#include "connectors/sql/partition_predicates.h"

namespace trib {

namespace {

Json TablesJson(const std::vector<sql::TableInfo>& tables) {
  Json out = Json::array();
  for (const auto& t : tables) out.push_back({{"name", t.name}, {"kind", t.kind}});
  return out;
}

Json ColumnsJson(const std::vector<sql::ColumnInfo>& columns) {
  Json out = Json::array();
  for (const auto& c : columns) {
    out.push_back({{"name", c.name},
                   {"database_type", c.database_type},
                   {"arrow_type", c.arrow_type},
                   {"nullable", c.nullable}});
  }
  return out;
}

}  // namespace

sql::TableRef ParseTableName(const std::string& name) {
  const size_t dot = name.find('.');
  if (dot == std::string::npos) return {"", name};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

Status SqlConnector::Scrub(Status status) const {
  return HideHostPaths(spec_.guard.Filter(std::move(status)), spec_.hidden_paths);
}

Status SqlConnector::ConnectFailure(Status status,
                                    std::chrono::steady_clock::time_point deadline) const {
  status = Scrub(std::move(status));
  // Bad options, a refused destination, a cancel: decided here, not by the network.
  const StatusCode code = status.code();
  if (!spec_.network || code == StatusCode::kInvalidArgument ||
      code == StatusCode::kPermissionDenied || code == StatusCode::kCancelled) {
    return status;
  }
  if (spec_.precise_connect_errors) {
    if (spec_.audit) {
      spec_.audit("datasource.connect_failed",
                  Json{{"code", std::string(StatusCodeName(code))}, {"message", status.message()}});
    }
    return status;
  }
  // Refused, timed out, wrong password, unknown host: one answer, at one time.
  std::this_thread::sleep_until(deadline);
  return Status(StatusCode::kUnavailable,
                "cannot connect to the data source (a data owner of the project sees why)",
                "connection");
}

Result<std::unique_ptr<sql::SqlSession>> SqlConnector::Open(int64_t connect_timeout_ms) {
  const int64_t timeout =
      connect_timeout_ms > 0 ? connect_timeout_ms : spec_.default_connect_timeout_ms;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
  auto session = spec_.open(timeout);
  if (!session.ok()) return ConnectFailure(session.status(), deadline);
  return session;
}

Status SqlConnector::Test(int64_t connect_timeout_ms) {
  TRIB_ASSIGN_OR_RETURN(auto session, Open(connect_timeout_ms));
  return Scrub(session->Ping());
}

Result<Json> SqlConnector::Browse(const BrowseRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto session, Open(request.connect_timeout_ms));
  if (!request.schema) {
    auto schemas = session->ListSchemas();
    if (!schemas.ok()) return Scrub(schemas.status());
    return Json{{"schemas", *schemas}};
  }
  if (!request.table) {
    auto tables = session->ListTables(*request.schema);
    if (!tables.ok()) return Scrub(tables.status());
    return Json{{"schema", *request.schema}, {"tables", TablesJson(*tables)}};
  }
  auto columns = session->ListColumns({*request.schema, *request.table});
  if (!columns.ok()) return Scrub(columns.status());
  if (columns->empty()) {
    return Status::NotFound("no table '" + *request.table + "' in schema '" + *request.schema +
                            "'");
  }
  return Json{
      {"schema", *request.schema}, {"table", *request.table}, {"columns", ColumnsJson(*columns)}};
}

Result<SqlConnector::Plan> SqlConnector::PlanRead(const std::string& quote,
                                                  const SqlRead& request) const {
  if (request.query && request.table) {
    return Status::InvalidArgument("query", "give either 'query' or 'table', not both");
  }
  std::string base;
  if (request.query) {
    if (request.query->find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidArgument("query", "'query' must not be empty");
    }
    base = *request.query;
    // A trailing semicolon would break the sub-select the query is wrapped in.
    while (!base.empty() &&
           (base.back() == ';' || std::isspace(static_cast<unsigned char>(base.back())))) {
      base.pop_back();
    }
  } else {
    const std::optional<std::string>& table = request.table ? request.table : spec_.default_table;
    if (!table || table->empty()) {
      return Status::InvalidArgument("query", "give a 'query' or a 'table' to read");
    }
    base = "SELECT * FROM " + sql::QualifiedName(ParseTableName(*table), quote);
  }
  Plan plan;
  plan.predicates = {""};
  if (request.partition) {
    TRIB_ASSIGN_OR_RETURN(
        plan.predicates,
        PartitionPredicates(*request.partition,
                            sql::QuoteIdentifier(request.partition->column, quote)));
  }
  for (const std::string& predicate : plan.predicates) {
    plan.statements.push_back(predicate.empty() ? base
                                                : "SELECT * FROM (" + base +
                                                      ") AS trib_partition WHERE " + predicate);
  }
  return plan;
}

Result<std::unique_ptr<BatchReader>> SqlConnector::Read(const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(const SqlRead* sql, SqlPayload(request));
  if (request.limit && *request.limit < 0) {
    return Status::InvalidArgument("limit", "'limit' must not be negative");
  }
  if (request.limit && sql->partition) {
    return Status::InvalidArgument(
        "limit",
        "'limit' cannot be combined with a partitioned read: each partition is a "
        "whole range of partition_column");
  }
  // A bad request fails before connecting when the type knows its quote without the driver.
  std::optional<Plan> plan;
  if (spec_.identifier_quote) {
    TRIB_ASSIGN_OR_RETURN(plan, PlanRead(*spec_.identifier_quote, *sql));
  }
  TRIB_ASSIGN_OR_RETURN(auto session, Open(request.connect_timeout_ms));
  if (!plan) {
    TRIB_ASSIGN_OR_RETURN(plan, PlanRead(session->IdentifierQuote(), *sql));
  }
  std::vector<std::string>& statements = plan->statements;
  // Readers outlive this connector: they keep their own copy of the secrets to scrub.
  auto scrub = [guard = spec_.guard, paths = spec_.hidden_paths](Status s) {
    return HideHostPaths(guard.Filter(std::move(s)), paths);
  };
  sql::QueryOptions options;
  options.statement_timeout_ms = request.statement_timeout_ms;
  options.batch = request.batch;
  options.cancel = request.cancel;

  const bool whole_table = !sql->query && !request.limit && !sql->partition;
  if (whole_table) {
    const std::string table = sql->table ? *sql->table : *spec_.default_table;
    auto reader = session->ReadTable(ParseTableName(table), options);
    if (!reader.ok()) return Scrub(reader.status());
    return BindToSession(std::move(session), std::move(reader).value(), scrub);
  }
  if (request.limit) statements[0] = session->LimitQuery(statements[0], *request.limit);
  // Partitions run one after the other on this one session.
  auto reader = ConcatQueries(std::move(session), std::move(statements), options, scrub);
  if (!reader.ok()) return Scrub(reader.status());
  return reader;
}

Result<Json> SqlConnector::Splits(const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(const SqlRead* sql, SqlPayload(request));
  // Only how identifiers are quoted depends on the database: connect only when the type cannot
  // tell without the driver (ODBC).
  std::string quote;
  if (spec_.identifier_quote) {
    quote = *spec_.identifier_quote;
  } else {
    TRIB_ASSIGN_OR_RETURN(auto session, Open(request.connect_timeout_ms));
    quote = session->IdentifierQuote();
  }
  TRIB_ASSIGN_OR_RETURN(Plan plan, PlanRead(quote, *sql));
  Json splits = Json::array();
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    splits.push_back(
        {{"index", i}, {"predicate", plan.predicates[i]}, {"query", plan.statements[i]}});
  }
  return Json{{"kind", "sql"}, {"num_partitions", splits.size()}, {"splits", std::move(splits)}};
}

Result<Json> SqlConnector::EngineOptions(const EngineOptionsRequest& request) {
  if (request.engine != "spark") {
    return Status::InvalidArgument(
        "engine", "unknown engine '" + request.engine + "'; the known engine is spark");
  }
  Json options = spec_.engine_options;
  if (request.include_credentials) {
    Json credentials = spec_.engine_credentials;
    if (spec_.engine_credentials_provider) {
      auto made = spec_.engine_credentials_provider();
      if (!made.ok()) return Scrub(made.status());
      credentials = std::move(made).value();
    }
    for (const auto& [key, value] : credentials.items()) options[key] = value;
  }
  return Json{{"engine", request.engine},
              {"format", spec_.engine_format},
              {"includes_credentials", request.include_credentials},
              {"options", std::move(options)}};
}

}  // namespace trib
