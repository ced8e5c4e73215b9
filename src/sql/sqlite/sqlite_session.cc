#include "sql/sqlite/sqlite_session.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>
#include <system_error>

#include "sql/sqlite/sqlite_read_only.h"
#include "sql/sqlite/sqlite_reader.h"
#include "sql/sqlite/sqlite_types.h"

namespace trib::sql {

namespace {

constexpr int kDefaultBusyTimeoutMs = 5000;

struct SqliteOptions {
  std::string mode = "rw";
  int busy_timeout_ms = kDefaultBusyTimeoutMs;
};

Result<SqliteOptions> ParseOptions(const std::map<std::string, std::string>& options) {
  SqliteOptions out;
  for (const auto& [key, value] : options) {
    if (key == "mode") {
      if (value != "rw" && value != "ro" && value != "rwc" && value != "memory") {
        return Status::InvalidArgument("arguments",
                                       "SQLite option 'mode' must be one of rw, ro, rwc, memory");
      }
      out.mode = value;
    } else if (key == "busy_timeout") {
      const auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), out.busy_timeout_ms);
      if (ec != std::errc() || end != value.data() + value.size() || out.busy_timeout_ms < 0) {
        return Status::InvalidArgument(
            "arguments", "SQLite option 'busy_timeout' must be a number of milliseconds");
      }
    } else {
      return Status::InvalidArgument("arguments", "'" + key.substr(0, 64) +
                                                      "' is not a SQLite option (allowed: "
                                                      "busy_timeout, mode)");
    }
  }
  return out;
}

// A prepared statement that finalizes itself.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

class SqliteSession final : public SqlSession {
 public:
  SqliteSession(sqlite3* db, bool read_only) : db_(db), read_only_(read_only) {}
  const bool* preparing_own_sql() const { return &preparing_own_sql_; }
  ~SqliteSession() override { sqlite3_close_v2(db_); }
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  Status Ping() override {
    // Reading the schema proves the file is a database (an empty file is one, too).
    return Rows("SELECT count(*) FROM sqlite_master", {}).status();
  }

