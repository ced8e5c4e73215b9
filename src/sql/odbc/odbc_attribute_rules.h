// Which ODBC connection-string attributes a data source may carry. Pure: no I/O. The driver
// manager (unixODBC) loads whatever library a Driver= path names and reads or writes the
// files FILEDSN=, SAVEFILE= and trace attributes name, so a definition may only name drivers
// and DSNs by name; whether that name is registered is checked where the system is visible
// (connectors/jdbc/odbc_policy.h).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::sql {

// An attribute the definition sets, `field` being where it came from ("connection_string",
// "arguments.<key>"): refused when the key makes the driver manager or a driver touch files
// or load code (FILEDSN, SAVEFILE, DMEnvAttr/DMConnAttr/DMStmtAttr, Trace*, driver logs), and
// for Driver= and DSN= when the value is not a plain name.
Status CheckOdbcAttribute(std::string_view key, std::string_view value, std::string_view field);

// A driver name as odbcinst.ini registers it ("PostgreSQL Unicode"); "{PostgreSQL Unicode}"
// is the same name. Refused: empty, a path ('/' anywhere, a name ending in ".so" or holding
// ".so."), control characters.
Status CheckOdbcDriverName(std::string_view name, std::string_view field);

// "{name}" -> "name"; anything else as it is.
std::string UnbraceOdbcName(std::string_view name);

}  // namespace trib::sql
