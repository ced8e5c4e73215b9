#include "sql/mariadb/mariadb_session.h"

#include <mysqld_error.h>

#include <cctype>
#include <cstring>
#include <set>

#include "sql/mariadb/mariadb_driver.h"

namespace trib::sql::mariadb {
namespace {

// A statement without a result set (e.g. DO, SET): an empty schema and no batches.
class NoRowsReader final : public BatchReader {
 public:
  Status GetSchema(ArrowSchema* out) override {
    ExportSchema({}, out);
    return Status::Ok();
  }
  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    return Status::Ok();
  }
};

// "0.300" seconds: max_statement_time takes a decimal number of seconds.
std::string SecondsText(int64_t ms) {
  std::string frac = std::to_string(ms % 1000);
  return std::to_string(ms / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
}

// Users paste statements with a final ';', which a prepared statement rejects.
std::string TrimStatement(const std::string& sql) {
  size_t end = sql.size();
  while (end > 0 &&
         (sql[end - 1] == ';' || std::isspace(static_cast<unsigned char>(sql[end - 1])))) {
    --end;
  }
  return sql.substr(0, end);
}

// What a read-only session answers for INSERT, SET, CREATE and the like, before running them.
Status NotARead() {
  return Status::InvalidArgument(
      "query",
      "a read runs one statement that returns rows (SELECT, SHOW ...); this one returns "
      "none");
}

}  // namespace

MariaDbSession::MariaDbSession(ConnectParams params, MariaDbOptions options, MysqlPtr connection)
    : params_(std::move(params)),
      options_(std::move(options)),
      conn_(std::move(connection)),
      thread_id_(mysql_thread_id(conn_.get())),
      is_mariadb_(std::strstr(mysql_get_server_info(conn_.get()), "MariaDB") != nullptr) {}

Status MariaDbSession::CheckIdle() const {
  if (busy_) {
    return Status::FailedPrecondition(
        "a query is still being read on this session; destroy its reader first");
  }
  return Status::Ok();
}

void MariaDbSession::KillRunningQuery() {
  // Best effort: when even the second connection fails, the caller drains the rows instead.
  (void)KillQuery(params_, options_, thread_id_);
}

void MariaDbSession::QueryFinished() {
  busy_ = false;
  if (reset_execution_time_) {
    reset_execution_time_ = false;
    static constexpr char kReset[] = "SET SESSION max_execution_time = 0";
    (void)mysql_real_query(conn_.get(), kReset, sizeof(kReset) - 1);
  }
}

Status MariaDbSession::Ping() {
  TRIB_RETURN_IF_ERROR(CheckIdle());
  if (mysql_ping(conn_.get()) != 0) return QueryError(LastError(conn_.get()), false, 0);
  return Status::Ok();
}

Result<std::string> MariaDbSession::PrepareStatementText(const std::string& sql,
                                                         int64_t timeout_ms) {
  std::string text = TrimStatement(sql);
  if (text.empty()) return Status::InvalidArgument("query", "the query is empty");
  if (timeout_ms <= 0) return text;
  if (is_mariadb_) {
    // Enforced by the server, for this statement only, including the time spent sending rows.
    return "SET STATEMENT max_statement_time=" + SecondsText(timeout_ms) + " FOR " + text;
  }
  // MySQL: the session variable (SELECT only), put back once the query is over.
  const std::string set = "SET SESSION max_execution_time = " + std::to_string(timeout_ms);
  if (mysql_real_query(conn_.get(), set.data(), set.size()) != 0) {
    return QueryError(LastError(conn_.get()), false, timeout_ms);
  }
  reset_execution_time_ = true;
  return text;
}

Result<std::unique_ptr<BatchReader>> MariaDbSession::Query(const std::string& sql,
                                                           const QueryOptions& options) {
  TRIB_RETURN_IF_ERROR(CheckIdle());
  const std::shared_ptr<CancelToken>& cancel = options.cancel;
  if (cancel && cancel->cancelled()) return Status::Cancelled("the query was cancelled");
  busy_ = true;
  Result<std::string> text = PrepareStatementText(sql, options.statement_timeout_ms);
  if (!text.ok()) {
    QueryFinished();
    return text.status();
  }
  if (cancel) {
    cancel->OnCancel([this] { KillRunningQuery(); });
    if (cancel->cancelled()) {  // fired in between: the action ran on an idle connection
      cancel->Clear();
      QueryFinished();
      return Status::Cancelled("the query was cancelled");
    }
  }
  Result<std::unique_ptr<BatchReader>> reader = StartQuery(*text, options);
  if (!reader.ok()) {
    if (cancel) cancel->Clear();
    QueryFinished();
  }
  return reader;
}

Result<std::unique_ptr<BatchReader>> MariaDbSession::StartQuery(const std::string& text,
                                                                const QueryOptions& options) {
  MYSQL* m = conn_.get();
  auto failed = [&](const ServerError& e) {
    return QueryError(e, options.cancel && options.cancel->cancelled(),
                      options.statement_timeout_ms);
  };
  auto no_rows = [&]() -> std::unique_ptr<BatchReader> {
    if (options.cancel) options.cancel->Clear();
    QueryFinished();
    return std::make_unique<NoRowsReader>();
  };

  auto text_protocol = [&]() -> Result<std::unique_ptr<BatchReader>> {
    if (mysql_real_query(m, text.data(), text.size()) != 0) return failed(LastError(m));
    MYSQL_RES* result = mysql_use_result(m);
    if (result == nullptr) {
      if (mysql_field_count(m) != 0) return failed(LastError(m));
      return no_rows();
    }
    std::vector<ColumnPlan> plans;
    Schema schema;
    PlanColumns(mysql_fetch_fields(result), mysql_num_fields(result), &plans, &schema);
    return std::unique_ptr<BatchReader>(
        new TextRowReader(this, result, std::move(schema), std::move(plans), options));
  };
  // A read-only session prepares every statement, text protocol or not, to refuse one that
  // returns no rows (INSERT, SET, CREATE ...) before it runs.
  if (!options_.server_prepared && !params_.read_only) return text_protocol();

  MYSQL_STMT* stmt = mysql_stmt_init(m);
  if (stmt == nullptr) return Status::Internal("mysql_stmt_init failed (out of memory)");
  if (mysql_stmt_prepare(stmt, text.data(), text.size()) != 0) {
    const ServerError e = LastError(stmt);
    mysql_stmt_close(stmt);
    // Not preparable (a few admin statements): the text protocol reads it the same way.
    if (e.code == ER_UNSUPPORTED_PS && !params_.read_only) return text_protocol();
    if (e.code == ER_UNSUPPORTED_PS) return NotARead();
    return failed(e);
  }
  if (params_.read_only && mysql_stmt_field_count(stmt) == 0) {
    mysql_stmt_close(stmt);
    return NotARead();
  }
  if (!options_.server_prepared) {
    mysql_stmt_close(stmt);
    return text_protocol();
  }
  if (mysql_stmt_execute(stmt) != 0) {
    const ServerError e = LastError(stmt);
    mysql_stmt_close(stmt);
    return failed(e);
  }
  MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
  if (meta == nullptr) {
    mysql_stmt_close(stmt);
    return no_rows();
  }
  std::vector<ColumnPlan> plans;
  Schema schema;
  PlanColumns(mysql_fetch_fields(meta), mysql_num_fields(meta), &plans, &schema);
  mysql_free_result(meta);
  return std::unique_ptr<BatchReader>(
      new BinaryRowReader(this, stmt, std::move(schema), std::move(plans), options));
}

Result<std::vector<MariaDbSession::Row>> MariaDbSession::SmallQuery(const std::string& sql) {
  TRIB_RETURN_IF_ERROR(CheckIdle());
  MYSQL* m = conn_.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
    return QueryError(LastError(m), false, 0);
  }
  MYSQL_RES* result = mysql_store_result(m);
  if (result == nullptr) {
    if (mysql_field_count(m) != 0) return QueryError(LastError(m), false, 0);
    return std::vector<Row>{};
  }
  std::vector<Row> rows;
  const unsigned n = mysql_num_fields(result);
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    const unsigned long* lengths = mysql_fetch_lengths(result);
    Row& out = rows.emplace_back(n);
    for (unsigned i = 0; i < n; ++i) {
      if (row[i] != nullptr) out[i].emplace(row[i], lengths[i]);
    }
  }
  mysql_free_result(result);
  return rows;
}

