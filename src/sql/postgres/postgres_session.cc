#include "sql/postgres/postgres_session.h"

#include <libpq-fe.h>

#include <algorithm>

#include "sql/postgres/pg_connection.h"
#include "sql/postgres/pg_errors.h"
#include "sql/postgres/pg_query_shape.h"
#include "sql/postgres/pg_readers.h"

namespace trib::sql {

namespace {

using pg::ConnPtr;
using pg::ReadContext;
using pg::ResultPtr;

constexpr int kTidRangeScanVersion = 140000;  // PostgreSQL 14 scans ctid ranges directly
constexpr int64_t kMinBlocksPerRange = 128;   // 1 MiB of heap: less is not worth a connection
constexpr size_t kQueuedBatchesPerConnection = 2;

std::string Text(const ResultPtr& result, int row, int col) {
  return PQgetvalue(result.get(), row, col);
}

class PostgresSession final : public SqlSession {
 public:
  PostgresSession(ConnPtr conn, ConnectParams params, PostgresMode mode, int read_connections)
      : conn_(std::move(conn)),
        params_(std::move(params)),
        mode_(mode),
        read_connections_(read_connections) {}

  Status Ping() override {
    TRIB_RETURN_IF_ERROR(EnsureConnected());
    return pg::Exec(conn_.get(), "SELECT 1", params_.password).status();
  }

  Result<std::unique_ptr<BatchReader>> Query(const std::string& sql,
                                             const QueryOptions& options) override {
    TRIB_ASSIGN_OR_RETURN(ReadContext context, Prepare(options));
    const std::string statement = pg::StripStatementEnd(sql);
    if (statement.empty()) return Status::InvalidArgument("query", "the query is empty");
    TRIB_ASSIGN_OR_RETURN(context.shape, pg::DescribeQuery(conn_.get(), statement, params_.password,
                                                           context.cancel->token()));
    const std::string select = pg::SelectWithCasts(statement, context.shape);
    return Run(std::move(context), select);
  }

  Result<std::unique_ptr<BatchReader>> ReadTable(const TableRef& table,
                                                 const QueryOptions& options) override {
    if (mode_ == PostgresMode::kCursor || read_connections_ < 2 ||
        PQserverVersion(conn_.get()) < kTidRangeScanVersion) {
      return SqlSession::ReadTable(table, options);
    }
    TRIB_ASSIGN_OR_RETURN(ReadContext context, Prepare(options));
    const std::string name = QualifiedName(table);
    TRIB_ASSIGN_OR_RETURN(ResultPtr info,
                          TableLookup("SELECT c.relkind, pg_catalog.pg_relation_size(c.oid) / "
                                      "pg_catalog.current_setting('block_size')::int8 "
                                      "FROM pg_catalog.pg_class c WHERE c.oid = $1::regclass",
                                      name));
    const std::string relkind = Text(info, 0, 0);
    const int64_t blocks = std::stoll(Text(info, 0, 1));
    const std::string select_all = "SELECT * FROM " + name;
    TRIB_ASSIGN_OR_RETURN(
        context.shape,
        pg::DescribeQuery(conn_.get(), select_all, params_.password, context.cancel->token()));
    const int64_t ranges =
        relkind == "r" ? std::min<int64_t>(read_connections_, blocks / kMinBlocksPerRange) : 1;
    if (ranges < 2) {
      const std::string select = pg::SelectWithCasts(select_all, context.shape);
      return Run(std::move(context), select);
    }
    return ReadRanges(std::move(context), options, select_all, blocks, ranges);
  }

  Result<std::vector<std::string>> ListSchemas() override {
    TRIB_RETURN_IF_ERROR(EnsureConnected());
    TRIB_ASSIGN_OR_RETURN(
        ResultPtr result,
        pg::Exec(
            conn_.get(),
            "SELECT nspname FROM pg_catalog.pg_namespace "
            "WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            "AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%' "
            "AND pg_catalog.has_schema_privilege(oid, 'USAGE') ORDER BY nspname",
            params_.password));
    std::vector<std::string> out;
    for (int row = 0; row < PQntuples(result.get()); ++row) out.push_back(Text(result, row, 0));
    return out;
  }

