#include "connectors/jdbc/jdbc_target.h"

#include "connectors/common/project_paths.h"
#include "connectors/common/secret_arguments.h"
#include "connectors/sql/option_files.h"

namespace trib {

bool IsLocalFile(const sql::JdbcTarget& target) {
  const bool embedded =
      target.driver == sql::SqlDriverKind::kSqlite || target.driver == sql::SqlDriverKind::kDuckDb;
  const std::string& db = target.params.database;
  return embedded && !db.empty() && db != ":memory:";
}

Result<sql::JdbcTarget> ParseJdbcDefinition(const Json& config,
                                            const std::map<std::string, std::string>& secrets) {
  const std::string url = config.value("connection_string", "");
  const std::map<std::string, std::string> arguments =
      MergedArguments(config, secrets, "arguments");
  TRIB_ASSIGN_OR_RETURN(sql::JdbcTarget target, sql::ParseJdbcUrl(url, arguments));
  if (IsLocalFile(target)) {
    TRIB_RETURN_IF_ERROR(CheckLocalPath("connection_string", target.params.database));
  }
  TRIB_RETURN_IF_ERROR(CheckOptionFiles(target.driver, target.params.options, arguments));
  return target;
}

}  // namespace trib
