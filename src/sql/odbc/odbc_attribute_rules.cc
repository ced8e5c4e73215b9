#include "sql/odbc/odbc_attribute_rules.h"

#include <algorithm>
#include <array>

#include "common/strings.h"

namespace trib::sql {

namespace {

// Lower-case keys a definition may not set, and why.
struct RefusedKey {
  std::string_view key;
  std::string_view why;
};

constexpr std::array<RefusedKey, 19> kRefusedKeys = {{
    {"filedsn", "makes the driver manager read a file DSN from a path"},
    {"savefile", "makes the driver manager write the connection to a file"},
    {"odbcini", "names an ini file for the driver manager to read"},
    {"odbcsysini", "names a directory of ini files for the driver manager to read"},
    {"dmenvattr", "sets driver-manager attributes (trace files among them)"},
    {"dmconnattr", "sets driver-manager attributes (trace files among them)"},
    {"dmstmtattr", "sets driver-manager attributes"},
    {"trace", "turns on driver-manager tracing to a file"},
    {"tracefile", "names a file for the driver manager to write"},
    {"tracelibrary", "names a library for the driver manager to load"},
    {"debug", "turns on a driver log file"},
    {"commlog", "turns on a driver log file"},
    {"b2", "turns on a driver log file (psqlODBC's short name of Debug)"},
    {"b3", "turns on a driver log file (psqlODBC's short name of CommLog)"},
    {"pqopt", "passes libpq keywords (hosts, files, services) past tributary's checks"},
    {"connsettings", "runs SQL when the connection opens"},
    {"initstmt", "runs SQL when the connection opens"},
    {"enable_local_infile", "lets the server read the client's files (LOAD DATA LOCAL)"},
    {"authentication", "makes the driver fetch cloud credentials on its own"},
}};

Status Refused(std::string_view field, std::string message) {
  return Status::InvalidArgument(std::string(field),
                                 "'" + std::string(field) + "' " + std::move(message));
}

}  // namespace

std::string UnbraceOdbcName(std::string_view name) {
  if (name.size() >= 2 && name.front() == '{' && name.back() == '}') {
    name = name.substr(1, name.size() - 2);
  }
  return std::string(name);
}

Status CheckOdbcDriverName(std::string_view name, std::string_view field) {
  const std::string bare = UnbraceOdbcName(name);
  if (bare.empty()) return Refused(field, "names no ODBC driver");
  const std::string lower = ToLower(bare);
  if (bare.find('/') != std::string::npos || bare.find('\\') != std::string::npos ||
      lower.ends_with(".so") || lower.find(".so.") != std::string::npos) {
    return Refused(field,
                   "must name an ODBC driver registered in odbcinst.ini (e.g. PostgreSQL "
                   "Unicode), not a library path");
  }
  const bool control = std::any_of(bare.begin(), bare.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control) return Refused(field, "has a control character in the ODBC driver name");
  return Status::Ok();
}

Status CheckOdbcAttribute(std::string_view key, std::string_view value, std::string_view field) {
  const std::string lower = ToLower(key);
  for (const RefusedKey& refused : kRefusedKeys) {
    if (lower == refused.key) {
      return Refused(field, "must not set the ODBC attribute '" + std::string(key.substr(0, 64)) +
                                "': it " + std::string(refused.why));
    }
  }
  if (lower == "driver") return CheckOdbcDriverName(value, field);
  if (lower == "dsn") {
    const std::string bare = UnbraceOdbcName(value);
    if (bare.empty() || bare.find('/') != std::string::npos) {
      return Refused(field, "must name a DSN defined in the system odbc.ini, not a path");
    }
  }
  return Status::Ok();
}

}  // namespace trib::sql
