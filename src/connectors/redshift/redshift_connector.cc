#include "connectors/redshift/redshift_connector.h"

#include "cloud/aws/redshift_login.h"
#include "connectors/common/secret_arguments.h"
#include "connectors/sql/option_files.h"
#include "connectors/sql/sql_connector.h"
#include "sql/driver_options.h"
#include "sql/postgres/postgres_session.h"

namespace trib {

namespace {

struct RedshiftTarget {
  sql::ConnectParams params;                   // without credentials
  std::optional<aws::RedshiftIamRequest> iam;  // set: log in through the IAM role
};

Result<RedshiftTarget> Target(const ConnectorInput& input) {
  const Json& c = input.definition.config;
  RedshiftTarget t;
  std::map<std::string, std::string> arguments = MergedArguments(c, input.secrets, "arguments");
  // arguments.host reaches the cluster another way (a VPC endpoint, a tunnel).
  if (auto host = arguments.find("host"); host != arguments.end()) {
    t.params.host = host->second;
    t.params.egress = input.egress.WithField("arguments.host");
    arguments.erase(host);
  } else if (c.contains("database_endpoint")) {
    t.params.egress = input.egress.WithField("database_endpoint");
    t.params.host = c["cluster_identifier"].get<std::string>() + "." +
                    c["database_endpoint"].get<std::string>();
  } else {
    return Status::InvalidArgument("database_endpoint",
                                   "'database_endpoint' (or arguments.host) is needed to reach "
                                   "the cluster");
  }
  t.params.port = c.value("database_port", 5439);
  t.params.database = c.value("database_name", "");
  t.params.user = c.value("database_user_name", "");
  TRIB_RETURN_IF_ERROR(
      sql::CheckDriverOptions(sql::SqlDriverKind::kPostgres, arguments, arguments));
  TRIB_RETURN_IF_ERROR(
      ResolveOptionFiles(sql::SqlDriverKind::kPostgres, arguments, arguments, input.project_dir));
  t.params.options = std::move(arguments);
  if (auto pw = input.secrets.find("/database_password"); pw != input.secrets.end()) {
    t.params.password = pw->second;
  }
  if (c.contains("iam_role")) {
    aws::RedshiftIamRequest iam;
    iam.iam_role = c["iam_role"].get<std::string>();
    iam.cluster_identifier = c["cluster_identifier"].get<std::string>();
    iam.database_user_name = t.params.user;
    iam.database_name = t.params.database;
    iam.database_group = c.value("database_group", "");
    iam.auto_create = c.value("auto_create", false);
    iam.expiration = c.value("expiration", 3600);
    iam.database_endpoint = c.value("database_endpoint", "");
    t.iam = std::move(iam);
  }
  return t;
}

}  // namespace

Result<std::unique_ptr<Connector>> MakeRedshiftConnector(const ConnectorInput& input) {
  TRIB_ASSIGN_OR_RETURN(RedshiftTarget target, Target(input));
  // Decided now, while the caller is known: may he assume the source's role?
  if (target.iam) TRIB_RETURN_IF_ERROR(input.authorize_role(target.iam->iam_role));

  const ConnectorEnvironment& env = input.environment;
  // The server's AWS settings, its calls (STS, GetClusterCredentials) checked for egress too.
  aws::AwsEnvironment aws_env = env.aws;
  aws_env.egress = input.egress.WithField("iam_role");
  // A temporary login, from the cache while it is fresh; fills user and password.
  auto login = [&env, aws_env, target]() -> Result<sql::ConnectParams> {
    sql::ConnectParams params = target.params;
    if (!target.iam) return params;
    TRIB_ASSIGN_OR_RETURN(
        aws::RedshiftLogin login,
        aws::ObtainRedshiftLogin(*target.iam, aws_env, *env.aws_cache, env.clock));
    params.user = login.db_user;
    params.password = login.db_password;
    return params;
  };

  SqlSourceSpec spec;
  spec.default_connect_timeout_ms = env.default_connect_timeout_ms;
  spec.guard = SecretGuard(SecretValues(input.secrets), input.audit);
  spec.audit = input.audit;
  spec.precise_connect_errors = input.caller_is_owner;
  const Json& c = input.definition.config;
  if (c.contains("table_name")) spec.default_table = c["table_name"].get<std::string>();
  spec.open = [login](int64_t timeout_ms) -> Result<std::unique_ptr<sql::SqlSession>> {
    TRIB_ASSIGN_OR_RETURN(sql::ConnectParams params, login());
    params.connect_timeout_ms = timeout_ms;
    return sql::ConnectPostgres(params, sql::PostgresMode::kCursor);
  };
  spec.identifier_quote = "\"";
  spec.engine_options["url"] = "jdbc:redshift://" + target.params.host + ":" +
                               std::to_string(target.params.port) + "/" + target.params.database;
  spec.engine_options["driver"] =
      c.value("database_driver", std::string("com.amazon.redshift.jdbc42.Driver"));
  spec.engine_options["user"] = target.params.user;
  if (!target.iam) {
    if (!target.params.password.empty()) {
      spec.engine_credentials["password"] = target.params.password;
    }
  } else {
    // Vended: a temporary login that expires, never a stored secret.
    spec.engine_credentials_provider = [login]() -> Result<Json> {
      TRIB_ASSIGN_OR_RETURN(sql::ConnectParams params, login());
      return Json{{"user", params.user}, {"password", params.password}};
    };
  }
  return std::unique_ptr<Connector>(new SqlConnector(std::move(spec)));
}

}  // namespace trib
