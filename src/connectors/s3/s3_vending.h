// Vended credentials of an s3 source: short-lived keys narrowed by a session policy to the
// source's bucket and prefix, read-only unless writing was asked for. A role source assumes
// its role (AssumeRole); a key source asks for a federation token with its stored IAM user keys
// (GetFederationToken). The stored keys themselves never leave the server.
#pragma once

#include <string>

#include "cloud/aws/aws_credentials.h"
#include "common/clock.h"
#include "connectors/files/file_connector.h"

namespace trib {

struct S3VendingSource {
  std::string bucket;
  std::string prefix;  // "" or ending in '/'
  std::string region;
  std::string endpoint;  // "" = AWS's regional endpoint
  std::string role_arn;  // "" = a key source
  aws::AwsCredentials stored_keys;
};

// `sts` is the server's AWS environment with the egress check bound to the caller.
Result<VendedCredentials> VendS3Credentials(const S3VendingSource& source,
                                            const CredentialsRequest& request,
                                            const aws::AwsEnvironment& sts, const Clock& clock);

// "trib-<user>" in the characters STS accepts, at most `max` long: the name AWS's own audit
// trail (CloudTrail) shows for the session.
std::string StsSessionName(std::string_view user, size_t max);

}  // namespace trib
