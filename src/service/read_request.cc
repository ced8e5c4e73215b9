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

constexpr const char* kCommonOptions[] = {"statement_timeout_ms", "connect_timeout_ms",
                                          "batch_rows"};

bool IsCommonOption(const std::string& key) {
  for (const char* common : kCommonOptions) {
    if (key == common) return true;
  }
  return false;
}

// The read's own limits; a file read's other entries are its format's options (checked by the
// connector against the format's table), a SQL read has none.
Status ParseOptions(const Json& options, ReadRequest& request, FileRead* file) {
  if (!options.is_object()) {
    return Status::InvalidArgument("options", "'options' must be an object");
  }
  for (const auto& [key, value] : options.items()) {
    if (IsCommonOption(key)) continue;
    if (file == nullptr) {
      return Status::InvalidArgument(
          "options." + key, "unknown option '" + key +
                                "'; allowed: statement_timeout_ms, connect_timeout_ms, batch_rows");
    }
    if (!value.is_string() && !value.is_boolean() && !value.is_number()) {
      return Status::InvalidArgument("options." + key,
                                     "'options." + key + "' must be a string, number or boolean");
    }
    file->options[key] = value.is_string() ? value.get<std::string>() : value.dump();
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

Result<FileRead> ParseFileRead(const Json& body) {
  FileRead file;
  if (body.contains("path")) {
    TRIB_ASSIGN_OR_RETURN(file.path, StringMember(body, "path", true));
  }
  if (body.contains("data_format")) {
    TRIB_ASSIGN_OR_RETURN(file.data_format, StringMember(body, "data_format", true));
  }
  if (auto it = body.find("columns"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) {
      return Status::InvalidArgument("columns", "'columns' must be a list of column names");
    }
    for (const Json& column : *it) {
      if (!column.is_string() || column.get_ref<const std::string&>().empty()) {
        return Status::InvalidArgument("columns", "'columns' must hold non-empty names");
      }
      file.columns.push_back(column.get<std::string>());
    }
  }
  return file;
}

}  // namespace

Result<ReadRequest> ParseReadRequest(const Json& body) {
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(
      body, {"query", "table", "limit", "options", "format", "partition_column", "lower_bound",
             "upper_bound", "num_partitions", "path", "data_format", "columns"}));
  ReadRequest request;
  if (body.contains("format")) {
    TRIB_ASSIGN_OR_RETURN(std::string unused, StringMember(body, "format", true));
  }
  TRIB_ASSIGN_OR_RETURN(request.limit, IntegerMember(body, "limit", "limit", 0, INT64_MAX));

  // A file read names a path, a format or columns; anything else is a SQL read.
  const char* file_field = nullptr;
  for (const char* field : {"path", "data_format", "columns"}) {
    if (body.contains(field) && !body[field].is_null() && file_field == nullptr) file_field = field;
  }
  // Format options alone (no query or table) also make a file read of the source's whole path.
  if (file_field == nullptr && !body.contains("query") && !body.contains("table") &&
      body.contains("options") && body["options"].is_object()) {
    for (const auto& [key, value] : body["options"].items()) {
      if (!IsCommonOption(key)) file_field = "options";
    }
  }
  if (file_field != nullptr) {
    for (const char* field :
         {"query", "table", "partition_column", "lower_bound", "upper_bound", "num_partitions"}) {
      if (body.contains(field) && !body[field].is_null()) {
        return Status::InvalidArgument(field, std::string("'") + field + "' reads SQL, '" +
                                                  file_field + "' files: give one kind of read");
      }
    }
    TRIB_ASSIGN_OR_RETURN(FileRead file, ParseFileRead(body));
    if (body.contains("options"))
      TRIB_RETURN_IF_ERROR(ParseOptions(body["options"], request, &file));
    request.payload = std::move(file);
    return request;
  }

  SqlRead sql;
  if (body.contains("query")) {
    TRIB_ASSIGN_OR_RETURN(sql.query, StringMember(body, "query", true));
  }
  if (body.contains("table")) {
    TRIB_ASSIGN_OR_RETURN(sql.table, StringMember(body, "table", true));
    if (sql.table->empty()) {
      return Status::InvalidArgument("table", "'table' must not be empty");
    }
  }
  if (sql.query && sql.table) {
    return Status::InvalidArgument("query", "give either 'query' or 'table', not both");
  }
  if (body.contains("options"))
    TRIB_RETURN_IF_ERROR(ParseOptions(body["options"], request, nullptr));

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
    sql.partition = std::move(spec);
  }
  request.payload = std::move(sql);
  return request;
}

Result<int64_t> ParseConnectTimeout(const Json& body) {
  if (body.is_null()) return 0;
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"connect_timeout_ms"}));
  TRIB_ASSIGN_OR_RETURN(auto timeout,
                        IntegerMember(body, "connect_timeout_ms", "connect_timeout_ms", 1, 600000));
  return timeout.value_or(0);
}

Result<bool> ParseCredentialsAccess(std::string_view access) {
  if (access == "read") return false;
  if (access == "write") return true;
  return Status::InvalidArgument("access", "'access' must be read or write");
}

Result<CredentialsRequest> ParseCredentialsRequest(const Json& body) {
  CredentialsRequest request;
  if (body.is_null()) return request;
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"access", "duration_s"}));
  TRIB_ASSIGN_OR_RETURN(std::string access, StringMember(body, "access", false));
  if (!access.empty()) {
    TRIB_ASSIGN_OR_RETURN(request.write, ParseCredentialsAccess(access));
  }
  // The range is the service's to check, so that the message names it once.
  TRIB_ASSIGN_OR_RETURN(auto duration, IntegerMember(body, "duration_s", "duration_s", 1, 1000000));
  if (duration) request.duration_s = static_cast<int>(*duration);
  return request;
}

}  // namespace trib
