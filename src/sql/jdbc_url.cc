#include "sql/jdbc_url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

#include "common/credential_keys.h"
#include "common/strings.h"
#include "sql/driver_options.h"
#include "sql/odbc/odbc_attribute_rules.h"
#include "sql/odbc/odbc_connection_string.h"

namespace trib::sql {

namespace {

constexpr std::string_view kField = "connection_string";

using Pairs = std::vector<std::pair<std::string, std::string>>;

Status Bad(std::string_view message) {
  return Status::InvalidArgument(std::string(kField),
                                 "'connection_string' " + std::string(message));
}

// A key whose value would be a credential; such values belong in arguments (stored
// encrypted). The same rule decides which arguments the vault keeps.
bool IsSecretKey(std::string_view key) { return IsCredentialKey(key); }

Status SecretInUrl(std::string_view key) {
  return Bad("must not carry a credential (parameter '" + std::string(key.substr(0, 64)) +
             "'): put it in arguments." + std::string(key.substr(0, 64)) +
             " so it is stored encrypted");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    const int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
    if (lo < 0) return Bad("has a '%' that is not followed by two hex digits");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// "a=1&b=2" (separators "&"; SQL Server style adds ";"): decoded pairs, in order.
Result<Pairs> ParseParameters(std::string_view query, std::string_view separators) {
  Pairs pairs;
  size_t start = 0;
  while (start <= query.size()) {
    const size_t end = std::min(query.find_first_of(separators, start), query.size());
    const std::string_view item = query.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    TRIB_ASSIGN_OR_RETURN(std::string key, PercentDecode(item.substr(0, eq)));
    if (key.empty()) return Bad("has a parameter without a name");
    if (IsSecretKey(key)) return SecretInUrl(key);
    std::string value;
    if (eq != std::string_view::npos) {
      TRIB_ASSIGN_OR_RETURN(value, PercentDecode(item.substr(eq + 1)));
    }
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

struct Authority {
  std::string user;
  std::string host;
  int port = 0;
};

Result<int> ParsePort(std::string_view text) {
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port < 1 ||
      port > 65535) {
    return Bad("has a port that is not a number from 1 to 65535");
  }
  return port;
}

// "[user@]host[:port][,host2...]", "[::1]:5432": the first host only.
Result<Authority> ParseAuthority(std::string_view authority) {
  Authority out;
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    if (userinfo.find(':') != std::string_view::npos) {
      return Bad(
          "must not carry a password in 'user:password@': put the user in arguments.user and "
          "the password in arguments.password so it is stored encrypted");
    }
    TRIB_ASSIGN_OR_RETURN(out.user, PercentDecode(userinfo));
    authority = authority.substr(at + 1);
  }
  authority = authority.substr(0, authority.find(','));  // several hosts: the first
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Bad("has an IPv6 address without ']'");
    out.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return Bad("has text after the IPv6 address");
      port = after.substr(1);
      if (port.empty()) return Bad("has a port that is not a number from 1 to 65535");
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return Bad("has a port that is not a number from 1 to 65535");
    }
  }
  if (!port.empty()) {
    TRIB_ASSIGN_OR_RETURN(out.port, ParsePort(port));
  }
  // Letters, digits, '-', '.', and ':' inside brackets: never options in disguise such as
  // MySQL's address=(host=...)(password=...).
  for (char c : out.host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_' &&
        c != ':' && c != '%') {
      return Bad("has a host that is not a host name or an IP address");
    }
  }
  return out;
}

// The parts of "//authority[/path][<sep>query]".
struct NetworkParts {
  Authority authority;
  std::string database;
  Pairs parameters;
};

Result<NetworkParts> ParseNetwork(std::string_view rest, std::string_view query_starts,
                                  std::string_view separators) {
  NetworkParts parts;
  rest.remove_prefix(2);  // "//"
  const size_t query_at = std::min(rest.find_first_of(query_starts), rest.size());
  const std::string_view query =
      query_at < rest.size() ? rest.substr(query_at + 1) : std::string_view();
  rest = rest.substr(0, query_at);
  const size_t slash = std::min(rest.find('/'), rest.size());
  TRIB_ASSIGN_OR_RETURN(parts.authority, ParseAuthority(rest.substr(0, slash)));
  if (slash < rest.size()) {
    TRIB_ASSIGN_OR_RETURN(parts.database, PercentDecode(rest.substr(slash + 1)));
  }
  TRIB_ASSIGN_OR_RETURN(parts.parameters, ParseParameters(query, separators));
  return parts;
}

