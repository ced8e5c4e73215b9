#include "cloud/aws/sts_client.h"

#include <algorithm>

#include "cloud/aws/aws_query_client.h"
#include "cloud/aws/aws_xml.h"

namespace trib::aws {

namespace {

bool IsSessionNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("_+=,.@-").find(c) != std::string_view::npos;
}

Status CheckRequest(const AssumeRoleRequest& request) {
  if (!request.role_arn.starts_with("arn:") ||
      request.role_arn.find(":role/") == std::string::npos) {
    return Status::InvalidArgument("iam_role",
                                   "'iam_role' must be an IAM role ARN "
                                   "(arn:aws:iam::<account>:role/<name>)");
  }
  const std::string& name = request.role_session_name;
  if (name.size() < 2 || name.size() > 64 ||
      !std::all_of(name.begin(), name.end(), IsSessionNameChar)) {
    return Status::Internal("invalid STS role session name");  // chosen by tributary
  }
  if (request.duration_seconds < 900 || request.duration_seconds > 43200) {
    return Status::Internal("STS session duration out of range");  // chosen by tributary
  }
  if (request.region.empty()) return Status::Internal("AssumeRole called without a region");
  return Status::Ok();
}

}  // namespace

Result<AwsCredentials> AssumeRole(const AssumeRoleRequest& request, const AwsEnvironment& env,
                                  int64_t now_ms) {
  TRIB_RETURN_IF_ERROR(CheckRequest(request));
  AwsQueryCall call;
  call.endpoint = StsEndpoint(env, request.region);
  call.scope = {.region = request.region, .service = "sts"};
  call.params = {{"Action", "AssumeRole"},
                 {"Version", "2011-06-15"},
                 {"RoleArn", request.role_arn},
                 {"RoleSessionName", request.role_session_name},
                 {"DurationSeconds", std::to_string(request.duration_seconds)}};
  call.connect_timeout_ms = env.connect_timeout_ms;
  call.read_timeout_ms = env.read_timeout_ms;
  call.egress = env.egress;

  AwsError aws_error;
  Result<std::string> body = CallAwsQuery(call, env.credentials, now_ms, &aws_error);
  if (!body.ok()) {
    const Status& status = body.status();
    // The role is what the data source names; anything about the role blames that field.
    if (status.code() == StatusCode::kPermissionDenied ||
        status.code() == StatusCode::kInvalidArgument) {
      return Status(status.code(), status.message(), "iam_role");
    }
    return status;
  }

  TRIB_ASSIGN_OR_RETURN(auto fields, ExtractXmlFields(*body, "Credentials",
                                                      {"AccessKeyId", "SecretAccessKey",
                                                       "SessionToken", "Expiration"}));
  AwsCredentials credentials;
  credentials.access_key_id = std::move(fields["AccessKeyId"]);
  credentials.secret_access_key = std::move(fields["SecretAccessKey"]);
  credentials.session_token = std::move(fields["SessionToken"]);
  TRIB_ASSIGN_OR_RETURN(credentials.expiration_ms, ParseIso8601Ms(fields["Expiration"]));
  if (credentials.empty() || credentials.session_token.empty()) {
    return Status::Unavailable("AssumeRole answered without complete credentials");
  }
  return credentials;
}

}  // namespace trib::aws