std::string MariaDbSession::Literal(std::string_view value) {
  std::string out(value.size() * 2 + 1, '\0');
  const unsigned long n =
      mysql_real_escape_string(conn_.get(), out.data(), value.data(), value.size());
  out.resize(n);
  return "'" + out + "'";
}

Result<std::vector<std::string>> MariaDbSession::ListSchemas() {
  static const std::set<std::string> kSystem = {"information_schema", "mysql", "performance_schema",
                                                "sys"};
  TRIB_ASSIGN_OR_RETURN(std::vector<Row> rows, SmallQuery("SHOW DATABASES"));
  std::vector<std::string> out;
  for (const Row& row : rows) {
    if (row[0] && !kSystem.count(*row[0])) out.push_back(*row[0]);
  }
  return out;
}

Result<std::vector<TableInfo>> MariaDbSession::ListTables(const std::string& schema) {
  const std::string in_schema = schema.empty() ? "DATABASE()" : Literal(schema);
  TRIB_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      SmallQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                 "WHERE TABLE_SCHEMA = " +
                 in_schema + " ORDER BY TABLE_NAME"));
  std::vector<TableInfo> out;
  for (const Row& row : rows) {
    const std::string type = row[2].value_or("");
    out.push_back({row[0].value_or(""), row[1].value_or(""),
                   type.find("VIEW") != std::string::npos ? "view" : "table"});
  }
  return out;
}

