#include "service/read_request.h"

#include "service/request_checks.h"

namespace trib {

namespace {

constexpr int64_t kMaxTimeoutMs = 24LL * 3600 * 1000;

Result<std::optional<int64_t>> IntegerMember(const Json& body, const std::string& field,
                                             const std::string& path, int64_t min, int64_t max) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) {
    return Status::InvalidArgument(path, "'" + path + "' must be an integer");
  }
  const int64_t value = it->get<int64_t>();
  if (value < min || value > max) {
    return Status::InvalidArgument(path, "'" + path + "' must be between " + std::to_string(min) +
                                             " and " + std::to_string(max));
  }
  return std::optional<int64_t>(value);
}

Status ParseOptions(const Json& options, ReadRequest& request) {
  if (!options.is_object()) {
    return Status::InvalidArgument("options", "'options' must be an object");
  }
  for (const auto& [key, value] : options.items()) {
    if (key != "statement_timeout_ms" && key != "connect_timeout_ms" && key != "batch_rows") {
      return Status::InvalidArgument(
          "options." + key, "unknown option '" + key +
                                "'; allowed: statement_timeout_ms, connect_timeout_ms, batch_rows");
    }
  }
  TRIB_ASSIGN_OR_RETURN(
      auto statement, IntegerMember(options, "statement_timeout_ms", "options.statement_timeout_ms",
                                    1, kMaxTimeoutMs));
  TRIB_ASSIGN_OR_RETURN(auto connect, IntegerMember(options, "connect_timeout_ms",
                                                    "options.connect_timeout_ms", 1, 600000));
  TRIB_ASSIGN_OR_RETURN(auto rows,
                        IntegerMember(options, "batch_rows", "options.batch_rows", 1, 1 << 20));
  if (statement) request.statement_timeout_ms = *statement;
  if (connect) request.connect_timeout_ms = *connect;
  if (rows) request.batch.max_rows = *rows;
  return Status::Ok();
}

}  // namespace

Result<ReadRequest> ParseReadRequest(const Json& body) {
  TRIB_RETURN_IF_ERROR(
      CheckBodyKeys(body, {"query", "table", "limit", "options", "format", "partition_column",
                           "lower_bound", "upper_bound", "num_partitions"}));
  ReadRequest request;
  if (body.contains("query")) {
    TRIB_ASSIGN_OR_RETURN(request.query, StringMember(body, "query", true));
  }
  if (body.contains("table")) {
    TRIB_ASSIGN_OR_RETURN(request.table, StringMember(body, "table", true));
    if (request.table->empty()) {
      return Status::InvalidArgument("table", "'table' must not be empty");
    }
  }
  if (request.query && request.table) {
    return Status::InvalidArgument("query", "give either 'query' or 'table', not both");
  }
  if (body.contains("format")) {
    TRIB_ASSIGN_OR_RETURN(std::string unused, StringMember(body, "format", true));
  }
  TRIB_ASSIGN_OR_RETURN(request.limit, IntegerMember(body, "limit", "limit", 0, INT64_MAX));
  if (body.contains("options")) TRIB_RETURN_IF_ERROR(ParseOptions(body["options"], request));

  const bool has_column = body.contains("partition_column");
  TRIB_ASSIGN_OR_RETURN(auto lower,
                        IntegerMember(body, "lower_bound", "lower_bound", INT64_MIN, INT64_MAX));
  TRIB_ASSIGN_OR_RETURN(auto upper,
                        IntegerMember(body, "upper_bound", "upper_bound", INT64_MIN, INT64_MAX));
  TRIB_ASSIGN_OR_RETURN(auto count,
                        IntegerMember(body, "num_partitions", "num_partitions", 1, 10000));
  if (has_column || lower || upper || count) {
    // As Spark: the four go together.
    for (const char* field : {"partition_column", "lower_bound", "upper_bound", "num_partitions"}) {
      if (!body.contains(field) || body[field].is_null()) {
        return Status::InvalidArgument(
            field, std::string("'") + field +
                       "' is required with a partitioned read (partition_column, lower_bound, "
                       "upper_bound and num_partitions go together)");
      }
    }
    PartitionSpec spec;
    TRIB_ASSIGN_OR_RETURN(spec.column, StringMember(body, "partition_column", true));
    spec.lower_bound = *lower;
    spec.upper_bound = *upper;
    spec.num_partitions = *count;
    request.partition = std::move(spec);
  }
  return request;
}

Result<int64_t> ParseConnectTimeout(const Json& body) {
  if (body.is_null()) return 0;
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"connect_timeout_ms"}));
  TRIB_ASSIGN_OR_RETURN(auto timeout,
                        IntegerMember(body, "connect_timeout_ms", "connect_timeout_ms", 1, 600000));
  return timeout.value_or(0);
}

}  // namespace trib
