// Redshift GetClusterCredentials: a temporary database password for a cluster user.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cloud/aws/aws_credentials.h"
#include "common/status.h"

namespace trib::aws {

struct GetClusterCredentialsRequest {
  std::string cluster_identifier;
  std::string db_user;
  std::string db_name;                 // optional: empty lets the user log into any database
  std::vector<std::string> db_groups;  // groups the user joins for this session
  bool auto_create = false;            // create db_user when it does not exist
  int duration_seconds = 3600;         // 900..3600
  std::string region;
};

// The temporary login; never log or print db_password.
struct RedshiftLogin {
  std::string db_user;      // as Redshift will know it, e.g. "IAM:alice" (or "IAMA:" when created)
  std::string db_password;  // secret
  int64_t expiration_ms = 0;
};

// Calls GetClusterCredentials (API version 2012-12-01) on RedshiftEndpoint(env, region), signed
// with `credentials` (typically an assumed role's) at `now_ms`. An unknown cluster is
// kInvalidArgument on "cluster_identifier"; AccessDenied kPermissionDenied on "iam_role".
Result<RedshiftLogin> GetClusterCredentials(const GetClusterCredentialsRequest& request,
                                            const AwsCredentials& credentials,
                                            const AwsEnvironment& env, int64_t now_ms);

}  // namespace trib::aws
