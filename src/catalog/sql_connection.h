// The few things the SQL catalog needs from a database driver: statements with positional `?`
// parameters, rows of nullable text/int64 values, transactions, and errors already classified
// (unique and foreign-key violations, unreachable database) so the catalog can word them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace trib {

enum class SqlDialect { kSqlite, kPostgres };

// NULL, an integer or text; drivers return integer columns as int64 and everything else as text.
using SqlValue = std::variant<std::monostate, int64_t, std::string>;
using SqlParams = std::vector<SqlValue>;
using SqlRow = std::vector<SqlValue>;

struct SqlRows {
  std::vector<SqlRow> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual SqlDialect dialect() const = 0;

  // Runs one statement. Errors never quote parameter values (they may be secrets):
  //   AlreadyExists       unique or primary-key violation (field left empty)
  //   FailedPrecondition  foreign-key violation
  //   Unavailable         the database cannot be reached, is busy, or the disk failed
  //   Internal            anything else
  virtual Result<SqlRows> Exec(std::string_view sql, const SqlParams& params = {}) = 0;

  // A write transaction (SQLite takes the write lock at BEGIN, so two writers never deadlock).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // False once the connection is known to be unusable; the pool then drops it.
  virtual bool Healthy() = 0;
};

// Column accessors: NULL reads as "" / 0, text holding digits reads as a number.
std::string TextAt(const SqlRow& row, size_t column);
int64_t IntAt(const SqlRow& row, size_t column);
bool IsNullAt(const SqlRow& row, size_t column);

// `status` reworded as `replacement` when its code is `code`; any other status unchanged.
Status Reword(Status status, StatusCode code, Status replacement);

}  // namespace trib
