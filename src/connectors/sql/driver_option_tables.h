// The native SQL drivers' declared options (sql/driver_options) as GET /datasource-types and
// docs/datasource-types.md show them, keyed by driver name.
#pragma once

#include <vector>

#include "common/json.h"
#include "sql/jdbc_url.h"

namespace trib {

// {"postgresql": [{"name", "kind", "secret", "description", "choices"?}], ...}
Json DriverOptionTables(const std::vector<sql::SqlDriverKind>& drivers);

}  // namespace trib
