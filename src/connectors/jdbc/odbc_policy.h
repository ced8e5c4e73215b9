// Which ODBC drivers and DSNs a jdbc definition may name on this server: a driver registered
// in odbcinst.ini (and, when an administrator set odbc_drivers, one of those), a DSN defined
// in the system odbc.ini. Checked at create and again at every use, since the system's list
// and the setting may change after a definition was stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sql/jdbc_url.h"
#include "sql/odbc/odbc_system.h"

namespace trib {

// The cluster setting odbc_drivers: the allowed driver names; nullopt: every registered one.
using OdbcDriverAllowList = std::optional<std::vector<std::string>>;

// Errors are kInvalidArgument naming the field the driver or DSN came from
// (connection_string, arguments.odbc_driver, ...). Names compare without regard to case, as
// unixODBC looks up ini sections.
Status CheckOdbcNames(const sql::OdbcNames& names, const sql::OdbcSystem& system,
                      const OdbcDriverAllowList& allowed);

}  // namespace trib
