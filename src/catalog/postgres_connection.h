// PostgreSQL driver over libpq: `?` placeholders become `$n`, parameters travel as text with
// their types declared (int8, text), integer columns come back as int64. Error messages carry
// the SQLSTATE and constraint name only: PostgreSQL's own messages may quote values.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "catalog/sql_connection.h"

struct pg_conn;

namespace trib {

// "a = ? AND b = '?'" -> "a = $1 AND b = '?'": placeholders outside quoted strings, quoted
// identifiers and line comments are numbered from 1.
std::string RewritePlaceholders(std::string_view sql);

class PostgresConnection final : public SqlConnection {
 public:
  // `url` is a libpq URI ("postgresql://user@host:port/db?..."); it never appears in errors
  // since it may hold a password.
  static Result<std::unique_ptr<PostgresConnection>> Connect(const std::string& url);
  ~PostgresConnection() override;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  Result<SqlRows> Exec(std::string_view sql, const SqlParams& params = {}) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool Healthy() override;

 private:
  explicit PostgresConnection(pg_conn* conn) : conn_(conn) {}

  pg_conn* conn_;
  bool broken_ = false;
};

}  // namespace trib