// URL parameters, then arguments over them: "user" and "password" go to their fields.
void MergeOptions(const Pairs& url_parameters, const std::map<std::string, std::string>& arguments,
                  ConnectParams& params) {
  for (const auto& [key, value] : url_parameters) {
    if (key == "user") {
      params.user = value;
    } else {
      params.options[key] = value;
    }
  }
  for (const auto& [key, value] : arguments) {
    if (key == "user") {
      params.user = value;
    } else if (key == "password") {
      params.password = value;
    } else if (key == "odbc_driver") {
      continue;  // consumed by the ODBC forms; refused by the others before this
    } else {
      params.options[key] = value;
    }
  }
}

// JDBC drivers' connectTimeout becomes ConnectParams.connect_timeout_ms.
Status TakeConnectTimeout(ConnectParams& params, int64_t unit_ms) {
  const auto it = params.options.find("connectTimeout");
  if (it == params.options.end()) return Status::Ok();
  int64_t value = 0;
  const std::string& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > 86400000) {
    return Status::InvalidArgument("arguments.connectTimeout",
                                   unit_ms == 1000
                                       ? "connectTimeout must be a whole number of seconds"
                                       : "connectTimeout must be a whole number of milliseconds");
  }
  if (value > 0) params.connect_timeout_ms = value * unit_ms;  // 0: the driver's default
  params.options.erase(it);
  return Status::Ok();
}

Status RefuseOdbcDriver(const std::map<std::string, std::string>& arguments,
                        std::string_view subprotocol) {
  if (arguments.count("odbc_driver") != 0) {
    return Status::InvalidArgument("arguments.odbc_driver",
                                   "odbc_driver does not apply: jdbc:" + std::string(subprotocol) +
                                       " URLs are read by tributary's own driver");
  }
  return Status::Ok();
}

Result<JdbcTarget> PostgresOrMariaDb(SqlDriverKind kind, std::string_view subprotocol,
                                     std::string_view rest,
                                     const std::map<std::string, std::string>& arguments) {
  TRIB_RETURN_IF_ERROR(RefuseOdbcDriver(arguments, subprotocol));
  JdbcTarget target;
  target.driver = kind;
  if (kind == SqlDriverKind::kMariaDb && !rest.starts_with("//")) {
    // High-availability modes (jdbc:mariadb:failover://h1,h2/db): the first host is used.
    static constexpr std::array<std::string_view, 6> kModes = {
        "failover:",   "loadbalance:", "replication:",
        "sequential:", "aurora:",      "load-balance-read:"};
    for (std::string_view mode : kModes) {
      if (rest.starts_with(mode) && rest.substr(mode.size()).starts_with("//")) {
        rest.remove_prefix(mode.size());
        break;
      }
    }
  }
  NetworkParts parts;
  if (rest.starts_with("//")) {
    TRIB_ASSIGN_OR_RETURN(parts, ParseNetwork(rest, "?", "&"));
  } else if (kind == SqlDriverKind::kPostgres) {
    // PgJDBC's short forms: jdbc:postgresql:db and jdbc:postgresql:/ (localhost).
    const size_t query_at = std::min(rest.find('?'), rest.size());
    std::string_view db = rest.substr(0, query_at);
    if (db == "/") db = "";
    TRIB_ASSIGN_OR_RETURN(parts.database, PercentDecode(db));
    if (query_at < rest.size()) {
      TRIB_ASSIGN_OR_RETURN(parts.parameters, ParseParameters(rest.substr(query_at + 1), "&"));
    }
  } else {
    return Bad("must look like jdbc:" + std::string(subprotocol) + "://host[:port]/database");
  }
  if (parts.database.find('/') != std::string::npos) {
    return Bad("has a database name containing '/'");
  }
  ConnectParams& params = target.params;
  params.host = parts.authority.host.empty() ? "localhost" : parts.authority.host;
  params.port = parts.authority.port;
  params.database = parts.database;
  params.user = parts.authority.user;
  MergeOptions(parts.parameters, arguments, params);
  // PgJDBC counts connectTimeout in seconds, MariaDB Connector/J and MySQL in milliseconds.
  TRIB_RETURN_IF_ERROR(TakeConnectTimeout(params, kind == SqlDriverKind::kPostgres ? 1000 : 1));
  TRIB_RETURN_IF_ERROR(CheckDriverOptions(kind, params.options, arguments));
  return target;
}

