#include "sql/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "common/strings.h"
#include "sql/driver_options.h"
#include "sql/postgres/pg_errors.h"

namespace trib::sql::pg {

namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {
  // NOTICEs ("table does not exist, skipping") would go to stderr otherwise.
}

Result<ResultPtr> Checked(pg_conn* conn, PGresult* raw, const std::string& password,
                          const CancelToken* cancel) {
  ResultPtr result(raw);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  return StatementFailure(result.get(), conn, password, cancel);
}

}  // namespace

void ConnDeleter::operator()(pg_conn* conn) const { PQfinish(conn); }
void ResultDeleter::operator()(pg_result* result) const { PQclear(result); }

Result<int> ValidateOptions(const ConnectParams& params) {
  int read_connections = kDefaultReadConnections;
  for (const auto& [key, value] : params.options) {
    if (key == kReadConnectionsOption) {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > kMaxReadConnections) {
        return Status::InvalidArgument("arguments." + key,
                                       "read_connections must be a whole number from 1 to " +
                                           std::to_string(kMaxReadConnections));
      }
      read_connections = static_cast<int>(n);
    } else if (FindDriverOption(SqlDriverKind::kPostgres, key) == nullptr) {
      // Only declared keywords: libpq's others read files (service, passfile) or bypass
      // the checked host (hostaddr, options).
      return Status::InvalidArgument("arguments." + key.substr(0, 64),
                                     "'" + key.substr(0, 64) + "' is not a PostgreSQL option");
    }
  }
  return read_connections;
}

Status StartReadOnly(pg_conn* conn, const std::string& password) {
  // Every later transaction of the session is READ ONLY; inside one, a query cannot switch
  // back (PostgreSQL refuses read-write once the transaction has taken its snapshot).
  return Exec(conn, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", password).status();
}

Result<ConnPtr> OpenConnection(const ConnectParams& params) {
  // Resolved once and checked against the egress allowlist: libpq connects to the checked
  // addresses (hostaddr) and keeps the name (host) for TLS verification and SNI. No host is
  // localhost over TCP: a Unix-domain socket is no destination the allowlist can name.
  const std::string host = params.host.empty() ? "localhost" : params.host;
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                        params.egress.Resolve(host, params.port > 0 ? params.port : 5432));
  std::string hosts, hostaddrs;
  for (const std::string& address : addresses) {
    hosts += (hosts.empty() ? "" : ",") + host;
    hostaddrs += (hostaddrs.empty() ? "" : ",") + address;
  }
  std::vector<std::pair<std::string, std::string>> settings;
  settings.emplace_back("host", hosts);
  settings.emplace_back("hostaddr", hostaddrs);
  if (params.port > 0) settings.emplace_back("port", std::to_string(params.port));
  if (!params.database.empty()) settings.emplace_back("dbname", params.database);
  if (!params.user.empty()) settings.emplace_back("user", params.user);
  if (!params.password.empty()) settings.emplace_back("password", params.password);
  if (params.connect_timeout_ms > 0) {
    // libpq counts whole seconds (and takes 1 as 2): round up, never down to "no limit".
    settings.emplace_back("connect_timeout",
                          std::to_string((params.connect_timeout_ms + 999) / 1000));
  }
  // Binary text values arrive in the client encoding; Arrow wants UTF-8.
  settings.emplace_back("client_encoding", "UTF8");
  settings.emplace_back("fallback_application_name", "tributary");
  // libpq would fall back to the server account's own ~/.pgpass, client certificate and
  // Kerberos ticket: a data source logs in with what its definition says, nothing else.
  constexpr const char* kNoFile = "/nonexistent/tributary-none";
  settings.emplace_back("passfile", kNoFile);
  if (params.options.count("sslcert") == 0) settings.emplace_back("sslcert", kNoFile);
  if (params.options.count("sslkey") == 0) settings.emplace_back("sslkey", kNoFile);
  if (params.options.count("gssencmode") == 0) settings.emplace_back("gssencmode", "disable");
  for (const auto& [key, value] : params.options) {
    if (key == kReadConnectionsOption) continue;
    if (key == "ssl") {
      // PgJDBC's (and Redshift's) switch; an explicit sslmode says more.
      if (params.options.count("sslmode") == 0) {
        const std::string v = ToLower(value);
        settings.emplace_back("sslmode",
                              v == "true" || v == "1" || v == "yes" ? "require" : "disable");
      }
      continue;
    }
    settings.emplace_back(key == "ApplicationName" ? "application_name" : key, value);
  }
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [key, value] : settings) {
    keywords.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  // expand_dbname = 0: a database name is a name, never a connection string.
  ConnPtr conn(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/0));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) return ConnectFailure(conn.get(), params);
  PQsetNoticeProcessor(conn.get(), IgnoreNotice, nullptr);
  return conn;
}

Result<ResultPtr> Exec(pg_conn* conn, const std::string& sql, const std::string& password,
                       const CancelToken* cancel) {
  return Checked(conn, PQexec(conn, sql.c_str()), password, cancel);
}

Result<ResultPtr> ExecParams(pg_conn* conn, const std::string& sql,
                             const std::vector<std::string>& params, const std::string& password,
                             const CancelToken* cancel) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  return Checked(conn,
                 PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()), nullptr,
                              values.data(), nullptr, nullptr, /*resultFormat=*/0),
                 password, cancel);
}

void DrainResults(pg_conn* conn) {
  while (PGresult* r = PQgetResult(conn)) {
    const ExecStatusType status = PQresultStatus(r);
    PQclear(r);
    if (status == PGRES_COPY_OUT) {
      // Only reached when a COPY was abandoned: swallow the rest of its rows.
      char* buffer = nullptr;
      while (PQgetCopyData(conn, &buffer, 0) > 0) PQfreemem(buffer);
    } else if (status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
      PQputCopyEnd(conn, "cancelled");
    }
    if (PQstatus(conn) == CONNECTION_BAD) return;
  }
}

}  // namespace trib::sql::pg
