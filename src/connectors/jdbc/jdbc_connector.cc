#include "connectors/jdbc/jdbc_connector.h"

#include <filesystem>

#include "connectors/common/project_paths.h"
#include "connectors/common/secret_arguments.h"
#include "connectors/jdbc/jdbc_target.h"
#include "connectors/jdbc/odbc_policy.h"
#include "connectors/sql/option_files.h"
#include "connectors/sql/sql_connector.h"
#include "sql/sql_drivers.h"

namespace trib {

namespace {

// `text` with every occurrence of `prefix` removed.
std::string WithoutPrefix(std::string text, const std::string& prefix) {
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

// Parses the definition and, for ODBC, checks its driver and DSN against the system's.
Result<sql::JdbcTarget> CheckedTarget(const ConnectorInput& input) {
  TRIB_ASSIGN_OR_RETURN(sql::JdbcTarget target,
                        ParseJdbcDefinition(input.definition.config, input.secrets));
  if (target.driver == sql::SqlDriverKind::kOdbc) {
    TRIB_ASSIGN_OR_RETURN(sql::OdbcSystem system, input.environment.odbc_system());
    TRIB_RETURN_IF_ERROR(CheckOdbcNames(target.odbc, system, input.odbc_drivers));
  }
  if (IsLocalFile(target)) {
    TRIB_RETURN_IF_ERROR(CheckLocalPathAllowed("connection_string", target.params.database,
                                               input.local_directories));
  }
  return target;
}

}  // namespace

Status CheckJdbcDefinition(const ConnectorInput& input) {
  TRIB_ASSIGN_OR_RETURN(sql::JdbcTarget target, CheckedTarget(input));
  (void)target;
  return Status::Ok();
}

Result<std::unique_ptr<Connector>> MakeJdbcConnector(const ConnectorInput& input) {
  const Json& config = input.definition.config;
  const std::string url = config.value("connection_string", "");
  // Again at use: a definition stored before a rule existed, or before the administrator
  // narrowed odbc_drivers, is refused here.
  TRIB_ASSIGN_OR_RETURN(sql::JdbcTarget target, CheckedTarget(input));
  if (IsLocalFile(target)) {
    // The file the definition names, in the project's own directory or an allowed one.
    TRIB_ASSIGN_OR_RETURN(target.params.database,
                          ResolveLocalPath("connection_string", target.params.database,
                                           input.project_dir, input.local_directories));
  }
  TRIB_RETURN_IF_ERROR(ResolveOptionFiles(target.driver, target.params.options,
                                          MergedArguments(config, input.secrets, "arguments"),
                                          input.project_dir));

  SqlSourceSpec spec;
  spec.default_connect_timeout_ms = input.environment.default_connect_timeout_ms;
  spec.guard = SecretGuard(SecretValues(input.secrets), input.audit);
  spec.hidden_paths = ProjectPathRewrites(
      input.project_dir, std::filesystem::path(input.files_root).parent_path().string());
  spec.audit = input.audit;
  spec.precise_connect_errors = input.caller_is_owner;
  spec.network =
      target.driver != sql::SqlDriverKind::kSqlite && target.driver != sql::SqlDriverKind::kDuckDb;
  spec.open = [target, dir = input.project_dir,
               egress = input.egress.WithField("connection_string")](
                  int64_t timeout_ms) -> Result<std::unique_ptr<sql::SqlSession>> {
    sql::ConnectParams params = target.params;
    params.connect_timeout_ms = timeout_ms;
    params.egress = egress;
    auto session = sql::ConnectDriver(target.driver, params);
    if (session.ok() || dir.empty()) return session;
    // A driver's message may name the resolved file: callers see project-relative paths only.
    const Status& s = session.status();
    return Status(s.code(), WithoutPrefix(s.message(), dir + "/"), s.field());
  };
  spec.identifier_quote = sql::KnownIdentifierQuote(target.driver);
  spec.engine_options["url"] = url;
  if (const auto driver = sql::JdbcDriverClass(target.driver); !driver.empty()) {
    spec.engine_options["driver"] = std::string(driver);
  }
  for (const auto& [key, value] : NonSecretArguments(config, "arguments")) {
    spec.engine_options[key] = value;
  }
  for (const auto& [key, value] : SecretArguments(input.secrets, "arguments")) {
    spec.engine_credentials[key] = value;
  }
  return std::unique_ptr<Connector>(new SqlConnector(std::move(spec)));
}

}  // namespace trib
