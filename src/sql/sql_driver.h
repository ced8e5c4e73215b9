// What every SQL driver (libpq, libmariadb, sqlite3, ODBC, DuckDB) offers the connectors: a
// session that answers queries as Arrow batches, and the catalog questions browse asks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "common/cancel.h"
#include "common/status.h"
#include "net/egress.h"

namespace trib::sql {

// Where and as whom to connect. Drivers never put `password` into a message or a log line.
struct ConnectParams {
  std::string host;
  int port = 0;          // 0: the driver's default
  std::string database;  // database name, or the file path for sqlite/duckdb
  std::string user;
  std::string password;
  std::map<std::string, std::string> options;  // further driver options (sslmode, ...)
  std::string odbc_connection_string;          // ODBC only: the full connection string
  int64_t connect_timeout_ms = 10000;
  // Reads never write: a read-only session refuses every statement that could change the
  // database or reach other files (each driver says how). Only tributary's own write paths
  // and test fixtures open read-write sessions.
  bool read_only = true;
  // Every network driver resolves `host` through it once and connects to the checked address.
  net::Egress egress;
};

struct QueryOptions {
  int64_t statement_timeout_ms = 0;  // 0: no limit
  BatchLimits batch;
  std::shared_ptr<CancelToken> cancel;  // may be null
};

struct TableRef {
  std::string schema;  // "" for the session's default
  std::string name;
};

struct TableInfo {
  std::string schema;
  std::string name;
  std::string kind;  // "table" | "view"
};

struct ColumnInfo {
  std::string name;
  std::string database_type;  // as the database names it, e.g. "numeric(12,2)"
  std::string arrow_type;     // ColumnType::ToString() of what a read produces
  bool nullable = true;
};

// `identifier` between `quote`s, a quote inside it doubled; unchanged when `quote` is empty.
std::string QuoteIdentifier(std::string_view identifier, std::string_view quote);
// "schema"."table" (or just "table"), quoted so.
std::string QualifiedName(const TableRef& table, std::string_view quote);

class SqlSession {
 public:
  virtual ~SqlSession() = default;

  // A round trip proving the connection works (e.g. SELECT 1).
  virtual Status Ping() = 0;

  // Runs `sql` and streams its rows. The reader borrows this session: keep the session alive
  // until the reader is destroyed, and run one query at a time.
  // Errors: kInvalidArgument (field "query") with the database's message for a bad statement,
  // kDeadlineExceeded for the statement timeout, kCancelled after options.cancel fired.
  virtual Result<std::unique_ptr<BatchReader>> Query(const std::string& sql,
                                                     const QueryOptions& options) = 0;

  // Reads a whole table. Drivers may do better than SELECT * (PostgreSQL: parallel ranges).
  virtual Result<std::unique_ptr<BatchReader>> ReadTable(const TableRef& table,
                                                         const QueryOptions& options) {
    return Query("SELECT * FROM " + QualifiedName(table), options);
  }

  virtual Result<std::vector<std::string>> ListSchemas() = 0;
  virtual Result<std::vector<TableInfo>> ListTables(const std::string& schema) = 0;
  virtual Result<std::vector<ColumnInfo>> ListColumns(const TableRef& table) = 0;

  // Dialect: the quote around identifiers ("x" in standard SQL, `x` in MySQL; what the ODBC
  // driver says, maybe none).
  virtual std::string IdentifierQuote() const { return "\""; }
  std::string QuoteIdentifier(std::string_view identifier) const {
    return sql::QuoteIdentifier(identifier, IdentifierQuote());
  }
  std::string QualifiedName(const TableRef& table) const {
    return sql::QualifiedName(table, IdentifierQuote());
  }
  // Wraps `sql` so at most `limit` rows come back.
  virtual std::string LimitQuery(const std::string& sql, int64_t limit) const;
};

}  // namespace trib::sql
