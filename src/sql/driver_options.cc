#include "sql/driver_options.h"

namespace trib::sql {

namespace {

using K = OptionKind;

const OptionTable& PostgresOptions() {
  static const OptionTable table = {
      "PostgreSQL",
      KeyMatch::kExact,
      {
          {"sslmode",
           K::kChoice,
           "TLS use and checking",
           {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
          {"ssl", K::kBoolean, "PgJDBC's switch: true is sslmode=require unless sslmode is given"},
          {"sslrootcert", K::kProjectFile, "CA certificates that verify the server (project file)"},
          {"sslcert", K::kProjectFile, "client certificate (project file)"},
          {"sslkey", K::kProjectFile, "client private key (project file)"},
          {"sslcrl", K::kProjectFile, "certificate revocation list (project file)"},
          {"sslpassword", K::kText, "passphrase of the client key", {}, true},
          {"sslcompression", K::kChoice, "TLS compression", {"0", "1"}},
          {"sslsni", K::kChoice, "send the host name in the TLS handshake", {"0", "1"}},
          {"ssl_min_protocol_version",
           K::kChoice,
           "oldest TLS version allowed",
           {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}},
          {"ssl_max_protocol_version",
           K::kChoice,
           "newest TLS version allowed",
           {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}},
          {"channel_binding",
           K::kChoice,
           "SCRAM channel binding",
           {"disable", "prefer", "require"}},
          {"gssencmode", K::kChoice, "GSSAPI encryption", {"disable", "prefer", "require"}},
          {"application_name", K::kText, "shown in pg_stat_activity"},
          {"ApplicationName", K::kText, "PgJDBC's name for application_name"},
          {"connectTimeout", K::kInteger, "seconds to wait for a connection (PgJDBC's name)"},
          {"keepalives", K::kChoice, "TCP keepalives", {"0", "1"}},
          {"keepalives_idle", K::kInteger, "seconds of silence before a keepalive"},
          {"keepalives_interval", K::kInteger, "seconds between unanswered keepalives"},
          {"keepalives_count", K::kInteger, "keepalives lost before the connection is dead"},
          {"tcp_user_timeout", K::kInteger, "milliseconds unacknowledged data may wait"},
          {"target_session_attrs",
           K::kChoice,
           "which of several hosts to use",
           {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}},
          {"read_connections", K::kInteger,
           "connections a table read splits into (1-16; tributary's own option)"},
      }};
  return table;
}

const OptionTable& MariaDbOptions() {
  static const OptionTable table = {
      "MySQL/MariaDB",
      KeyMatch::kLoose,
      {
          {"sslMode", K::kText,
           "DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY (libpq and MariaDB "
           "Connector/J spellings too)"},
          {"useSSL", K::kBoolean, "Connector/J's legacy switch for TLS"},
          {"requireSSL", K::kBoolean, "Connector/J's legacy TLS-or-fail switch"},
          {"verifyServerCertificate", K::kBoolean, "Connector/J's legacy certificate check"},
          {"sslCa", K::kProjectFile, "CA certificates that verify the server (project file)"},
          {"serverSslCert", K::kProjectFile, "the server's certificate (project file)"},
          {"sslCaPath", K::kProjectFile, "directory of CA certificates (in the project)"},
          {"sslCert", K::kProjectFile, "client certificate (project file)"},
          {"sslKey", K::kProjectFile, "client private key (project file)"},
          {"tlsVersion", K::kText, "TLS versions allowed, e.g. TLSv1.2,TLSv1.3"},
          {"enabledTLSProtocols", K::kText, "Connector/J's name for tlsVersion"},
          {"characterEncoding", K::kText, "must be UTF-8 (text is read as utf8mb4)"},
          {"useUnicode", K::kBoolean, "must be true"},
          {"connectTimeout", K::kInteger, "milliseconds to wait for a connection"},
          {"socketTimeout", K::kInteger, "milliseconds a read may wait for the server"},
          {"useCompression", K::kBoolean, "compress the protocol"},
          {"serverTimezone", K::kText, "accepted and ignored: the session runs in UTC"},
          {"connectionTimeZone", K::kText, "accepted and ignored: the session runs in UTC"},
          {"zeroDateTimeBehavior", K::kText, "only CONVERT_TO_NULL"},
          {"allowPublicKeyRetrieval", K::kBoolean, "accepted; libmariadb asks for the key itself"},
          {"tcpKeepAlive", K::kBoolean, "accepted; keepalives are always on"},
          {"useServerPrepStmts", K::kBoolean, "binary protocol through prepared statements"},
          {"netTimeoutForStreamingResults", K::kInteger,
           "seconds the server waits for the client while streaming (net_write_timeout)"},
      }};
  return table;
}

const OptionTable& SqliteOptions() {
  static const OptionTable table = {
      "SQLite",
      KeyMatch::kExact,
      {
          {"busy_timeout", K::kInteger, "milliseconds to wait for a locked database"},
          {"mode",
           K::kChoice,
           "ro (reads always open read-only), rw, or memory",
           {"ro", "rw", "memory"}},
      }};
  return table;
}

// Settings that change only how DuckDB computes: everything that reaches files, extensions or
// the configuration itself is fixed by tributary (see ConnectDuckDb).
const OptionTable& DuckDbOptions() {
  static const OptionTable table = {
      "DuckDB",
      KeyMatch::kAnyCase,
      {
          {"access_mode", K::kChoice, "reads open database files read-only", {"read_only"}},
          {"threads", K::kInteger, "worker threads of the query (at most 64)", {}, false, 64},
          {"memory_limit", K::kByteSize,
           "memory the database may use, e.g. 1GB; at most half of the server's memory (the "
           "default)"},
          {"max_memory", K::kByteSize, "alias of memory_limit"},
          {"default_order", K::kChoice, "ORDER BY direction when none is given", {"asc", "desc"}},
          {"default_null_order",
           K::kChoice,
           "where NULLs sort",
           {"nulls_first", "nulls_last", "nulls_first_on_asc_last_on_desc",
            "nulls_last_on_asc_first_on_desc"}},
          {"TimeZone", K::kText, "time zone of TIMESTAMPTZ values, e.g. Europe/Berlin"},
          {"preserve_insertion_order", K::kBoolean, "keep row order where the query does not say"},
      }};
  return table;
}

// How messages name an option: by its field, or inside the URL.
std::string Label(const std::string& key, const std::string& field) {
  return field == "connection_string" ? "connection_string parameter '" + key.substr(0, 64) + "'"
                                      : "'" + field + "'";
}

}  // namespace

const OptionTable& DriverOptionTable(SqlDriverKind driver) {
  static const OptionTable none = {"ODBC", KeyMatch::kExact, {}};
  switch (driver) {
    case SqlDriverKind::kPostgres:
      return PostgresOptions();
    case SqlDriverKind::kMariaDb:
      return MariaDbOptions();
    case SqlDriverKind::kSqlite:
      return SqliteOptions();
    case SqlDriverKind::kDuckDb:
      return DuckDbOptions();
    case SqlDriverKind::kOdbc:
      return none;
  }
  return none;
}

const DriverOption* FindDriverOption(SqlDriverKind driver, std::string_view key) {
  return DriverOptionTable(driver).Find(key);
}

Status CheckDriverOptions(SqlDriverKind driver, const std::map<std::string, std::string>& options,
                          const std::map<std::string, std::string>& arguments) {
  if (driver == SqlDriverKind::kOdbc) return Status::Ok();
  for (const auto& [key, value] : options) {
    const std::string field =
        arguments.count(key) != 0 ? "arguments." + key.substr(0, 64) : "connection_string";
    const DriverOption* option = FindDriverOption(driver, key);
    if (option == nullptr) {
      return Status::InvalidArgument(
          field, Label(key, field) + " is not a " + std::string(SqlDriverKindName(driver)) +
                     " option; allowed: " + DriverOptionTable(driver).Names());
    }
    TRIB_RETURN_IF_ERROR(CheckOptionValue(*option, value, field, Label(key, field)));
  }
  return Status::Ok();
}

}  // namespace trib::sql
