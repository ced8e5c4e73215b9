#include "connectors/s3/s3_vending.h"

#include "cloud/aws/s3_session_policy.h"
#include "cloud/aws/sts_client.h"

namespace trib {

namespace {

bool IsStsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("_+=,.@-").find(c) != std::string_view::npos;
}

}  // namespace

std::string StsSessionName(std::string_view user, size_t max) {
  std::string name = "trib-";
  for (char c : user) name += IsStsNameChar(c) ? c : '-';
  if (name.size() > max) name.resize(max);
  return name;
}

Result<VendedCredentials> VendS3Credentials(const S3VendingSource& source,
                                            const CredentialsRequest& request,
                                            const aws::AwsEnvironment& sts, const Clock& clock) {
  const std::string policy =
      aws::S3SessionPolicy(source.region, source.bucket, source.prefix,
                           request.write ? aws::S3Access::kWrite : aws::S3Access::kRead);
  aws::AwsCredentials vended;
  if (!source.role_arn.empty()) {
    aws::AssumeRoleRequest assume;
    assume.role_arn = source.role_arn;
    assume.role_session_name = StsSessionName(request.caller, 64);
    assume.duration_seconds = request.duration_s;
    assume.region = source.region;
    assume.policy = policy;
    TRIB_ASSIGN_OR_RETURN(vended, aws::AssumeRole(assume, sts, clock()));
  } else {
    aws::FederationTokenRequest federation;
    federation.name = StsSessionName(request.caller, 32);
    federation.policy = policy;
    federation.duration_seconds = request.duration_s;
    federation.region = source.region;
    TRIB_ASSIGN_OR_RETURN(vended, aws::GetFederationToken(federation, source.stored_keys, sts,
                                                          clock(), "access_key"));
  }
  const std::string endpoint =
      source.endpoint.empty() ? "https://s3." + source.region + ".amazonaws.com" : source.endpoint;
  const std::string expires = FormatIso8601(vended.expiration_ms);
  VendedCredentials out;
  out.answer = Json{{"provider", "aws"},
                    {"access", request.write ? "write" : "read"},
                    {"expires", expires},
                    {"access_key_id", vended.access_key_id},
                    {"secret_access_key", vended.secret_access_key},
                    {"session_token", vended.session_token},
                    {"region", source.region},
                    {"endpoint", endpoint},
                    {"bucket", source.bucket},
                    {"prefix", source.prefix}};
  out.spark_options = Json{
      {"fs.s3a.aws.credentials.provider",
       "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider"},
      {"fs.s3a.access.key", vended.access_key_id},
      {"fs.s3a.secret.key", vended.secret_access_key},
      {"fs.s3a.session.token", vended.session_token},
      {"fs.s3a.endpoint.region", source.region},
  };
  return out;
}

}  // namespace trib
