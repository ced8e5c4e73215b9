#include "cloud/aws/redshift_credentials.h"

#include "cloud/aws/aws_query_client.h"
#include "cloud/aws/aws_xml.h"

namespace trib::aws {

namespace {

Status CheckRequest(const GetClusterCredentialsRequest& request) {
  if (request.cluster_identifier.empty()) {
    return Status::InvalidArgument("cluster_identifier", "'cluster_identifier' is required");
  }
  if (request.db_user.empty()) {
    return Status::InvalidArgument("database_user_name",
                                   "'database_user_name' is required with 'iam_role'");
  }
  if (request.duration_seconds < 900 || request.duration_seconds > 3600) {
    return Status::InvalidArgument("expiration",
                                   "'expiration' must be between 900 and 3600 seconds");
  }
  if (request.region.empty()) {
    return Status::Internal("GetClusterCredentials called without a region");
  }
  return Status::Ok();
}

}  // namespace

Result<RedshiftLogin> GetClusterCredentials(const GetClusterCredentialsRequest& request,
                                            const AwsCredentials& credentials,
                                            const AwsEnvironment& env, int64_t now_ms) {
  TRIB_RETURN_IF_ERROR(CheckRequest(request));
  AwsQueryCall call;
  call.endpoint = RedshiftEndpoint(env, request.region);
  call.scope = {.region = request.region, .service = "redshift"};
  call.params = {{"Action", "GetClusterCredentials"},
                 {"Version", "2012-12-01"},
                 {"ClusterIdentifier", request.cluster_identifier},
                 {"DbUser", request.db_user},
                 {"AutoCreate", request.auto_create ? "true" : "false"},
                 {"DurationSeconds", std::to_string(request.duration_seconds)}};
  if (!request.db_name.empty()) call.params.emplace_back("DbName", request.db_name);
  for (size_t i = 0; i < request.db_groups.size(); ++i) {
    call.params.emplace_back("DbGroups.member." + std::to_string(i + 1), request.db_groups[i]);
  }
  call.connect_timeout_ms = env.connect_timeout_ms;
  call.read_timeout_ms = env.read_timeout_ms;
  call.egress = env.egress;

  AwsError aws_error;
  Result<std::string> body = CallAwsQuery(call, credentials, now_ms, &aws_error);
  if (!body.ok()) {
    const Status& status = body.status();
    if (aws_error.code == "ClusterNotFound" || aws_error.code == "ClusterNotFoundFault") {
      return Status::InvalidArgument("cluster_identifier", "Redshift has no cluster '" +
                                                               request.cluster_identifier +
                                                               "' in region " + request.region +
                                                               " (" + status.message() + ")");
    }
    if (status.code() == StatusCode::kPermissionDenied) {
      return Status(status.code(), status.message(), "iam_role");
    }
    return status;
  }

  TRIB_ASSIGN_OR_RETURN(auto fields, ExtractXmlFields(*body, "GetClusterCredentialsResult",
                                                      {"DbUser", "DbPassword", "Expiration"}));
  RedshiftLogin login;
  login.db_user = std::move(fields["DbUser"]);
  login.db_password = std::move(fields["DbPassword"]);
  TRIB_ASSIGN_OR_RETURN(login.expiration_ms, ParseIso8601Ms(fields["Expiration"]));
  if (login.db_user.empty() || login.db_password.empty()) {
    return Status::Unavailable("GetClusterCredentials answered without a user or password");
  }
  return login;
}

}  // namespace trib::aws
