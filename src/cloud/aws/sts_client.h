// STS AssumeRole: temporary credentials for an IAM role, obtained with the server's own keys.
#pragma once

#include <cstdint>
#include <string>

#include "cloud/aws/aws_credentials.h"
#include "common/status.h"

namespace trib::aws {

struct AssumeRoleRequest {
  std::string role_arn;           // "arn:aws:iam::123456789012:role/name"
  std::string role_session_name;  // 2-64 of [A-Za-z0-9_+=,.@-]; shows in the role's audit trail
  int duration_seconds = 3600;    // 900 up to the role's maximum session duration
  std::string region;             // whose STS endpoint to call
};

// Calls AssumeRole (API version 2011-06-15) on StsEndpoint(env, request.region), signed with
// env.credentials at `now_ms`. AccessDenied is kPermissionDenied on field "iam_role", refused
// server keys kUpstreamRejected, an unreachable endpoint kUnavailable.
Result<AwsCredentials> AssumeRole(const AssumeRoleRequest& request, const AwsEnvironment& env,
                                  int64_t now_ms);

}  // namespace trib::aws
