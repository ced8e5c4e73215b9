// One MySQL/MariaDB connection as a SqlSession: queries, browse, dialect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/mariadb/mariadb_connection.h"
#include "sql/mariadb/mariadb_options.h"
#include "sql/mariadb/mariadb_reader.h"
#include "sql/sql_driver.h"

namespace trib::sql::mariadb {

class MariaDbSession final : public SqlSession, private QueryHost {
 public:
  MariaDbSession(ConnectParams params, MariaDbOptions options, MysqlPtr connection);

  Status Ping() override;
  Result<std::unique_ptr<BatchReader>> Query(const std::string& sql,
                                             const QueryOptions& options) override;
  Result<std::vector<std::string>> ListSchemas() override;
  Result<std::vector<TableInfo>> ListTables(const std::string& schema) override;
  Result<std::vector<ColumnInfo>> ListColumns(const TableRef& table) override;
  std::string IdentifierQuote() const override { return "`"; }

 private:
  using Row = std::vector<std::optional<std::string>>;

  // QueryHost
  MYSQL* connection() override { return conn_.get(); }
  void KillRunningQuery() override;
  void QueryFinished() override;

  Status CheckIdle() const;
  // The statement as sent: the statement timeout folded in where the server allows it.
  Result<std::string> PrepareStatementText(const std::string& sql, int64_t timeout_ms);
  Result<std::unique_ptr<BatchReader>> StartQuery(const std::string& text,
                                                  const QueryOptions& options);
  // Small metadata queries (browse): whole result in memory.
  Result<std::vector<Row>> SmallQuery(const std::string& sql);
  std::string Literal(std::string_view value);

  const ConnectParams params_;  // read by the cancel action from another thread: never mutated
  const MariaDbOptions options_;
  MysqlPtr conn_;
  const unsigned long thread_id_;
  const bool is_mariadb_;              // MySQL has no SET STATEMENT ... FOR
  bool busy_ = false;                  // a reader holds the connection
  bool reset_execution_time_ = false;  // MySQL: max_execution_time to put back after the query
};

}  // namespace trib::sql::mariadb
