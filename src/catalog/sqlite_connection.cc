#include "catalog/sqlite_connection.h"

#include <mutex>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>

namespace trib {

namespace {

// The catalog's SQL texts are constants (plus a handful of audit-filter combinations), so
// caching them all stays small; the cap only guards against a future caller building SQL freely.
constexpr size_t kMaxCachedStatements = 128;
constexpr int kBusyTimeoutMs = 10000;

bool OnlyWhitespace(const char* text) {
  for (; *text != '\0'; ++text) {
    if (std::isspace(static_cast<unsigned char>(*text)) == 0) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path) {
  // The catalog holds key hashes and sealed secrets: a new file is private to the server (SQLite
  // gives its -wal and -shm files the same mode). An existing file keeps its mode; any error
  // here is left for sqlite3_open_v2 to report.
  if (path != ":memory:") {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  // Memory statistics take a process-wide mutex on every allocation, which serialises
  // connections that otherwise run in parallel; tributary never reads them. Must precede the
  // library's initialisation; if something initialised it first, the call is refused harmlessly.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot open the SQLite catalog at " + path + ": " + reason);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  // synchronous=NORMAL is durable across application crashes in WAL mode; only a power loss
  // may drop the last commits.
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    Result<SqlRows> done = connection->Exec(pragma);
    if (!done.ok()) {
      return Status(done.status().code(), "cannot configure the SQLite catalog at " + path + ": " +
                                              done.status().message());
    }
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

Status SqliteConnection::ErrorStatus(int code) const {
  // sqlite3_errmsg names tables, columns and constraints, never bound values.
  std::string message = std::string("catalog database error: ") + sqlite3_errmsg(db_);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status(StatusCode::kAlreadyExists, std::move(message));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status::FailedPrecondition(std::move(message));
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return Status::Unavailable(std::move(message));
    default:
      return Status::Internal(std::move(message));
  }
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql, bool* cached) {
  if (auto it = statements_.find(sql); it != statements_.end()) {
    *cached = true;
    return it->second;
  }
  const std::string key(sql);
  *cached = statements_.size() < kMaxCachedStatements;
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size() + 1),
                                    *cached ? SQLITE_PREPARE_PERSISTENT : 0, &statement, &tail);
  if (rc != SQLITE_OK) return ErrorStatus(sqlite3_extended_errcode(db_));
  if (statement == nullptr || (tail != nullptr && !OnlyWhitespace(tail))) {
    sqlite3_finalize(statement);
    return Status::Internal("catalog statement must be exactly one SQL statement");
  }
  if (*cached) statements_.emplace(key, statement);
  return statement;
}

Result<SqlRows> SqliteConnection::Exec(std::string_view sql, const SqlParams& params) {
  bool cached = false;
  TRIB_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql, &cached));
  // Resets and unbinds (or finalizes) the statement on every path out.
  struct Cleanup {
    sqlite3_stmt* statement;
    bool cached;
    ~Cleanup() {
      if (cached) {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      } else {
        sqlite3_finalize(statement);
      }
    }
  } cleanup{statement, cached};

  if (sqlite3_bind_parameter_count(statement) != static_cast<int>(params.size())) {
    return Status::Internal("catalog statement parameter count mismatch");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    if (const auto* number = std::get_if<int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(statement, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&params[i])) {
      // The parameters outlive the statement's use; no copy needed.
      rc = sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_STATIC,
                               SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(statement, index);
    }
    if (rc != SQLITE_OK) return ErrorStatus(rc);
  }

  SqlRows out;
  const int columns = sqlite3_column_count(statement);
  while (true) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return ErrorStatus(sqlite3_extended_errcode(db_));
    SqlRow row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(statement, c)) {
        case SQLITE_NULL:
          row.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(statement, c)));
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
          const int bytes = sqlite3_column_bytes(statement, c);
          row.emplace_back(text == nullptr ? std::string() : std::string(text, bytes));
          break;
        }
      }
    }
    out.rows.push_back(std::move(row));
  }
  out.affected = sqlite3_stmt_readonly(statement) != 0 ? 0 : sqlite3_changes64(db_);
  return out;
}

Status SqliteConnection::Begin() { return Exec("BEGIN IMMEDIATE").status(); }

Status SqliteConnection::Commit() { return Exec("COMMIT").status(); }

// A transaction left open would block every later Begin(): end it, or report the connection
// broken if that fails.
bool SqliteConnection::Healthy() {
  if (sqlite3_get_autocommit(db_) == 0) (void)Exec("ROLLBACK");
  return sqlite3_get_autocommit(db_) != 0;
}

Status SqliteConnection::Rollback() {
  if (sqlite3_get_autocommit(db_) != 0) return Status::Ok();  // SQLite already rolled back
  return Exec("ROLLBACK").status();
}

}  // namespace trib
