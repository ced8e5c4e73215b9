// The jdbc type's connector: the URL picks a native driver (PostgreSQL, MariaDB, SQLite,
// DuckDB) or ODBC; arguments become driver options.
#pragma once

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeJdbcConnector(const ConnectorInput& input);

}  // namespace trib
