// The data-reading routes: each maps one request onto one service call.
#include <charconv>

#include "server/read_output.h"
#include "server/route.h"
#include "server/write_body.h"
#include "service/read_request.h"

namespace trib {

namespace {

constexpr const char* kDataSource = "/api/v1/projects/{project}/datasources/{name}";

Result<Reply> Ok(Result<Json> result) {
  if (!result.ok()) return result.status();
  return Reply{200, std::move(result).value()};
}

// Splits take the read's fields as query parameters; integers are parsed here.
Result<Json> ReadBodyFromQuery(const Call& call) {
  Json body = Json::object();
  for (const auto& [key, value] : call.query) {
    if (key == "limit" || key == "lower_bound" || key == "upper_bound" || key == "num_partitions" ||
        key == "duration_s") {
      int64_t number = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return Status::InvalidArgument(key, "'" + key + "' must be an integer");
      }
      body[key] = number;
    } else {
      body[key] = value;
    }
  }
  return body;
}

std::optional<std::string> OptionalString(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::vector<RouteSpec> ReadRoutes(Tributary& s) {
  const std::string base = kDataSource;
  const std::vector<QueryParam> split_params = {
      {"query", "string", "SQL to split (or give table)"},
      {"table", "string", "table to split"},
      {"partition_column", "string", "numeric column to split on"},
      {"lower_bound", "integer", "lower end of the stride range"},
      {"upper_bound", "integer", "upper end of the stride range"},
      {"num_partitions", "integer", "number of splits"},
      {"path", "string", "file types: the file, directory or glob to split by file"},
      {"data_format", "string", "file types: parquet, csv or json"}};
  return {
      {"POST",
       base + "/test",
       "Connect to the store and make one round trip",
       "reads",
       true,
       "TestRequest",
       200,
       "TestResult",
       {},
       [&s](const Call& c) -> Result<Reply> {
         Json body;
         if (c.raw_body != nullptr && !c.raw_body->empty()) {
           TRIB_ASSIGN_OR_RETURN(body, c.Body());
         }
         TRIB_ASSIGN_OR_RETURN(int64_t timeout, ParseConnectTimeout(body));
         return Ok(
             s.TestDataSource(*c.caller, c.params.at("project"), c.params.at("name"), timeout));
       }},
      {"GET",
       base + "/browse",
       "Schemas; with schema, its tables; with schema and table, its columns; for file types the "
       "files and directories below path",
       "reads",
       true,
       "",
       200,
       "Browse",
       {{"schema", "string", "list this schema's tables"},
        {"table", "string", "with schema: list this table's columns"},
        {"path", "string", "file types: list this directory below the source's path"}},
       [&s](const Call& c) -> Result<Reply> {
         BrowseRequest request;
         request.path = c.Query("path");
         request.schema = c.Query("schema");
         request.table = c.Query("table");
         return Ok(
             s.BrowseDataSource(*c.caller, c.params.at("project"), c.params.at("name"), request));
       }},
      {"POST",
       base + "/read",
       "Read a query or a table, streamed as Arrow IPC, Parquet, CSV or JSON lines",
       "reads",
       true,
       "ReadRequest",
       200,
       "",
       {},
       [&s](const Call& c) -> Result<Reply> {
         TRIB_ASSIGN_OR_RETURN(Json body, c.Body());
         TRIB_ASSIGN_OR_RETURN(ReadRequest request, ParseReadRequest(body));
         TRIB_ASSIGN_OR_RETURN(OutputFormat format,
                               ChooseOutputFormat(OptionalString(body, "format"), c.accept));
         TRIB_ASSIGN_OR_RETURN(auto reader, s.OpenRead(*c.caller, c.params.at("project"),
                                                       c.params.at("name"), request));
         TRIB_ASSIGN_OR_RETURN(auto produced, PrepareReadBody(std::move(reader), format,
                                                              request.cancel, s.temp_dir()));
         return Reply{200, Json(), std::move(produced)};
       },
       {"application/vnd.apache.arrow.stream", "application/vnd.apache.parquet", "text/csv",
        "application/jsonl"}},
      {"GET", base + "/splits",
       "Splits for reading in parallel: SQL predicates (Spark JDBC partitioning) or files with "
       "sizes",
       "reads", true, "", 200, "Splits", split_params,
       [&s](const Call& c) -> Result<Reply> {
         TRIB_ASSIGN_OR_RETURN(Json body, ReadBodyFromQuery(c));
         TRIB_ASSIGN_OR_RETURN(ReadRequest request, ParseReadRequest(body));
         return Ok(
             s.DataSourceSplits(*c.caller, c.params.at("project"), c.params.at("name"), request));
       }},
      {"POST",
       base + "/write",
       "Write rows (Arrow IPC stream, Parquet or CSV body) as a new file of a file data source",
       "reads",
       true,
       "",
       201,
       "WriteResult",
       {{"path", "string", "a file, or a directory (ending in /) that gets part-<id> files"},
        {"data_format", "string", "parquet (default), csv or json"},
        {"mode", "string", "error (default), overwrite or append"}},
       [&s](const Call& c) -> Result<Reply> {
         WriteRequest request;
         request.path = c.Query("path").value_or("");
         request.data_format = c.Query("data_format").value_or("parquet");
         request.mode = c.Query("mode").value_or("error");
         // Decoded only once the write is allowed; a temp file it needs lives until the write
         // returns.
         auto keep = std::make_shared<std::shared_ptr<void>>();
         request.rows = [&c, &s, keep](ArrowArrayStream* out) -> Status {
           TRIB_ASSIGN_OR_RETURN(WriteBody body,
                                 DecodeWriteBody(c.content_type, *c.raw_body, s.temp_dir()));
           *keep = body.keep;
           body.rows.MoveTo(out);
           return Status::Ok();
         };
         auto result =
             s.WriteDataSource(*c.caller, c.params.at("project"), c.params.at("name"), request);
         if (!result.ok()) return HideTempPaths(result.status(), s.temp_dir());
         const WriteResult& written = *result;
         return Reply{201, Json{{"path", written.path},
                                {"files", written.files},
                                {"rows", written.rows},
                                {"bytes", written.bytes}}};
       }},
      {"GET",
       base + "/engine-options",
       "Options an external engine (Spark) needs to read the source directly",
       "reads",
       true,
       "",
       200,
       "EngineOptions",
       {{"engine", "string", "spark (default)"},
        {"include_credentials", "string",
         "true: add credentials (file types: short-lived vended ones for members; others: the "
         "stored ones, for data owners)"},
        {"access", "string", "file types: read (default) or write (data owners)"},
        {"duration_s", "string", "file types: lifetime of vended credentials, 900-43200"}},
       [&s](const Call& c) -> Result<Reply> {
         EngineOptionsRequest request;
         request.engine = c.Query("engine").value_or("spark");
         const std::string include = c.Query("include_credentials").value_or("false");
         if (include != "true" && include != "false") {
           return Status::InvalidArgument("include_credentials",
                                          "'include_credentials' must be true or false");
         }
         request.include_credentials = include == "true";
         TRIB_ASSIGN_OR_RETURN(Json query, ReadBodyFromQuery(c));
         Json vend = Json::object();
         for (const char* key : {"access", "duration_s"}) {
           if (query.contains(key)) vend[key] = query[key];
         }
         TRIB_ASSIGN_OR_RETURN(request.credentials, ParseCredentialsRequest(vend));
         return Ok(s.DataSourceEngineOptions(*c.caller, c.params.at("project"), c.params.at("name"),
                                             std::move(request)));
       }},
      {"POST",
       base + "/credentials",
       "Short-lived credentials for the source's bucket/container and path (file types)",
       "reads",
       true,
       "CredentialsRequest",
       200,
       "VendedCredentials",
       {},
       [&s](const Call& c) -> Result<Reply> {
         Json body;
         if (c.raw_body != nullptr && !c.raw_body->empty()) {
           TRIB_ASSIGN_OR_RETURN(body, c.Body());
         }
         TRIB_ASSIGN_OR_RETURN(CredentialsRequest request, ParseCredentialsRequest(body));
         return Ok(s.VendDataSourceCredentials(*c.caller, c.params.at("project"),
                                               c.params.at("name"), std::move(request)));
       }},
      {"POST",
       base + "/clear-suspension",
       "Let a member use the source again after withheld error messages suspended him",
       "reads",
       true,
       "ClearSuspension",
       200,
       "SuspensionCleared",
       {},
       [&s](const Call& c) -> Result<Reply> {
         TRIB_ASSIGN_OR_RETURN(Json body, c.Body());
         return Ok(s.ClearSuspension(*c.caller, c.params.at("project"), c.params.at("name"), body));
       }},
  };
}

}  // namespace trib
