// The redshift connector's one entry point for IAM authentication: assume the data source's
// role with the server's keys, then ask Redshift for a temporary database login; both cached.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/redshift_credentials.h"
#include "cloud/aws/temporary_credentials_cache.h"
#include "common/clock.h"
#include "common/status.h"

namespace trib::aws {

// The redshift data source's fields that IAM authentication reads (same names).
struct RedshiftIamRequest {
  std::string iam_role;  // ARN of the role to assume
  std::string cluster_identifier;
  std::string database_user_name;
  std::string database_name;
  std::string database_group;  // comma-separated group names; may be empty
  bool auto_create = false;
  int expiration = 3600;          // seconds the login stays valid, 900..3600
  std::string database_endpoint;  // optional: "abc.us-east-2.redshift.amazonaws.com"
};

// The region named in database_endpoint (the label before "redshift.amazonaws.com"), else the
// environment's region, else "us-east-1".
std::string RedshiftRegion(const RedshiftIamRequest& request, const AwsEnvironment& env);

// "a, b,,c " -> {"a", "b", "c"}.
std::vector<std::string> SplitDatabaseGroups(std::string_view database_group);

// A login for the request, from the cache when a fresh one is there. Errors name the data
// source field to blame where one is ("iam_role", "cluster_identifier", "expiration", ...);
// no secret ever appears in them.
Result<RedshiftLogin> ObtainRedshiftLogin(const RedshiftIamRequest& request,
                                          const AwsEnvironment& env,
                                          TemporaryCredentialsCache& cache, const Clock& clock);

}  // namespace trib::aws
