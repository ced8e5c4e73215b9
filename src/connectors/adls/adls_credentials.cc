#include "connectors/adls/adls_credentials.h"

#include "cloud/azure/token_provider.h"
#include "common/strings.h"

namespace trib {

namespace {

constexpr const char* kTokenEndpointKey = "fs.azure.account.oauth2.client.endpoint";

std::string Secret(const ConnectorInput& input, const char* pointer) {
  auto it = input.secrets.find(pointer);
  return it == input.secrets.end() ? "" : it->second;
}

// The role check answers for S3's iam_role; here the identity is the application_id.
Status AuthorizeIdentity(const ConnectorInput& input, const std::string& client_id) {
  if (!input.authorize_role) {
    return Status(StatusCode::kPermissionDenied, "no caller to authorize the managed identity",
                  "application_id");
  }
  Status allowed = input.authorize_role(client_id);
  if (allowed.ok() || allowed.code() != StatusCode::kPermissionDenied) return allowed;
  return Status(StatusCode::kPermissionDenied,
                "the managed identity '" + client_id +
                    "' (application_id) is neither the cluster role nor mapped to your role in "
                    "this project; an administrator can add a role mapping",
                "application_id");
}

}  // namespace

TokenUrl AdlsTokenUrl(const ConnectorInput& input) {
  const Json options = input.definition.config.value("spark_options", Json::object());
  auto it = options.find(kTokenEndpointKey);
  if (it != options.end() && it->is_string() && !it->get<std::string>().empty()) {
    return {it->get<std::string>(), std::string("spark_options.") + kTokenEndpointKey};
  }
  return {"", "directory_id"};
}

Status CheckAdlsTokenTransport(const std::string& field, const std::string& url) {
  if (!ToLower(url).starts_with("http://")) return Status::Ok();
  std::string host = url.substr(7);
  host = host.substr(0, host.find_first_of("/?"));
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host == "localhost" || host == "::1" || host.starts_with("127.")) return Status::Ok();
  return Status::InvalidArgument(
      field, "'" + field +
                 "' is plain http to another machine, and this source sends a client secret "
                 "or a token there: use https");
}

Result<objectstore::AdlsAuth> AdlsCredentials(const ConnectorInput& input) {
  const Json& c = input.definition.config;
  const ConnectorEnvironment& env = input.environment;
  const Clock clock = env.clock;
  objectstore::AdlsAuth auth;
  if (std::string key = Secret(input, "/account_key"); !key.empty()) {
    auth.account_key = std::move(key);
    auth.field = "account_key";
    return auth;
  }
  auto azure = std::make_shared<const azure::AzureEnvironment>(env.azure);
  if (std::string secret = Secret(input, "/service_credential"); !secret.empty()) {
    const TokenUrl token_url = AdlsTokenUrl(input);
    TRIB_RETURN_IF_ERROR(CheckAdlsTokenTransport(token_url.field, token_url.url));
    const azure::ServicePrincipal sp{.tenant = c.value("directory_id", ""),
                                     .client_id = c.value("application_id", ""),
                                     .client_secret = std::move(secret),
                                     .token_url = token_url.url};
    const net::Egress egress = input.egress.WithField(token_url.field);
    auth.field = "service_credential";
    auth.token = [sp, azure, egress, clock]() {
      return azure::ObtainServicePrincipalToken(sp, *azure, egress, clock);
    };
    return auth;
  }
  const std::string client_id = c.value("application_id", "");
  if (client_id.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  "the source has no credentials: set account_key, a service principal "
                  "(directory_id, application_id, service_credential), or application_id alone "
                  "to use that managed identity",
                  "application_id");
  }
  TRIB_RETURN_IF_ERROR(AuthorizeIdentity(input, client_id));
  auth.field = "application_id";
  auto audit = input.audit;
  auth.token = [client_id, azure, audit, clock]() -> Result<azure::AccessToken> {
    bool from_cache = false;
    TRIB_ASSIGN_OR_RETURN(azure::AccessToken token,
                          azure::ObtainManagedIdentityToken(client_id, *azure, clock, &from_cache));
    if (!from_cache && audit) {
      audit("datasource.assume_role",
            Json{{"role", client_id}, {"kind", "azure_managed_identity"}});
    }
    return token;
  };
  return auth;
}

}  // namespace trib