// "PATH[?k=v&...]" of jdbc:sqlite: and jdbc:duckdb:; "file:" URIs are decoded.
Result<JdbcTarget> EmbeddedFile(SqlDriverKind kind, std::string_view subprotocol,
                                std::string_view rest,
                                const std::map<std::string, std::string>& arguments) {
  TRIB_RETURN_IF_ERROR(RefuseOdbcDriver(arguments, subprotocol));
  JdbcTarget target;
  target.driver = kind;
  const size_t query_at = std::min(rest.find('?'), rest.size());
  std::string_view path = rest.substr(0, query_at);
  Pairs parameters;
  if (query_at < rest.size()) {
    TRIB_ASSIGN_OR_RETURN(parameters, ParseParameters(rest.substr(query_at + 1), "&"));
  }
  std::string database;
  if (path.starts_with("file:")) {
    path.remove_prefix(5);
    if (path.starts_with("//")) {
      // file://[localhost]/abs/path
      path.remove_prefix(2);
      const size_t slash = std::min(path.find('/'), path.size());
      const std::string_view host = path.substr(0, slash);
      if (!host.empty() && host != "localhost") {
        return Bad("names a file on another host ('file://" + std::string(host) + "/...')");
      }
      path = path.substr(slash);
    }
    TRIB_ASSIGN_OR_RETURN(database, PercentDecode(path));
  } else {
    database = std::string(path);
  }
  if (database.empty()) database = ":memory:";
  target.params.database = database;
  MergeOptions(parameters, arguments, target.params);
  TRIB_RETURN_IF_ERROR(CheckDriverOptions(kind, target.params.options, arguments));
  return target;
}

bool IsAnyOf(std::string_view key, std::initializer_list<std::string_view> names) {
  const std::string lower = ToLower(key);
  return std::find(names.begin(), names.end(), lower) != names.end();
}

// Credentials out of the attributes into their fields, then arguments over the attributes.
// `driver_field` names where a Driver attribute in `attributes` came from.
Result<JdbcTarget> OdbcTarget(OdbcAttributes attributes,
                              const std::map<std::string, std::string>& arguments,
                              std::string_view driver_field) {
  JdbcTarget target;
  target.driver = SqlDriverKind::kOdbc;
  ConnectParams& params = target.params;
  OdbcAttributes kept;
  std::map<std::string, std::string> origin;  // lower-case key -> the field that set it
  for (auto& attribute : attributes) {
    if (IsSecretKey(attribute.key)) return SecretInUrl(attribute.key);
    const std::string lower = ToLower(attribute.key);
    const std::string_view field = lower == "driver" ? driver_field : kField;
    TRIB_RETURN_IF_ERROR(CheckOdbcAttribute(attribute.key, attribute.value, field));
    if (IsAnyOf(attribute.key, {"uid", "user", "username"})) {
      params.user = std::move(attribute.value);  // ConnectOdbc adds it back as UID
    } else {
      origin[lower] = std::string(field);
      kept.push_back(std::move(attribute));
    }
  }
  for (const auto& [key, value] : arguments) {
    const std::string field = "arguments." + key.substr(0, 64);
    if (key == "user") {
      params.user = value;
    } else if (key == "password") {
      params.password = value;
    } else if (key == "odbc_driver") {
      TRIB_RETURN_IF_ERROR(CheckOdbcDriverName(value, field));
      if (!HasOdbcAttribute(kept, "driver") && !HasOdbcAttribute(kept, "dsn")) {
        kept.insert(kept.begin(), OdbcAttribute{"Driver", UnbraceOdbcName(value)});
        origin["driver"] = field;
      }
    } else if (IsAnyOf(key, {"uid", "pwd", "username"})) {
      return Status::InvalidArgument(field,
                                     "use arguments.user and arguments.password for ODBC "
                                     "credentials");
    } else {
      TRIB_RETURN_IF_ERROR(CheckOdbcAttribute(key, value, field));
      SetOdbcAttribute(kept, key, value);
      origin[ToLower(key)] = field;
    }
  }
  for (auto& attribute : kept) {
    const std::string lower = ToLower(attribute.key);
    if (lower == "driver") {
      attribute.value = UnbraceOdbcName(attribute.value);
      target.odbc.driver = attribute.value;
      target.odbc.driver_field = origin[lower];
    } else if (lower == "dsn") {
      attribute.value = UnbraceOdbcName(attribute.value);
      target.odbc.dsn = attribute.value;
      target.odbc.dsn_field = origin[lower];
    }
  }
  if (target.odbc.driver.empty() && target.odbc.dsn.empty()) {
    return Bad(
        "names no ODBC data source: give a DSN name, DSN=..., Driver=... or "
        "arguments.odbc_driver");
  }
  params.odbc_connection_string = FormatOdbcConnectionString(kept);
  return target;
}

