// Temporary credentials of an IAM role, assumed with the server's own identity and cached until
// shortly before they expire: what Redshift logins and S3 sources with an iam_role use.
#pragma once

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/temporary_credentials_cache.h"
#include "common/clock.h"
#include "common/status.h"

namespace trib::aws {

// From `cache`, or a fresh AssumeRole (session "tributary-<random>", one hour) stored there;
// `from_cache` (may be null) says which. Errors as AssumeRole's.
Result<AwsCredentials> ObtainRoleSession(const RoleSessionKey& key, const AwsEnvironment& env,
                                         TemporaryCredentialsCache& cache, const Clock& clock,
                                         bool* from_cache = nullptr);

}  // namespace trib::aws
