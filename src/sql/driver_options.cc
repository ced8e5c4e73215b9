#include "sql/driver_options.h"

#include <algorithm>
#include <charconv>

#include "common/strings.h"

namespace trib::sql {

namespace {

using K = OptionKind;

const std::vector<DriverOption>& PostgresOptions() {
  static const std::vector<DriverOption> options = {
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
      {"channel_binding", K::kChoice, "SCRAM channel binding", {"disable", "prefer", "require"}},
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
  };
  return options;
}

const std::vector<DriverOption>& MariaDbOptions() {
  static const std::vector<DriverOption> options = {
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
  };
  return options;
}

const std::vector<DriverOption>& SqliteOptions() {
  static const std::vector<DriverOption> options = {
      {"busy_timeout", K::kInteger, "milliseconds to wait for a locked database"},
      {"mode",
       K::kChoice,
       "ro (reads always open read-only), rw, or memory",
       {"ro", "rw", "memory"}},
  };
  return options;
}

// Settings that change only how DuckDB computes: everything that reaches files, extensions or
// the configuration itself is fixed by tributary (see ConnectDuckDb).
const std::vector<DriverOption>& DuckDbOptions() {
  static const std::vector<DriverOption> options = {
      {"access_mode", K::kChoice, "reads open database files read-only", {"read_only"}},
      {"threads", K::kInteger, "worker threads of the query (at most 64)", {}, false, 64},
      {"memory_limit", K::kText, "memory the database may use, e.g. 1GB"},
      {"max_memory", K::kText, "alias of memory_limit"},
      {"default_order", K::kChoice, "ORDER BY direction when none is given", {"asc", "desc"}},
      {"default_null_order",
       K::kChoice,
       "where NULLs sort",
       {"nulls_first", "nulls_last", "nulls_first_on_asc_last_on_desc",
        "nulls_last_on_asc_first_on_desc"}},
      {"TimeZone", K::kText, "time zone of TIMESTAMPTZ values, e.g. Europe/Berlin"},
      {"preserve_insertion_order", K::kBoolean, "keep row order where the query does not say"},
  };
  return options;
}

std::string MatchKey(SqlDriverKind driver, std::string_view key) {
  switch (driver) {
    case SqlDriverKind::kMariaDb: {
      std::string out;
      for (char c : ToLower(key)) {
        if (c != '-' && c != '_') out += c;
      }
      return out;
    }
    case SqlDriverKind::kDuckDb:
      return ToLower(key);
    default:
      return std::string(key);
  }
}

bool ParsesAsInteger(std::string_view value, int64_t max) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  return !value.empty() && ec == std::errc() && end == value.data() + value.size() && n >= 0 &&
         (max == 0 || n <= max);
}

bool ParsesAsBoolean(std::string_view value) {
  const std::string v = ToLower(value);
  return v == "true" || v == "false" || v == "1" || v == "0" || v == "yes" || v == "no";
}

std::string Names(const std::vector<DriverOption>& options) {
  std::vector<std::string> names;
  for (const DriverOption& option : options) names.emplace_back(option.name);
  return names.empty() ? "none" : Join(names);
}

// How messages name an option: by its field, or inside the URL.
std::string Label(const std::string& key, const std::string& field) {
  return field == "connection_string" ? "connection_string parameter '" + key.substr(0, 64) + "'"
                                      : "'" + field + "'";
}

Status CheckValue(const DriverOption& option, std::string_view value, const std::string& key,
                  const std::string& field) {
  const std::string name = Label(key, field);
  switch (option.kind) {
    case K::kInteger:
      if (!ParsesAsInteger(value, option.max)) {
        return Status::InvalidArgument(
            field, name + " must be a whole number" +
                       (option.max > 0 ? " from 0 to " + std::to_string(option.max) : ""));
      }
      break;
    case K::kBoolean:
      if (!ParsesAsBoolean(value)) {
        return Status::InvalidArgument(field, name + " must be true or false");
      }
      break;
    case K::kChoice: {
      const std::string lower = ToLower(value);
      const bool listed =
          std::any_of(option.choices.begin(), option.choices.end(),
                      [&](std::string_view choice) { return ToLower(choice) == lower; });
      if (!listed) {
        std::vector<std::string> choices(option.choices.begin(), option.choices.end());
        return Status::InvalidArgument(field, name + " must be one of " + Join(choices));
      }
      break;
    }
    case K::kProjectFile:
    case K::kText:
      if (value.find('\0') != std::string_view::npos) {
        return Status::InvalidArgument(field, name + " must not contain NUL");
      }
      break;
  }
  return Status::Ok();
}

}  // namespace

std::string_view OptionKindName(OptionKind kind) {
  switch (kind) {
    case K::kText:
      return "text";
    case K::kInteger:
      return "integer";
    case K::kBoolean:
      return "boolean";
    case K::kChoice:
      return "choice";
    case K::kProjectFile:
      return "project_file";
  }
  return "text";
}

const std::vector<DriverOption>& DriverOptions(SqlDriverKind driver) {
  static const std::vector<DriverOption> none;
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
  const std::string wanted = MatchKey(driver, key);
  for (const DriverOption& option : DriverOptions(driver)) {
    if (MatchKey(driver, option.name) == wanted) return &option;
  }
  return nullptr;
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
                     " option; allowed: " + Names(DriverOptions(driver)));
    }
    TRIB_RETURN_IF_ERROR(CheckValue(*option, value, key, field));
  }
  return Status::Ok();
}

}  // namespace trib::sql
