// A DuckDB database (a file, or in memory) opened with checked configuration options, and the
// connections that query it.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/duckdb_handles.h"

namespace trib::engine {

class DuckDbDatabase {
 public:
  // `path` "" or ":memory:" opens a private in-memory database; a file path goes through a
  // process-wide instance cache, so two opens of one file share one engine instead of two
  // engines writing the same file. `config` holds DuckDB options (names as
  // duckdb_get_config_flag lists them, any case); an unknown name or a bad value is
  // kInvalidArgument whose field is the option's name (its value is never shown).
  // "timezone" is applied to every connection (default "UTC", so timestamps with a time zone
  // come out as Arrow "tsu:UTC" whatever the machine's zone).
  // `defaults` apply to the options `config` does not name (in any case).
  static Result<std::shared_ptr<DuckDbDatabase>> Open(
      const std::string& path, const std::map<std::string, std::string>& config,
      const std::map<std::string, std::string>& defaults = {});

  duckdb_database get() const { return db_.get(); }
  const std::string& time_zone() const { return time_zone_; }

 private:
  DatabaseHandle db_;
  std::string time_zone_ = "UTC";
};

// Rows of a small answer as text; nullopt stands for NULL.
using TextRows = std::vector<std::vector<std::optional<std::string>>>;

// One connection; it runs one statement at a time (DuckDB closes a streaming result when the
// next statement starts). It keeps its database alive.
class DuckDbConnection {
 public:
  static Result<std::shared_ptr<DuckDbConnection>> Open(std::shared_ptr<DuckDbDatabase> db);

  duckdb_connection get() const { return conn_.get(); }
  // Stops the statement running now (from any thread); it fails with an INTERRUPT error.
  void Interrupt() { duckdb_interrupt(conn_.get()); }

  // Counts statements started here: a streaming result is closed by DuckDB, silently, as soon
  // as the next statement starts, so readers compare the count they began with.
  uint64_t BeginStatement() { return ++statements_; }
  uint64_t statements() const { return statements_.load(); }

  // Runs every statement of `sql` and drops the results. Errors name `field`.
  Status Execute(const std::string& sql, const std::string& field = "query");

  // Runs one statement with `params` bound as VARCHAR to $1, $2, ... and returns every row;
  // each column must be VARCHAR. For small catalog answers, not for data.
  Result<TextRows> QueryText(const std::string& sql, const std::vector<std::string>& params = {},
                             const std::string& field = "query");

 private:
  std::shared_ptr<DuckDbDatabase> db_;
  ConnectionHandle conn_;
  std::atomic<uint64_t> statements_{0};
};

// `text` as a SQL string literal ('it''s').
std::string SqlLiteral(std::string_view text);
// `name` as a quoted SQL identifier ("a""b").
std::string SqlIdentifier(std::string_view name);

}  // namespace trib::engine
