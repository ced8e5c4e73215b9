// SQLite driver: WAL journal, a busy timeout so concurrent writers wait instead of failing,
// foreign keys enforced, and prepared statements cached per SQL text (the catalog's hot reads
// run without re-parsing).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/sql_connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace trib {

class SqliteConnection final : public SqlConnection {
 public:
  // Creates the file when absent. `path` may be ":memory:".
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path);
  ~SqliteConnection() override;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  Result<SqlRows> Exec(std::string_view sql, const SqlParams& params = {}) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool Healthy() override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql, bool* cached);
  Status ErrorStatus(int code) const;

  // Looked up by string_view: a cache hit allocates nothing.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
};

}  // namespace trib
