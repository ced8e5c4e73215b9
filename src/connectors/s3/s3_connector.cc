#include "connectors/s3/s3_connector.h"

#include <charconv>

#include "cloud/aws/role_session.h"
#include "common/strings.h"
#include "connectors/files/file_connector.h"
#include "connectors/s3/s3_type.h"
#include "connectors/s3/s3_vending.h"
#include "objectstore/s3/s3_store.h"

namespace trib {

namespace {

constexpr const char* kDefaultRegion = "us-east-1";

std::string Secret(const ConnectorInput& input, const char* pointer) {
  auto it = input.secrets.find(pointer);
  return it == input.secrets.end() ? "" : it->second;
}

int64_t Integer(const Json& arguments, const char* key, int64_t fallback) {
  auto it = arguments.find(key);
  if (it == arguments.end() || !it->is_string()) return fallback;
  const std::string& text = it->get_ref<const std::string&>();
  int64_t value = fallback;
  std::from_chars(text.data(), text.data() + text.size(), value);  // checked at create
  return value;
}

bool Flag(const Json& arguments, const char* key) {
  auto it = arguments.find(key);
  if (it == arguments.end() || !it->is_string()) return false;
  const std::string value = ToLower(it->get<std::string>());
  return value == "true" || value == "1" || value == "yes";
}

// Where the keys to sign with come from, decided while the caller is known.
using CredentialSource = std::function<Result<aws::AwsCredentials>()>;

aws::AwsCredentials StoredKeys(const ConnectorInput& input) {
  return aws::AwsCredentials{Secret(input, "/access_key"), Secret(input, "/secret_key"),
                             Secret(input, "/session_token")};
}

// The role to assume: the source's iam_role, else the cluster role when the source stores no
// keys either ("" = use the stored keys).
std::string RoleToAssume(const ConnectorInput& input) {
  const std::string named = input.definition.config.value("iam_role", "");
  if (!named.empty() || !StoredKeys(input).empty()) return named;
  return input.cluster_role.starts_with("arn:") ? input.cluster_role : "";
}

Result<CredentialSource> Credentials(const ConnectorInput& input, const std::string& role,
                                     const std::string& region) {
  if (!role.empty()) {
    TRIB_RETURN_IF_ERROR(input.authorize_role(role));
    const ConnectorEnvironment& env = input.environment;
    aws::AwsEnvironment aws_env = env.aws;
    aws_env.egress = input.egress.WithField("iam_role");
    const aws::RoleSessionKey key{region, role, env.aws.credentials.access_key_id};
    auto cache = env.aws_cache;
    auto audit = input.audit;
    const Clock clock = env.clock;
    return CredentialSource([aws_env, key, cache, audit, clock]() -> Result<aws::AwsCredentials> {
      bool from_cache = false;
      TRIB_ASSIGN_OR_RETURN(aws::AwsCredentials credentials,
                            aws::ObtainRoleSession(key, aws_env, *cache, clock, &from_cache));
      if (!from_cache && audit) {
        audit("datasource.assume_role", Json{{"role", key.role_arn}, {"region", key.region}});
      }
      return credentials;
    });
  }
  // Never the server's own identity: that would let any data owner read whatever the server
  // may (a cluster-wide role is assumed like any other role).
  const aws::AwsCredentials stored = StoredKeys(input);
  if (stored.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  "the source has no credentials: set access_key and secret_key, or iam_role "
                  "(or an administrator sets a cluster role)",
                  "access_key");
  }
  return CredentialSource([stored]() -> Result<aws::AwsCredentials> { return stored; });
}

}  // namespace

Result<std::unique_ptr<Connector>> MakeS3Connector(const ConnectorInput& input) {
  const Json& c = input.definition.config;
  const Json arguments = c.value("arguments", Json::object());
  objectstore::S3StoreConfig config;
  config.bucket = c.value("bucket", "");
  config.prefix = c.value("path", "");
  if (!config.prefix.empty() && !config.prefix.ends_with('/')) config.prefix += '/';
  config.region = c.value("region", "");
  if (config.region.empty()) config.region = input.environment.aws.region;
  if (config.region.empty()) config.region = kDefaultRegion;
  config.endpoint = arguments.value("fs.s3a.endpoint", "");
  config.path_style = Flag(arguments, "fs.s3a.path.style.access");
  const std::string role = RoleToAssume(input);
  TRIB_RETURN_IF_ERROR(CheckS3TokenTransport(
      config.endpoint, !role.empty() || !Secret(input, "/session_token").empty()));
  TRIB_ASSIGN_OR_RETURN(config.credentials, Credentials(input, role, config.region));
  const Clock clock = input.environment.clock;
  config.now_ms = [clock] { return clock(); };
  config.egress =
      input.egress.WithField(config.endpoint.empty() ? "bucket" : "arguments.fs.s3a.endpoint");
  const std::string algorithm = c.value("server_encryption_algorithm", "");
  config.sse_algorithm = algorithm == "SSE-KMS" ? "aws:kms" : algorithm;
  config.sse_kms_key_id = c.value("server_encryption_key", "");
  config.max_attempts = static_cast<int>(Integer(arguments, "fs.s3a.attempts.maximum", 4));
  if (config.max_attempts < 1) config.max_attempts = 1;
  config.connect_timeout_ms = Integer(arguments, "fs.s3a.connection.establish.timeout",
                                      input.environment.default_connect_timeout_ms);
  config.request_timeout_ms = Integer(arguments, "fs.s3a.connection.timeout", 120000);
  config.part_bytes = Integer(arguments, "fs.s3a.multipart.size", config.part_bytes);
  // Bad settings fail now, naming their field, not at the first request.
  TRIB_RETURN_IF_ERROR(objectstore::S3Store::Open(config).status());

  FileSourceSpec spec;
  spec.type = "s3";
  spec.shown_root = "s3://" + config.bucket + "/" + config.prefix;
  spec.open_store = [config]() { return objectstore::MakeS3Store(config); };
  spec.read_defaults.temp_root = input.temp_dir;
  spec.read_defaults.spool_limit_bytes = input.spool_limit_bytes;
  Json engine = {{"path", "s3a://" + config.bucket + "/" + config.prefix}};
  for (const auto& [key, value] : arguments.items()) engine[key] = value;  // none is secret
  spec.engine_options = std::move(engine);

  S3VendingSource vending{config.bucket,   config.prefix, config.region,
                          config.endpoint, role,          StoredKeys(input)};
  aws::AwsEnvironment sts = input.environment.aws;
  sts.egress = input.egress.WithField(vending.role_arn.empty() ? "access_key" : "iam_role");
  spec.vend = [vending = std::move(vending), sts = std::move(sts),
               clock](const CredentialsRequest& request) {
    return VendS3Credentials(vending, request, sts, clock);
  };
  return std::unique_ptr<Connector>(std::make_unique<FileConnector>(std::move(spec)));
}

}  // namespace trib
