#include "connectors/jdbc/jdbc_connector.h"

#include "connectors/common/secret_arguments.h"
#include "connectors/sql/sql_connector.h"
#include "sql/sql_drivers.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeJdbcConnector(const ConnectorInput& input) {
  const Json& config = input.definition.config;
  const std::string url = config.value("connection_string", "");
  const std::map<std::string, std::string> arguments =
      MergedArguments(config, input.secrets, "arguments");
  TRIB_ASSIGN_OR_RETURN(sql::JdbcTarget target, sql::ParseJdbcUrl(url, arguments));

  SqlSourceSpec spec;
  spec.default_connect_timeout_ms = input.environment.default_connect_timeout_ms;
  spec.secrets = SecretValues(input.secrets);
  spec.open = [target](int64_t timeout_ms) {
    sql::ConnectParams params = target.params;
    params.connect_timeout_ms = timeout_ms;
    return sql::ConnectDriver(target.driver, params);
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
