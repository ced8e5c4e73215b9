// STS: temporary credentials for an IAM role (AssumeRole, with the server's own keys) or for a
// federated user of an IAM user's keys (GetFederationToken), optionally narrowed by a session
// policy.
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
  // A session policy (IAM policy JSON): the credentials may do only what both the role and
  // this allow. "" = the role's own permissions.
  std::string policy;
};

// Calls AssumeRole (API version 2011-06-15) on StsEndpoint(env, request.region), signed with
// env.credentials at `now_ms`. AccessDenied is kPermissionDenied on field "iam_role", refused
// server keys kUpstreamRejected, an unreachable endpoint kUnavailable.
Result<AwsCredentials> AssumeRole(const AssumeRoleRequest& request, const AwsEnvironment& env,
                                  int64_t now_ms);

struct FederationTokenRequest {
  std::string name;             // 2-32 of [A-Za-z0-9_+=,.@-]; names the federated user
  std::string policy;           // required: a federated user has no permissions without it
  int duration_seconds = 3600;  // 900 up to 129600
  std::string region;
};

// Calls GetFederationToken signed with `credentials` (an IAM user's long-term keys: AWS refuses
// temporary ones) on StsEndpoint(env, request.region). Refusals name `blame_field`.
Result<AwsCredentials> GetFederationToken(const FederationTokenRequest& request,
                                          const AwsCredentials& credentials,
                                          const AwsEnvironment& env, int64_t now_ms,
                                          const std::string& blame_field);

}  // namespace trib::aws