Result<std::vector<ColumnInfo>> MariaDbSession::ListColumns(const TableRef& table) {
  const std::string in_schema = table.schema.empty() ? "DATABASE()" : Literal(table.schema);
  TRIB_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      SmallQuery("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS "
                 "WHERE TABLE_SCHEMA = " +
                 in_schema + " AND TABLE_NAME = " + Literal(table.name) +
                 " ORDER BY ORDINAL_POSITION"));
  if (rows.empty()) return Status::NotFound("table " + QualifiedName(table) + " not found");

  // The Arrow types a read produces come from the same result metadata a read sees: prepare
  // (without running) SELECT * and plan its columns.
  const std::string select = "SELECT * FROM " + QualifiedName(table);
  MYSQL_STMT* stmt = mysql_stmt_init(conn_.get());
  if (stmt == nullptr) return Status::Internal("mysql_stmt_init failed (out of memory)");
  if (mysql_stmt_prepare(stmt, select.data(), select.size()) != 0) {
    const ServerError e = LastError(stmt);
    mysql_stmt_close(stmt);
    return QueryError(e, false, 0);
  }
  std::vector<ColumnPlan> plans;
  Schema schema;
  if (MYSQL_RES* meta = mysql_stmt_result_metadata(stmt)) {
    PlanColumns(mysql_fetch_fields(meta), mysql_num_fields(meta), &plans, &schema);
    mysql_free_result(meta);
  }
  mysql_stmt_close(stmt);

  std::vector<ColumnInfo> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    ColumnInfo info;
    info.name = rows[i][0].value_or("");
    info.database_type = rows[i][1].value_or("");
    info.nullable = rows[i][2].value_or("YES") == "YES";
    if (i < schema.size() && schema[i].name == info.name) {
      info.arrow_type = schema[i].type.ToString();
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace trib::sql::mariadb

namespace trib::sql {

Result<std::unique_ptr<SqlSession>> ConnectMariaDb(const ConnectParams& params) {
  const int64_t timeout_ms = params.connect_timeout_ms > 0 ? params.connect_timeout_ms : 10000;
  TRIB_ASSIGN_OR_RETURN(mariadb::MariaDbOptions options,
                        mariadb::ParseMariaDbOptions(params.options, timeout_ms));
  TRIB_ASSIGN_OR_RETURN(mariadb::MysqlPtr connection, mariadb::OpenConnection(params, options));
  return std::unique_ptr<SqlSession>(
      new mariadb::MariaDbSession(params, std::move(options), std::move(connection)));
}

}  // namespace trib::sql