  Result<std::vector<TableInfo>> ListTables(const std::string& schema) override {
    TRIB_RETURN_IF_ERROR(EnsureConnected());
    // '' stands for the session's default schema.
    TRIB_ASSIGN_OR_RETURN(
        ResultPtr result,
        pg::ExecParams(conn_.get(),
                       "SELECT n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c "
                       "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') "
                       "AND n.nspname = COALESCE(NULLIF($1, ''), pg_catalog.current_schema()) "
                       "ORDER BY c.relname",
                       {schema}, params_.password));
    std::vector<TableInfo> out;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      const std::string kind = Text(result, row, 2);
      out.push_back({Text(result, row, 0), Text(result, row, 1),
                     kind == "v" || kind == "m" ? "view" : "table"});
    }
    return out;
  }

  Result<std::vector<ColumnInfo>> ListColumns(const TableRef& table) override {
    TRIB_RETURN_IF_ERROR(EnsureConnected());
    TRIB_ASSIGN_OR_RETURN(
        ResultPtr result,
        TableLookup("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                    "a.atttypid, a.atttypmod, a.attnotnull FROM pg_catalog.pg_attribute a "
                    "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped "
                    "ORDER BY a.attnum",
                    QualifiedName(table)));
    const int rows = PQntuples(result.get());
    std::vector<pg::TypeOid> unknown;
    auto oid_at = [&](int row) {
      return static_cast<pg::TypeOid>(std::stoul(Text(result, row, 2)));
    };
    for (int row = 0; row < rows; ++row) {
      if (!pg::IsBuiltinType(oid_at(row))) unknown.push_back(oid_at(row));
    }
    pg::ExtraTypes extra;
    if (!unknown.empty()) {
      TRIB_RETURN_IF_ERROR(pg::LoadExtraTypes(conn_.get(), unknown, params_.password, &extra));
    }
    std::vector<ColumnInfo> out;
    for (int row = 0; row < rows; ++row) {
      const pg::ColumnPlan plan =
          pg::PlanColumn(Text(result, row, 0), oid_at(row), std::stoi(Text(result, row, 3)), extra);
      out.push_back({plan.name, Text(result, row, 1), pg::ArrowTypeOf(plan.value).ToString(),
                     Text(result, row, 4) != "t"});
    }
    return out;
  }

 private:
  // Reconnects a connection that broke since the last statement.
  Status EnsureConnected() {
    if (PQstatus(conn_.get()) == CONNECTION_OK) return Status::Ok();
    PQreset(conn_.get());
    statement_timeout_ms_ = -1;
    if (PQstatus(conn_.get()) == CONNECTION_OK) return Status::Ok();
    return pg::ConnectFailure(conn_.get(), params_);
  }

  static Status SetStatementTimeout(pg_conn* conn, int64_t ms, const std::string& password) {
    return pg::Exec(conn, "SET statement_timeout = " + std::to_string(std::max<int64_t>(ms, 0)),
                    password)
        .status();
  }

  // The common start of a read: connected, timeout set, cancellation hooked up.
  Result<ReadContext> Prepare(const QueryOptions& options) {
    if (options.cancel != nullptr && options.cancel->cancelled()) {
      return Status::Cancelled("query cancelled");
    }
    TRIB_RETURN_IF_ERROR(EnsureConnected());
    // COPY reads run in implicit transactions, read-only by the session's default. Set before
    // every read: an earlier query may have reset it with set_config(). Cursor reads (Redshift)
    // and parallel table reads open their own transactions with BEGIN ... READ ONLY.
    if (params_.read_only && mode_ == PostgresMode::kCopy) {
      TRIB_RETURN_IF_ERROR(pg::StartReadOnly(conn_.get(), params_.password));
    }
    if (statement_timeout_ms_ != options.statement_timeout_ms) {
      TRIB_RETURN_IF_ERROR(
          SetStatementTimeout(conn_.get(), options.statement_timeout_ms, params_.password));
      statement_timeout_ms_ = options.statement_timeout_ms;
    }
    ReadContext context;
    context.conn = conn_.get();
    context.limits = options.batch;
    context.password = params_.password;
    context.read_only = params_.read_only;
    context.cancel =
        std::make_unique<pg::CancelHook>(options.cancel, std::vector<pg_conn*>{conn_.get()});
    if (context.cancel->fired()) return Status::Cancelled("query cancelled");
    return context;
  }

  Result<std::unique_ptr<BatchReader>> Run(ReadContext context, const std::string& select) {
    if (mode_ == PostgresMode::kCursor) return pg::ReadWithCursor(std::move(context), select);
    return pg::ReadWithCopy(std::move(context), select);
  }

