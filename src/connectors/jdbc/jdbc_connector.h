// The jdbc type's connector: the URL picks a native driver (PostgreSQL, MariaDB, SQLite,
// DuckDB) or ODBC; arguments become driver options.
#pragma once

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeJdbcConnector(const ConnectorInput& input);

// The checks create and update make before storing, the same the connector makes before
// every use: the URL with its arguments, and an ODBC driver or DSN registered on this system
// (and allowed by the administrator).
Status CheckJdbcDefinition(const ConnectorInput& input);

}  // namespace trib
