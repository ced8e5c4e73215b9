#include "catalog/postgres_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace trib {

namespace {

// From PostgreSQL's pg_type.dat; stable across versions.
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

constexpr const char* kConnectTimeoutSeconds = "10";

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {
  // "relation already exists, skipping" and the like; libpq would print them to stderr.
}

std::string TrimmedConnectionError(PGconn* conn) {
  std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return message;
}

std::string Field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? value : "";
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // A quoted string or identifier; a doubled quote inside is an escaped quote.
      size_t end = i + 1;
      while (end < sql.size()) {
        if (sql[end] == c) {
          if (end + 1 < sql.size() && sql[end + 1] == c) {
            end += 2;
            continue;
          }
          break;
        }
        ++end;
      }
      const size_t stop = end < sql.size() ? end + 1 : end;
      out.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Connect(const std::string& url) {
  // libpq's parse errors quote the offending part of the URL, which may be the password:
  // parse first and report only that it failed. Keep the password to scrub connect errors.
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  PQfreemem(parse_error);
  if (options == nullptr) {
    return Status::InvalidArgument("catalog", "malformed PostgreSQL connection URL");
  }
  std::string password;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr) {
      password = option->val;
    }
  }
  PQconninfoFree(options);

  // The URL comes after our defaults, so its own connect_timeout or application_name win.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {kConnectTimeoutSeconds, "tributary", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string reason = TrimmedConnectionError(conn);
    PQfinish(conn);
    for (size_t at = password.empty() ? std::string::npos : reason.find(password);
         at != std::string::npos; at = reason.find(password, at)) {
      reason.replace(at, password.size(), "<redacted>");
    }
    return Status::Unavailable("cannot connect to the PostgreSQL catalog: " + reason);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<PostgresConnection>(new PostgresConnection(conn));
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

Result<SqlRows> PostgresConnection::Exec(std::string_view sql, const SqlParams& params) {
  const std::string text = RewritePlaceholders(sql);
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<Oid> types(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    if (const auto* number = std::get_if<int64_t>(&params[i])) {
      storage[i] = std::to_string(*number);
      values[i] = storage[i].c_str();
      types[i] = kInt8Oid;
    } else if (const auto* value = std::get_if<std::string>(&params[i])) {
      values[i] = value->c_str();
      types[i] = kTextOid;
    }
  }
  PGresult* result =
      PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), types.data(),
                   values.data(), /*paramLengths=*/nullptr, /*paramFormats=*/nullptr,
                   /*resultFormat=*/0);
  struct Cleanup {
    PGresult* result;
    ~Cleanup() { PQclear(result); }
  } cleanup{result};

  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    SqlRows out;
    const char* tuples = PQcmdTuples(result);
    out.affected = (tuples != nullptr && *tuples != '\0') ? std::atoll(tuples) : 0;
    const int rows = PQntuples(result);
    const int columns = PQnfields(result);
    out.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      SqlRow row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result, r, c) != 0) {
          row.emplace_back(std::monostate{});
          continue;
        }
        const Oid type = PQftype(result, c);
        const char* value = PQgetvalue(result, r, c);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          row.emplace_back(static_cast<int64_t>(std::strtoll(value, nullptr, 10)));
        } else {
          row.emplace_back(std::string(value, PQgetlength(result, r, c)));
        }
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return Status::Unavailable("lost the connection to the PostgreSQL catalog");
  }
  // Never PostgreSQL's primary message or detail: they may quote parameter values.
  const std::string state = result != nullptr ? Field(result, PG_DIAG_SQLSTATE) : "";
  std::string message = "catalog database error (SQLSTATE " + state + ")";
  if (const std::string constraint = Field(result, PG_DIAG_CONSTRAINT_NAME); !constraint.empty()) {
    message += " on constraint " + constraint;
  }
  if (state == "23505") return Status(StatusCode::kAlreadyExists, std::move(message));
  if (state == "23503") return Status::FailedPrecondition(std::move(message));
  // Connection exceptions, shutdown, too many connections, serialization failures, deadlocks:
  // the caller may try again.
  if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state == "53300" ||
      state == "40001" || state == "40P01") {
    return Status::Unavailable(std::move(message));
  }
  return Status::Internal(std::move(message));
}

Status PostgresConnection::Begin() { return Exec("BEGIN").status(); }

Status PostgresConnection::Commit() {
  PGresult* result = PQexec(conn_, "COMMIT");
  const bool ok = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
  // COMMIT of a failed transaction "succeeds" with the tag ROLLBACK: report it as the failure.
  const bool rolled_back = ok && std::strcmp(PQcmdStatus(result), "ROLLBACK") == 0;
  PQclear(result);
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return Status::Unavailable("lost the connection to the PostgreSQL catalog during commit");
  }
  if (!ok) return Status::Internal("catalog database error: commit failed");
  if (rolled_back) return Status::Internal("catalog transaction was rolled back");
  return Status::Ok();
}

Status PostgresConnection::Rollback() {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::Ok();
  Status status = Exec("ROLLBACK").status();
  if (!status.ok()) broken_ = true;
  return status;
}

bool PostgresConnection::Healthy() {
  if (broken_ || PQstatus(conn_) != CONNECTION_OK) return false;
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) return false;
  // An idle session receives nothing unless the server is closing it (shutdown, terminated
  // backend, idle timeout): readable means gone.
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (fd.fd < 0) return false;
  return poll(&fd, 1, 0) == 0;
}

}  // namespace trib