  // A catalog query on $1 = a table name; "does not exist" is kNotFound on field "table".
  Result<ResultPtr> TableLookup(const std::string& sql, const std::string& name) {
    Result<ResultPtr> result = pg::ExecParams(conn_.get(), sql, {name}, params_.password);
    if (!result.ok()) {
      if (result.status().message().find("SQLSTATE 42P01") != std::string::npos ||
          result.status().message().find("SQLSTATE 3F000") != std::string::npos) {
        return Status(StatusCode::kNotFound, "table " + name + " does not exist", "table");
      }
      return result.status();
    }
    if (PQntuples(result->get()) == 0) {
      return Status(StatusCode::kNotFound, "table " + name + " does not exist", "table");
    }
    return result;
  }

  // Parallel COPYs over `ranges` disjoint ctid ranges, all in one snapshot: the session's
  // connection exports it, the extra connections import it.
  Result<std::unique_ptr<BatchReader>> ReadRanges(ReadContext context, const QueryOptions& options,
                                                  const std::string& select_all, int64_t blocks,
                                                  int64_t ranges) {
    pg_conn* conn = conn_.get();
    const std::string& password = params_.password;
    const char* begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    TRIB_RETURN_IF_ERROR(pg::Exec(conn, begin, password).status());
    auto rollback = [&](Status status) {
      pg::DrainResults(conn);
      ResultPtr(PQexec(conn, "ROLLBACK"));
      return status;
    };
    Result<ResultPtr> exported = pg::Exec(conn, "SELECT pg_catalog.pg_export_snapshot()", password);
    if (!exported.ok()) return rollback(exported.status());
    const std::string snapshot = Text(*exported, 0, 0);
    if (snapshot.find_first_not_of("0123456789ABCDEFabcdef-") != std::string::npos) {
      return rollback(Status::Internal("unexpected snapshot name from pg_export_snapshot"));
    }
    std::vector<ConnPtr> extra;
    std::vector<pg_conn*> all = {conn};
    for (int64_t i = 1; i < ranges; ++i) {
      Result<ConnPtr> opened = pg::OpenConnection(params_);
      if (!opened.ok()) return rollback(opened.status());
      pg_conn* c = opened->get();
      for (const std::string& sql :
           {"SET statement_timeout = " +
                std::to_string(std::max<int64_t>(options.statement_timeout_ms, 0)),
            std::string(begin), "SET TRANSACTION SNAPSHOT '" + snapshot + "'"}) {
        Status s = pg::Exec(c, sql, password).status();
        if (!s.ok()) return rollback(s);
      }
      all.push_back(c);
      extra.push_back(std::move(*opened));
    }
    std::vector<std::string> selects;
    for (int64_t i = 0; i < ranges; ++i) {
      const int64_t lower = blocks * i / ranges;
      const int64_t upper = blocks * (i + 1) / ranges;
      std::string where;
      if (i > 0) where = "ctid >= '(" + std::to_string(lower) + ",0)'::tid";
      if (i + 1 < ranges) {
        where +=
            (where.empty() ? "" : " AND ") + ("ctid < '(" + std::to_string(upper) + ",0)'::tid");
      }
      selects.push_back(pg::SelectWithCasts(select_all + " WHERE " + where, context.shape));
    }
    // One hook for every connection (a token holds one action; unhook the old one first).
    context.cancel.reset();
    context.cancel = std::make_unique<pg::CancelHook>(options.cancel, all);
    if (context.cancel->fired()) return rollback(Status::Cancelled("query cancelled"));
    return pg::ReadInParallel(std::move(context), std::move(extra), selects,
                              kQueuedBatchesPerConnection * static_cast<size_t>(ranges));
  }

  ConnPtr conn_;
  ConnectParams params_;  // extra connections for ReadTable log in the same way
  PostgresMode mode_;
  int read_connections_;
  int64_t statement_timeout_ms_ = -1;  // what the session's connection has; -1: unknown
};

}  // namespace

Result<std::unique_ptr<SqlSession>> ConnectPostgres(const ConnectParams& params,
                                                    PostgresMode mode) {
  TRIB_ASSIGN_OR_RETURN(const int read_connections, pg::ValidateOptions(params));
  TRIB_ASSIGN_OR_RETURN(ConnPtr conn, pg::OpenConnection(params));
  return std::unique_ptr<SqlSession>(
      new PostgresSession(std::move(conn), params, mode, read_connections));
}

}  // namespace trib::sql
