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

bool IsSessionName(std::string_view name, size_t max) {
  return name.size() >= 2 && name.size() <= max &&
         std::all_of(name.begin(), name.end(), IsSessionNameChar);
}

Status CheckRequest(const AssumeRoleRequest& request) {
  if (!request.role_arn.starts_with("arn:") ||
      request.role_arn.find(":role/") == std::string::npos) {
    return Status::InvalidArgument("iam_role",
                                   "'iam_role' must be an IAM role ARN "
                                   "(arn:aws:iam::<account>:role/<name>)");
  }
  if (!IsSessionName(request.role_session_name, 64)) {
    return Status::Internal("invalid STS role session name");  // chosen by tributary
  }
  if (request.duration_seconds < 900 || request.duration_seconds > 43200) {
    return Status::Internal("STS session duration out of range");  // chosen by tributary
  }
  if (request.region.empty()) return Status::Internal("AssumeRole called without a region");
  return Status::Ok();
}

// Posts the STS action and reads its <Credentials>; refusals name `blame_field`.
Result<AwsCredentials> CallSts(std::string_view action, NameValueList params,
                               const AwsCredentials& signer, const AwsEnvironment& env,
                               const std::string& region, int64_t now_ms,
                               const std::string& blame_field) {
  AwsQueryCall call;
  call.endpoint = StsEndpoint(env, region);
  call.scope = {.region = region, .service = "sts"};
  call.params = {{"Action", std::string(action)}, {"Version", "2011-06-15"}};
  for (auto& param : params) call.params.push_back(std::move(param));
  call.connect_timeout_ms = env.connect_timeout_ms;
  call.read_timeout_ms = env.read_timeout_ms;
  call.egress = env.egress;

  AwsError aws_error;
  Result<std::string> body = CallAwsQuery(call, signer, now_ms, &aws_error);
  if (!body.ok()) {
    const Status& status = body.status();
    if (status.code() == StatusCode::kPermissionDenied ||
        status.code() == StatusCode::kInvalidArgument) {
      return Status(status.code(), status.message(), blame_field);
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
    return Status::Unavailable(std::string(action) + " answered without complete credentials");
  }
  return credentials;
}

}  // namespace

Result<AwsCredentials> AssumeRole(const AssumeRoleRequest& request, const AwsEnvironment& env,
                                  int64_t now_ms) {
  TRIB_RETURN_IF_ERROR(CheckRequest(request));
  NameValueList params = {{"RoleArn", request.role_arn},
                          {"RoleSessionName", request.role_session_name},
                          {"DurationSeconds", std::to_string(request.duration_seconds)}};
  if (!request.policy.empty()) params.push_back({"Policy", request.policy});
  // The role is what the data source names; anything about the role blames that field.
  return CallSts("AssumeRole", std::move(params), env.credentials, env, request.region, now_ms,
                 "iam_role");
}

Result<AwsCredentials> GetFederationToken(const FederationTokenRequest& request,
                                          const AwsCredentials& credentials,
                                          const AwsEnvironment& env, int64_t now_ms,
                                          const std::string& blame_field) {
  // Name, policy and duration are chosen by tributary, not by the caller.
  if (!IsSessionName(request.name, 32) || request.policy.empty() ||
      request.duration_seconds < 900 || request.duration_seconds > 129600 ||
      request.region.empty()) {
    return Status::Internal("invalid GetFederationToken request");
  }
  if (!credentials.session_token.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  "temporary keys (with a session_token) cannot vend credentials: AWS issues "
                  "federation tokens only for an IAM user's long-term keys; use iam_role instead",
                  "session_token");
  }
  return CallSts("GetFederationToken",
                 {{"Name", request.name},
                  {"Policy", request.policy},
                  {"DurationSeconds", std::to_string(request.duration_seconds)}},
                 credentials, env, request.region, now_ms, blame_field);
}

}  // namespace trib::aws
