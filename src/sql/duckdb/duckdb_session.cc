#include "sql/duckdb/duckdb_session.h"

#include <unistd.h>

#include <filesystem>
#include <optional>

#include "columnar/arrow_handles.h"
#include "common/option_table.h"
#include "common/strings.h"
#include "engine/arrow_type_names.h"
#include "engine/duckdb_database.h"
#include "engine/duckdb_query_reader.h"
#include "sql/driver_options.h"

namespace trib::sql {

namespace {

namespace fs = std::filesystem;

bool InMemory(const std::string& path) { return path.empty() || path == ":memory:"; }

// One source's queries may use at most half of the server's memory: DuckDB's own default
// (80%) would let a single read starve every other one.
int64_t MemoryCeiling() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return int64_t{1} << 30;
  return static_cast<int64_t>(pages) * page_size / 2;
}

// memory_limit (or its alias max_memory) within the ceiling, which is also the default.
Status BoundMemory(const std::map<std::string, std::string>& options,
                   std::map<std::string, std::string>& settings) {
  const int64_t ceiling = MemoryCeiling();
  for (const char* name : {"memory_limit", "max_memory"}) {
    auto it = settings.find(name);
    if (it == settings.end()) continue;
    const std::optional<int64_t> bytes = ParseByteSize(it->second);
    if (bytes && *bytes <= ceiling) continue;
    std::string key = name;
    for (const auto& [given, value] : options) {
      if (ToLower(given) == name) key = given;
    }
    return Status::InvalidArgument("arguments." + key,
                                   "'" + key + "' may be at most half of the server's memory (" +
                                       std::to_string(ceiling / 1048576) + " MiB)");
  }
  if (settings.count("memory_limit") == 0 && settings.count("max_memory") == 0) {
    settings["memory_limit"] = std::to_string(ceiling / 1048576) + "MiB";
  }
  return Status::Ok();
}

// What a definition can never change: DuckDB reaches no file but its own database, loads no
// extension, and (for reads) keeps this configuration locked.
const std::map<std::string, std::string>& SandboxSettings() {
  static const std::map<std::string, std::string> settings = {
      {"enable_external_access", "false"},
      {"autoinstall_known_extensions", "false"},
      {"autoload_known_extensions", "false"},
      {"allow_unsigned_extensions", "false"},
      {"allow_community_extensions", "false"}};
  return settings;
}

// The schema a browse names, or the session's current one for "".
constexpr const char* kSchemaOrCurrent = "COALESCE(NULLIF($1, ''), current_schema())";

class DuckDbSession : public SqlSession {
 public:
  DuckDbSession(std::shared_ptr<engine::DuckDbConnection> conn, bool read_only)
      : conn_(std::move(conn)), read_only_(read_only) {}

  Status Ping() override { return conn_->Execute("SELECT 1"); }

  Result<std::unique_ptr<BatchReader>> Query(const std::string& sql,
                                             const QueryOptions& options) override {
    return engine::StreamQuery(conn_, sql,
                               {options.statement_timeout_ms, options.cancel, read_only_}, "query");
  }

  Result<std::vector<std::string>> ListSchemas() override {
    TRIB_ASSIGN_OR_RETURN(
        engine::TextRows rows,
        conn_->QueryText("SELECT schema_name FROM information_schema.schemata "
                         "WHERE catalog_name = current_database() "
                         "AND schema_name NOT IN ('information_schema', 'pg_catalog') "
                         "ORDER BY schema_name"));
    std::vector<std::string> out;
    for (auto& row : rows) out.push_back(row[0].value_or(""));
    return out;
  }

  Result<std::vector<TableInfo>> ListTables(const std::string& schema) override {
    TRIB_ASSIGN_OR_RETURN(
        engine::TextRows rows,
        conn_->QueryText(std::string("SELECT table_schema, table_name, "
                                     "CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END "
                                     "FROM information_schema.tables "
                                     "WHERE table_catalog = current_database() "
                                     "AND table_schema = ") +
                             kSchemaOrCurrent + " ORDER BY table_name",
                         {schema}, "schema"));
    std::vector<TableInfo> out;
    for (auto& row : rows) {
      out.push_back({row[0].value_or(""), row[1].value_or(""), row[2].value_or("table")});
    }
    return out;
  }

