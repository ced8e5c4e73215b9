// The ODBC drivers registered in the system's odbcinst.ini and the system DSNs of odbc.ini, as
// the driver manager (unixODBC) lists them: what a definition may name. Reads files.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace trib::sql {

struct OdbcSystem {
  std::vector<std::string> drivers;  // section names of odbcinst.ini ("PostgreSQL Unicode")
  std::vector<std::string> dsns;     // system DSN names (odbc.ini), never a user's ~/.odbc.ini
};

// SQLDrivers and SQLDataSources(SQL_FETCH_FIRST_SYSTEM) on a fresh environment handle.
Result<OdbcSystem> ReadOdbcSystem();

}  // namespace trib::sql