// jdbc:odbc:<connection string | DSN name[;attributes]>
Result<JdbcTarget> OdbcBridge(std::string_view rest,
                              const std::map<std::string, std::string>& arguments) {
  if (rest.empty()) {
    return Bad("must name an ODBC data source: jdbc:odbc:<DSN name or connection string>");
  }
  auto attributes = ParseOdbcConnectionString(rest);
  if (!attributes.ok()) return Bad(attributes.status().message());
  return OdbcTarget(std::move(*attributes), arguments, kField);
}

// jdbc:<other>://host[:port][/db][?k=v&...|;k=v;...] through the ODBC driver in arguments.
Result<JdbcTarget> GenericOdbc(std::string_view subprotocol, std::string_view rest,
                               const std::map<std::string, std::string>& arguments) {
  // The URL first: a credential in it is refused whatever else is missing.
  TRIB_ASSIGN_OR_RETURN(NetworkParts parts, ParseNetwork(rest, "?;", "&;"));
  if (parts.authority.host.empty()) return Bad("names no host");
  const auto driver = arguments.find("odbc_driver");
  if (driver == arguments.end() || driver->second.empty()) {
    return Status::InvalidArgument(
        "arguments.odbc_driver",
        "jdbc:" + std::string(subprotocol) +
            " is read through ODBC: set arguments.odbc_driver to the name of an ODBC driver "
            "registered in odbcinst.ini");
  }
  TRIB_RETURN_IF_ERROR(CheckOdbcDriverName(driver->second, "arguments.odbc_driver"));
  OdbcAttributes attributes = {{"Driver", UnbraceOdbcName(driver->second)},
                               {"Server", parts.authority.host}};
  if (parts.authority.port != 0) {
    attributes.push_back({"Port", std::to_string(parts.authority.port)});
  }
  if (!parts.database.empty()) attributes.push_back({"Database", parts.database});
  if (!parts.authority.user.empty()) attributes.push_back({"UID", parts.authority.user});
  // A URL parameter naming the driver replaces odbc_driver, and is then the field to blame.
  std::string_view driver_field = "arguments.odbc_driver";
  for (auto& [key, value] : parts.parameters) {
    TRIB_RETURN_IF_ERROR(CheckOdbcAttribute(key, value, kField));
    if (ToLower(key) == "driver") driver_field = kField;
    SetOdbcAttribute(attributes, key, value);
  }
  return OdbcTarget(std::move(attributes), arguments, driver_field);
}

}  // namespace

Result<JdbcTarget> ParseJdbcUrl(std::string_view url,
                                const std::map<std::string, std::string>& arguments) {
  if (ToLower(url.substr(0, 5)) != "jdbc:") {
    return Bad("must be a JDBC URL starting with jdbc:, e.g. jdbc:postgresql://host:5432/db");
  }
  std::string_view rest = url.substr(5);
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Bad("must be a JDBC URL: jdbc:<subprotocol>:<address>");
  }
  const std::string subprotocol = ToLower(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  if (subprotocol == "postgresql") {
    return PostgresOrMariaDb(SqlDriverKind::kPostgres, subprotocol, rest, arguments);
  }
  if (subprotocol == "mysql" || subprotocol == "mariadb") {
    return PostgresOrMariaDb(SqlDriverKind::kMariaDb, subprotocol, rest, arguments);
  }
  if (subprotocol == "sqlite") {
    return EmbeddedFile(SqlDriverKind::kSqlite, subprotocol, rest, arguments);
  }
  if (subprotocol == "duckdb") {
    return EmbeddedFile(SqlDriverKind::kDuckDb, subprotocol, rest, arguments);
  }
  if (subprotocol == "odbc") return OdbcBridge(rest, arguments);
  if (rest.starts_with("//")) return GenericOdbc(subprotocol, rest, arguments);
  return Bad("jdbc:" + subprotocol + " is read through ODBC only in the form jdbc:" + subprotocol +
             "://host[:port][/database]; or use jdbc:odbc:<ODBC connection string>");
}

std::string_view SqlDriverKindName(SqlDriverKind kind) {
  switch (kind) {
    case SqlDriverKind::kPostgres:
      return "postgresql";
    case SqlDriverKind::kMariaDb:
      return "mariadb";
    case SqlDriverKind::kSqlite:
      return "sqlite";
    case SqlDriverKind::kDuckDb:
      return "duckdb";
    case SqlDriverKind::kOdbc:
      return "odbc";
  }
  return "odbc";
}

}  // namespace trib::sql
