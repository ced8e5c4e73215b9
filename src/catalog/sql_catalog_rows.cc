#include "catalog/sql_catalog_rows.h"

namespace trib {

Result<std::string> JsonText(const Json& value, const std::string& field) {
  try {
    return value.dump();
  } catch (const Json::exception&) {
    return Status::InvalidArgument(field, "holds text that is not valid UTF-8");
  }
}

Result<Json> JsonFromColumn(const std::string& text, const std::string& what) {
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::Internal("the catalog holds a malformed " + what);
  return parsed;
}

Result<ProjectRole> RoleFromColumn(const std::string& text) {
  std::optional<ProjectRole> role = ParseProjectRole(text);
  if (!role) return Status::Internal("the catalog holds an unknown project role");
  return *role;
}

SqlValue RoleValue(ProjectRole role) { return std::string(ProjectRoleName(role)); }

SqlValue BoolValue(bool value) { return int64_t{value ? 1 : 0}; }

User UserFromRow(const SqlRow& row, size_t first) {
  User user;
  user.id = TextAt(row, first);
  user.name = TextAt(row, first + 1);
  user.is_admin = IntAt(row, first + 2) != 0;
  user.created_ms = IntAt(row, first + 3);
  return user;
}

}  // namespace trib