  Result<std::unique_ptr<BatchReader>> Query(const std::string& sql,
                                             const QueryOptions& options) override {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
    if (rc != SQLITE_OK) return SqliteError(db_, rc);
    if (stmt == nullptr) return Status::InvalidArgument("query", "the query is empty");
    if (read_only_) {
      if (Status checked = CheckReadStatement(stmt); !checked.ok()) {
        sqlite3_finalize(stmt);
        return checked;
      }
    }
    auto reader = std::make_unique<SqliteReader>(db_, stmt, options);
    // Only one statement: anything but blanks and comments after it would be ignored silently.
    sqlite3_stmt* next = nullptr;
    const char* end = sql.data() + sql.size();
    rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &next, nullptr);
    sqlite3_finalize(next);
    if (rc != SQLITE_OK || next != nullptr) {
      return Status::InvalidArgument("query", "the query must be a single SQL statement");
    }
    TRIB_RETURN_IF_ERROR(reader->Start());
    return std::unique_ptr<BatchReader>(std::move(reader));
  }

  Result<std::vector<std::string>> ListSchemas() override {
    TRIB_ASSIGN_OR_RETURN(auto rows,
                          Rows("SELECT name FROM pragma_database_list ORDER BY seq", {}));
    std::vector<std::string> names;
    for (auto& row : rows) {
      if (row[0] && *row[0] != "temp") names.push_back(std::move(*row[0]));
    }
    return names;
  }

  Result<std::vector<TableInfo>> ListTables(const std::string& schema) override {
    const std::string db = schema.empty() ? "main" : schema;
    TRIB_RETURN_IF_ERROR(CheckSchema(db));
    TRIB_ASSIGN_OR_RETURN(
        auto rows, Rows("SELECT name, type FROM " + QuoteIdentifier(db) +
                            ".sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE "
                            "'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                        {}));
    std::vector<TableInfo> tables;
    for (auto& row : rows) {
      tables.push_back(TableInfo{db, row[0].value_or(""), row[1].value_or("table")});
    }
    return tables;
  }

  Result<std::vector<ColumnInfo>> ListColumns(const TableRef& table) override {
    const std::string db = table.schema.empty() ? "main" : table.schema;
    TRIB_RETURN_IF_ERROR(CheckSchema(db));
    TRIB_ASSIGN_OR_RETURN(
        auto rows,
        Rows("SELECT name, type, \"notnull\" FROM pragma_table_info(?1, ?2) ORDER BY cid",
             {table.name, db}));
    if (rows.empty()) {
      return Status(StatusCode::kNotFound,
                    "table '" + table.name + "' does not exist in schema '" + db + "'", "table");
    }
    std::vector<ColumnInfo> columns;
    for (auto& row : rows) {
      const std::string declared = row[1].value_or("");
      const SqliteColumnPlan plan = PlanSqliteColumn(declared);
      // Columns typed by their values have no Arrow type until a read sees them.
      columns.push_back(ColumnInfo{row[0].value_or(""), declared,
                                   plan.from_values ? "" : plan.type.ToString(),
                                   row[2].value_or("0") == "0"});
    }
    return columns;
  }

 private:
  using Row = std::vector<std::optional<std::string>>;

  // Runs a small catalog query with text parameters and collects its rows as text.
  Result<std::vector<Row>> Rows(const std::string& sql, const std::vector<std::string>& params) {
    // SQLite authorizes statements when it prepares them, and a pragma table (such as
    // pragma_database_list) again when it runs: the flag covers the whole statement, which is
    // tributary's own fixed catalog SQL (it runs no view of the file).
    struct OwnSql {
      bool& flag;
      explicit OwnSql(bool& f) : flag(f) { flag = true; }
      ~OwnSql() { flag = false; }
    } own(preparing_own_sql_);
    Statement s;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc);
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(s.stmt, static_cast<int>(i + 1), params[i].data(),
                        static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
    }
    std::vector<Row> rows;
    const int columns = sqlite3_column_count(s.stmt);
    while ((rc = sqlite3_step(s.stmt)) == SQLITE_ROW) {
      Row row;
      for (int i = 0; i < columns; ++i) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s.stmt, i));
        if (text == nullptr) {
          row.emplace_back();
        } else {
          row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(s.stmt, i))));
        }
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc);
    return rows;
  }

  Status CheckSchema(const std::string& schema) {
    TRIB_ASSIGN_OR_RETURN(const auto schemas, ListSchemas());
    if (schema == "temp" || std::find(schemas.begin(), schemas.end(), schema) != schemas.end()) {
      return Status::Ok();
    }
    return Status(StatusCode::kNotFound, "schema '" + schema + "' does not exist", "schema");
  }

  sqlite3* db_;
  bool read_only_;
  bool preparing_own_sql_ = false;  // read by the read-only authorizer
};

}  // namespace

Result<std::unique_ptr<SqlSession>> ConnectSqlite(const ConnectParams& params) {
  TRIB_ASSIGN_OR_RETURN(const SqliteOptions options, ParseOptions(params.options));
  std::string path = params.database;
  if (path.empty() && options.mode != "memory") {
    return Status::InvalidArgument("connection_string", "names no SQLite database file");
  }
  const bool in_memory = options.mode == "memory" || path == ":memory:";
  if (params.read_only && options.mode == "rwc") {
    return Status::InvalidArgument(
        "arguments.mode", "mode=rwc creates a file, and reads open SQLite databases read-only");
  }
  int flags = SQLITE_OPEN_READWRITE;
  if (options.mode == "ro") flags = SQLITE_OPEN_READONLY;
  if (options.mode == "rwc") flags |= SQLITE_OPEN_CREATE;
  if (in_memory) {
    path = ":memory:";
    flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
  } else {
    if (params.read_only) flags = SQLITE_OPEN_READONLY;
    // The path was checked to lie in the project: a symlink put there later is not followed.
    flags |= SQLITE_OPEN_NOFOLLOW;
    std::error_code ec;
    if (options.mode != "rwc" && !std::filesystem::exists(path, ec)) {
      // The name only: the caller knows the path he gave, the host's directories are not his.
      return Status::InvalidArgument("connection_string",
                                     "the SQLite database file '" +
                                         std::filesystem::path(path).filename().string() +
                                         "' does not exist");
    }
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status(StatusCode::kUnavailable, "cannot open the SQLite database: " + message,
                  "connection_string");
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto session = std::make_unique<SqliteSession>(db, params.read_only);  // owns db now
  if (params.read_only) {
    TRIB_RETURN_IF_ERROR(RestrictToReading(db, session->preparing_own_sql()));
  }
  TRIB_RETURN_IF_ERROR(session->Ping());
  return std::unique_ptr<SqlSession>(std::move(session));
}

}  // namespace trib::sql
