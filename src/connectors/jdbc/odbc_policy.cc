#include "connectors/jdbc/odbc_policy.h"

#include <algorithm>

#include "common/strings.h"

namespace trib {

namespace {

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  const std::string lower = ToLower(name);
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return ToLower(n) == lower; });
}

std::string List(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Status Refused(const std::string& field, const std::string& message) {
  return Status::InvalidArgument(field, "'" + field + "' " + message);
}

}  // namespace

Status CheckOdbcNames(const sql::OdbcNames& names, const sql::OdbcSystem& system,
                      const OdbcDriverAllowList& allowed) {
  if (!names.driver.empty()) {
    // The message may list names: they are the server's driver names, not the definition's.
    if (!Contains(system.drivers, names.driver)) {
      return Refused(names.driver_field,
                     "names an ODBC driver that is not registered in odbcinst.ini; registered: " +
                         List(system.drivers));
    }
    if (allowed && !Contains(*allowed, names.driver)) {
      return Refused(names.driver_field,
                     "names an ODBC driver an administrator has not allowed (setting "
                     "odbc_drivers); allowed: " +
                         List(*allowed));
    }
  }
  if (!names.dsn.empty() && !Contains(system.dsns, names.dsn)) {
    return Refused(names.dsn_field,
                   "names an ODBC DSN that is not defined in the system odbc.ini; defined: " +
                       List(system.dsns));
  }
  return Status::Ok();
}

}  // namespace trib
