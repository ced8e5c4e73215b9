#include "sql/mariadb/mariadb_connection.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <vector>

namespace trib::sql::mariadb {
namespace {

constexpr int kDefaultPort = 3306;
// A KILL QUERY must not hang the thread that cancels: its connection gets at most this long.
constexpr int64_t kKillConnectTimeoutMs = 3000;

// libmariadb's global state must be set up once, before threads race into mysql_init.
void EnsureLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

unsigned SecondsRoundedUp(int64_t ms) {
  return static_cast<unsigned>(std::max<int64_t>(1, (ms + 999) / 1000));
}

void SetTls(MYSQL* m, const MariaDbOptions& o) {
  my_bool on = 1, off = 0;
  if (o.tls == TlsMode::kDisabled) {
    mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &off);
    mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &off);
    return;
  }
  // libmariadb 3.3: "enforce" without verification still falls back to plain text when the
  // server has no TLS, i.e. it is PREFERRED; REQUIRED is checked after the connect.
  mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
  my_bool verify = o.tls == TlsMode::kVerifyIdentity ? 1 : 0;
  mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
  if (!o.ssl_ca.empty()) mysql_options(m, MYSQL_OPT_SSL_CA, o.ssl_ca.c_str());
  if (!o.ssl_capath.empty()) mysql_options(m, MYSQL_OPT_SSL_CAPATH, o.ssl_capath.c_str());
  if (!o.ssl_cert.empty()) mysql_options(m, MYSQL_OPT_SSL_CERT, o.ssl_cert.c_str());
  if (!o.ssl_key.empty()) mysql_options(m, MYSQL_OPT_SSL_KEY, o.ssl_key.c_str());
  if (!o.tls_version.empty()) mysql_options(m, MARIADB_OPT_TLS_VERSION, o.tls_version.c_str());
}

}  // namespace

ServerError LastError(MYSQL* m) { return {mysql_errno(m), mysql_sqlstate(m), mysql_error(m)}; }

ServerError LastError(MYSQL_STMT* stmt) {
  return {mysql_stmt_errno(stmt), mysql_stmt_sqlstate(stmt), mysql_stmt_error(stmt)};
}

std::string Endpoint(const ConnectParams& params) {
  const std::string host = params.host.empty() ? "localhost" : params.host;
  const int port = params.port > 0 ? params.port : kDefaultPort;
  // IPv6 literals are bracketed so the port stays readable.
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

Result<MysqlPtr> OpenConnection(const ConnectParams& params, const MariaDbOptions& options,
                                int64_t timeout_ms) {
  EnsureLibrary();
  MysqlPtr m(mysql_init(nullptr));
  if (!m) return Status::Internal("mysql_init failed (out of memory)");
  if (timeout_ms <= 0) timeout_ms = options.connect_timeout_ms;

  // TCP even for "localhost", which libmariadb would otherwise take as the default socket.
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(m.get(), MYSQL_OPT_PROTOCOL, &protocol);
  // The connect timeout also bounds the handshake reads; afterwards libmariadb switches to the
  // read/write timeouts, which stay off by default so long statements can run (the statement
  // timeout is enforced by the server instead).
  unsigned connect_seconds = SecondsRoundedUp(timeout_ms);
  mysql_options(m.get(), MYSQL_OPT_CONNECT_TIMEOUT, &connect_seconds);
  if (options.socket_timeout_ms > 0) {
    unsigned io_seconds = SecondsRoundedUp(options.socket_timeout_ms);
    mysql_options(m.get(), MYSQL_OPT_READ_TIMEOUT, &io_seconds);
    mysql_options(m.get(), MYSQL_OPT_WRITE_TIMEOUT, &io_seconds);
  }
  mysql_options(m.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // TIMESTAMP values then arrive as UTC; DATETIME is unaffected (it has no zone). A streamed
  // result waits on its consumer: the server must not give up after its default 60 s.
  std::string init = "SET time_zone = '+00:00'";
  if (options.net_write_timeout_s > 0) {
    init += ", net_write_timeout = " + std::to_string(options.net_write_timeout_s);
  }
  mysql_options(m.get(), MYSQL_INIT_COMMAND, init.c_str());
  if (params.read_only) {
    // A second init command: every transaction of the session is READ ONLY.
    mysql_options(m.get(), MYSQL_INIT_COMMAND, "SET SESSION TRANSACTION READ ONLY");
  }
  // A server must never be able to read client files (LOAD DATA LOCAL INFILE).
  unsigned local_infile = 0;  // this option takes an unsigned int, the others a my_bool
  mysql_options(m.get(), MYSQL_OPT_LOCAL_INFILE, &local_infile);
  my_bool reconnect = 0;  // a new connection would lose the session's settings silently
  mysql_options(m.get(), MYSQL_OPT_RECONNECT, &reconnect);
  if (options.compress) mysql_options(m.get(), MYSQL_OPT_COMPRESS, nullptr);
  SetTls(m.get(), options);

  const std::string host = params.host.empty() ? "localhost" : params.host;
  const unsigned port = static_cast<unsigned>(params.port > 0 ? params.port : kDefaultPort);
  // Resolved once and checked against the egress allowlist; the connection goes to the first
  // checked address. Only a certificate check on the host name needs the name itself: then
  // libmariadb resolves it again and the peer it reached is checked after the connect.
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                        params.egress.Resolve(host, static_cast<int>(port)));
  const bool by_name = options.tls == TlsMode::kVerifyIdentity;
  const std::string& target = by_name ? host : addresses.front();
  const auto start = std::chrono::steady_clock::now();
  if (mysql_real_connect(m.get(), target.c_str(), params.user.c_str(), params.password.c_str(),
                         params.database.empty() ? nullptr : params.database.c_str(), port, nullptr,
                         0) == nullptr) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    return ConnectError(LastError(m.get()), Endpoint(params), elapsed.count(),
                        static_cast<int64_t>(connect_seconds) * 1000);
  }
  if (by_name) {
    TRIB_RETURN_IF_ERROR(params.egress.CheckPeer(
        host, static_cast<int>(port), static_cast<int>(mysql_get_socket(m.get())), addresses));
  }
  if (options.tls == TlsMode::kRequired && mysql_get_ssl_cipher(m.get()) == nullptr) {
    return Status(StatusCode::kUnavailable,
                  "MySQL/MariaDB server at " + Endpoint(params) + " does not offer TLS, which " +
                      (options.tls_mode_key.empty() ? "sslMode" : options.tls_mode_key) +
                      " requires",
                  options.tls_mode_key.empty() ? "sslMode" : options.tls_mode_key);
  }
  return m;
}

Status KillQuery(const ConnectParams& params, const MariaDbOptions& options,
                 unsigned long thread_id) {
  TRIB_ASSIGN_OR_RETURN(
      MysqlPtr killer,
      OpenConnection(params, options, std::min(options.connect_timeout_ms, kKillConnectTimeoutMs)));
  const std::string sql = "KILL QUERY " + std::to_string(thread_id);
  if (mysql_real_query(killer.get(), sql.data(), sql.size()) != 0) {
    return QueryError(LastError(killer.get()), false, 0);
  }
  return Status::Ok();
}

}  // namespace trib::sql::mariadb
