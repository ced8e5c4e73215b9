#include "sql/mariadb/mariadb_options.h"

#include <charconv>
#include <optional>

#include "common/strings.h"
#include "sql/driver_options.h"

namespace trib::sql::mariadb {
namespace {

// "ssl-Mode" -> "sslmode": JDBC drivers disagree on spelling, not on meaning.
std::string NormalizeKey(std::string_view key) {
  std::string out;
  for (char c : ToLower(key)) {
    if (c != '-' && c != '_') out += c;
  }
  return out;
}

std::optional<bool> ParseBool(std::string_view value) {
  const std::string v = ToLower(value);
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return std::nullopt;
}

Result<bool> BoolOption(const std::string& key, const std::string& value) {
  std::optional<bool> b = ParseBool(value);
  if (!b) return Status::InvalidArgument(key, key + " must be true or false");
  return *b;
}

Result<int64_t> MillisOption(const std::string& key, const std::string& value) {
  int64_t ms = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, ms);
  if (ec != std::errc() || ptr != end || ms < 0) {
    return Status::InvalidArgument(key, key + " must be a number of milliseconds");
  }
  return ms;
}

Result<int64_t> SecondsOption(const std::string& key, const std::string& value) {
  int64_t s = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, s);
  if (ec != std::errc() || ptr != end || s < 0 || s > 31536000) {
    return Status::InvalidArgument(key, key + " must be a number of seconds");
  }
  return s;
}

Result<TlsMode> ParseTlsMode(const std::string& key, const std::string& value) {
  std::string v = ToLower(value);
  for (char& c : v) {
    if (c == '-') c = '_';
  }
  // MySQL Connector/J (DISABLED..VERIFY_IDENTITY), MariaDB Connector/J (disable, trust,
  // verify-ca, verify-full) and libpq (disable, allow, prefer, require, verify-ca, verify-full).
  if (v == "disabled" || v == "disable") return TlsMode::kDisabled;
  if (v == "preferred" || v == "prefer" || v == "allow") return TlsMode::kPreferred;
  if (v == "required" || v == "require" || v == "trust") return TlsMode::kRequired;
  // libmariadb checks the host name whenever it checks the chain: verify_ca is as strict.
  if (v == "verify_ca" || v == "verify_identity" || v == "verify_full") {
    return TlsMode::kVerifyIdentity;
  }
  return Status::InvalidArgument(
      key, key + " must be one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY");
}

bool IsUtf8Name(const std::string& value) {
  const std::string v = ToLower(value);
  return v == "utf8" || v == "utf-8" || v == "utf8mb4" || v == "utf8mb3";
}

}  // namespace

const std::vector<std::string>& KnownMariaDbOptionKeys() {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys;
    for (const DriverOption& option : DriverOptions(SqlDriverKind::kMariaDb)) {
      keys.emplace_back(option.name);
    }
    return keys;
  }();
  return kKeys;
}

Result<MariaDbOptions> ParseMariaDbOptions(const std::map<std::string, std::string>& options,
                                           int64_t connect_timeout_ms) {
  MariaDbOptions out;
  out.connect_timeout_ms = connect_timeout_ms;
  std::optional<bool> use_ssl, require_ssl, verify_cert;
  std::string legacy_key;  // the last of useSSL/requireSSL/verifyServerCertificate seen
  bool explicit_mode = false;

  for (const auto& [key, value] : options) {
    const std::string k = NormalizeKey(key);
    if (k == "sslmode") {
      TRIB_ASSIGN_OR_RETURN(out.tls, ParseTlsMode(key, value));
      out.tls_mode_key = key;
      explicit_mode = true;
    } else if (k == "usessl") {
      TRIB_ASSIGN_OR_RETURN(use_ssl, BoolOption(key, value));
      legacy_key = key;
    } else if (k == "requiressl") {
      TRIB_ASSIGN_OR_RETURN(require_ssl, BoolOption(key, value));
      legacy_key = key;
    } else if (k == "verifyservercertificate") {
      TRIB_ASSIGN_OR_RETURN(verify_cert, BoolOption(key, value));
      legacy_key = key;
    } else if (k == "sslca" || k == "serversslcert" || k == "sslrootcert") {
      out.ssl_ca = value;
    } else if (k == "sslcapath") {
      out.ssl_capath = value;
    } else if (k == "sslcert") {
      out.ssl_cert = value;
    } else if (k == "sslkey") {
      out.ssl_key = value;
    } else if (k == "tlsversion" || k == "enabledtlsprotocols" || k == "enabledsslprotocolsuites") {
      out.tls_version = value;
    } else if (k == "characterencoding" || k == "charset" || k == "characterset") {
      // Arrow strings are UTF-8: the session always reads utf8mb4, whatever the tables hold.
      if (!IsUtf8Name(value)) {
        return Status::InvalidArgument(
            key, key + " must be UTF-8 (utf8mb4): tributary always reads text as UTF-8");
      }
    } else if (k == "useunicode") {
      TRIB_ASSIGN_OR_RETURN(bool unicode, BoolOption(key, value));
      if (!unicode) {
        return Status::InvalidArgument(key, key + "=false is not supported: text is read as UTF-8");
      }
    } else if (k == "connecttimeout") {
      TRIB_ASSIGN_OR_RETURN(int64_t ms, MillisOption(key, value));
      if (ms == 0) return Status::InvalidArgument(key, key + " must be more than 0 ms");
      out.connect_timeout_ms = ms;
    } else if (k == "sockettimeout") {
      TRIB_ASSIGN_OR_RETURN(out.socket_timeout_ms, MillisOption(key, value));
    } else if (k == "nettimeoutforstreamingresults") {
      TRIB_ASSIGN_OR_RETURN(out.net_write_timeout_s, SecondsOption(key, value));
    } else if (k == "usecompression" || k == "compress") {
      TRIB_ASSIGN_OR_RETURN(out.compress, BoolOption(key, value));
    } else if (k == "useserverprepstmts") {
      TRIB_ASSIGN_OR_RETURN(out.server_prepared, BoolOption(key, value));
    } else if (k == "servertimezone" || k == "connectiontimezone") {
      // Ignored: the session runs in UTC so TIMESTAMP values arrive as UTC instants, and
      // DATETIME is read as the naive wall-clock value it is.
    } else if (k == "zerodatetimebehavior") {
      if (NormalizeKey(value) != "converttonull") {
        return Status::InvalidArgument(
            key, key + ": only CONVERT_TO_NULL is supported (zero dates are read as null)");
      }
    } else if (k == "allowpublickeyretrieval" || k == "tcpkeepalive") {
      // Accepted for JDBC URLs that carry them: libmariadb asks the server for its RSA key by
      // itself (caching_sha2_password), and always sets SO_KEEPALIVE.
      TRIB_RETURN_IF_ERROR(BoolOption(key, value).status());
    } else {
      return Status::InvalidArgument(key,
                                     "unknown MySQL/MariaDB option \"" + key +
                                         "\"; known options: " + Join(KnownMariaDbOptionKeys()));
    }
  }

  if (!explicit_mode && (use_ssl || require_ssl || verify_cert)) {
    // Connector/J's legacy flags; useSSL=true alone is taken as "TLS or fail" rather than
    // Connector/J's silent fall back to plain text.
    out.tls_mode_key = legacy_key;
    if (use_ssl == false) {
      out.tls = TlsMode::kDisabled;
    } else if (verify_cert == true) {
      out.tls = TlsMode::kVerifyIdentity;
    } else if (require_ssl == true || use_ssl == true) {
      out.tls = TlsMode::kRequired;
    }
  }
  return out;
}

}  // namespace trib::sql::mariadb
