#include "connectors/sql/option_files.h"

#include "connectors/common/project_paths.h"
#include "sql/driver_options.h"

namespace trib {

namespace {

bool IsFileOption(sql::SqlDriverKind driver, const std::string& key) {
  const sql::DriverOption* option = sql::FindDriverOption(driver, key);
  return option != nullptr && option->kind == sql::OptionKind::kProjectFile;
}

std::string FieldOf(const std::string& key, const std::map<std::string, std::string>& arguments) {
  return arguments.count(key) != 0 ? "arguments." + key.substr(0, 64) : "connection_string";
}

}  // namespace

Status CheckOptionFiles(sql::SqlDriverKind driver,
                        const std::map<std::string, std::string>& options,
                        const std::map<std::string, std::string>& arguments) {
  for (const auto& [key, value] : options) {
    if (IsFileOption(driver, key)) {
      TRIB_RETURN_IF_ERROR(CheckProjectRelativePath(FieldOf(key, arguments), value));
    }
  }
  return Status::Ok();
}

Status ResolveOptionFiles(sql::SqlDriverKind driver, std::map<std::string, std::string>& options,
                          const std::map<std::string, std::string>& arguments,
                          const std::string& project_dir) {
  for (auto& [key, value] : options) {
    if (IsFileOption(driver, key)) {
      TRIB_ASSIGN_OR_RETURN(value, ResolveProjectPath(FieldOf(key, arguments), value, project_dir));
    }
  }
  return Status::Ok();
}

}  // namespace trib