  Result<std::vector<ColumnInfo>> ListColumns(const TableRef& table) override {
    TRIB_ASSIGN_OR_RETURN(
        engine::TextRows rows,
        conn_->QueryText(std::string("SELECT column_name, data_type, is_nullable "
                                     "FROM information_schema.columns "
                                     "WHERE table_catalog = current_database() "
                                     "AND table_schema = ") +
                             kSchemaOrCurrent + " AND table_name = $2 ORDER BY ordinal_position",
                         {table.schema, table.name}, "table"));
    if (rows.empty()) {
      return Status(StatusCode::kNotFound, "no table '" + table.name + "' in DuckDB", "table");
    }
    // What a read produces, from DuckDB's own Arrow conversion of the table's columns.
    TRIB_ASSIGN_OR_RETURN(auto reader,
                          Query("SELECT * FROM " + QualifiedName(table) + " LIMIT 0", {}));
    SchemaHandle schema;
    TRIB_RETURN_IF_ERROR(reader->GetSchema(schema.get()));
    std::vector<ColumnInfo> out;
    for (size_t i = 0; i < rows.size(); ++i) {
      ColumnInfo column;
      column.name = rows[i][0].value_or("");
      column.database_type = rows[i][1].value_or("");
      column.nullable = rows[i][2].value_or("YES") == "YES";
      if (static_cast<int64_t>(i) < schema->n_children) {
        column.arrow_type = engine::ArrowTypeName(*schema->children[i]);
      }
      out.push_back(std::move(column));
    }
    return out;
  }

 private:
  std::shared_ptr<engine::DuckDbConnection> conn_;
  bool read_only_;
};

}  // namespace

Result<std::unique_ptr<SqlSession>> ConnectDuckDb(const ConnectParams& params) {
  const std::string& path = params.database;
  // Only declared settings, with values of their kind (checked again here: a definition stored
  // before a rule existed); the others reach files, extensions or the configuration.
  TRIB_RETURN_IF_ERROR(CheckDriverOptions(SqlDriverKind::kDuckDb, params.options, params.options));
  std::map<std::string, std::string> settings;
  for (const auto& [name, value] : params.options) {
    settings[ToLower(name)] = value;  // DuckDB's names are case-insensitive
  }
  for (const auto& [name, value] : SandboxSettings()) settings[name] = value;
  TRIB_RETURN_IF_ERROR(BoundMemory(params.options, settings));
  // An in-memory database would spill to ./.tmp under the server's working directory: it may
  // spill nothing (a file database spills beside its file, inside the project).
  if (InMemory(path)) settings["max_temp_directory_size"] = "0B";
  if (!InMemory(path)) {
    std::error_code ec;
    const fs::path file(path);
    const fs::path parent = file.parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec)) {
      return Status(
          StatusCode::kNotFound,
          "the directory of DuckDB database '" + file.filename().string() + "' does not exist",
          "database");
    }
    if (params.read_only) {
      settings["access_mode"] = "read_only";
      if (!fs::exists(file, ec)) {
        return Status(StatusCode::kNotFound,
                      "no DuckDB database '" + file.filename().string() + "' to read", "database");
      }
    }
  }
  auto db = engine::DuckDbDatabase::Open(InMemory(path) ? "" : path, settings, {});
  if (!db.ok()) {
    // Open names the DuckDB setting; the definition's field is where that setting came from.
    const Status& status = db.status();
    for (const auto& [given, value] : params.options) {
      if (ToLower(given) == status.field()) {
        return Status(status.code(), status.message(), "arguments." + given);
      }
    }
    return status;
  }
  TRIB_ASSIGN_OR_RETURN(auto conn, engine::DuckDbConnection::Open(std::move(db).value()));
  if (params.read_only) {
    // Nothing the query runs may change a setting (SET, PRAGMA) after this. Reads of one file
    // share its cached database: a second one finds it locked already.
    TRIB_ASSIGN_OR_RETURN(
        engine::TextRows locked,
        conn->QueryText("SELECT current_setting('lock_configuration')::VARCHAR", {}, "database"));
    if (locked.empty() || locked[0][0].value_or("") != "true") {
      TRIB_RETURN_IF_ERROR(conn->Execute("SET lock_configuration = true", "database"));
    }
  }
  return std::unique_ptr<SqlSession>(
      std::make_unique<DuckDbSession>(std::move(conn), params.read_only));
}

}  // namespace trib::sql
