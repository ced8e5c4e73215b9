// Row <-> record conversions shared by the SqlCatalog files.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"
#include "catalog/sql_connection.h"
#include "common/json.h"
#include "common/status.h"

namespace trib {

// JSON text for a TEXT column; InvalidArgument(field) when the value holds invalid UTF-8.
Result<std::string> JsonText(const Json& value, const std::string& field);
// Stored JSON text back; Internal when the stored text is not JSON.
Result<Json> JsonFromColumn(const std::string& text, const std::string& what);

Result<ProjectRole> RoleFromColumn(const std::string& text);
SqlValue RoleValue(ProjectRole role);
SqlValue BoolValue(bool value);

// Columns: id, name, is_admin, created_ms (starting at `first`).
User UserFromRow(const SqlRow& row, size_t first = 0);

}  // namespace trib
