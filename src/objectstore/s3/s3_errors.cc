#include "objectstore/s3/s3_errors.h"

#include <algorithm>
#include <initializer_list>
#include <string>

namespace trib::objectstore {

namespace {

bool CodeIn(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

std::string DescribeS3Answer(int http_status, const aws::AwsError& error) {
  std::string out = "HTTP " + std::to_string(http_status);
  if (!error.code.empty()) out += " " + error.code;
  if (!error.message.empty()) out += ": " + error.message;
  return out;
}

bool IsRetryableS3Answer(int http_status, std::string_view code) {
  return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504 ||
         http_status == 429 ||
         CodeIn(code, {"SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout"});
}

Status S3ErrorStatus(std::string_view what, int http_status, const aws::AwsError& error) {
  const std::string code = error.code;
  const std::string message =
      std::string(what) + " failed: " + DescribeS3Answer(http_status, error);

  if (code == "NoSuchBucket") {
    return {StatusCode::kNotFound, message + " (the bucket does not exist)", "bucket"};
  }
  if (code == "NoSuchKey" || (code.empty() && http_status == 404)) {
    return {StatusCode::kNotFound, message, "path"};
  }
  if (CodeIn(code, {"InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature",
                    "MissingSecurityHeader", "AuthorizationHeaderMalformed"})) {
    // AuthorizationHeaderMalformed also means a wrong region; the message says which.
    return {StatusCode::kUpstreamRejected,
            message + " (S3 refused the access key or its secret key)", "access_key"};
  }
  if (CodeIn(code, {"ExpiredToken", "InvalidToken", "TokenRefreshRequired"})) {
    return {StatusCode::kUpstreamRejected, message + " (the session token is no longer valid)",
            "session_token"};
  }
  if (code == "RequestTimeTooSkewed") {
    return {StatusCode::kUpstreamRejected, message + " (this server's clock is off)"};
  }
  if (CodeIn(code, {"AccessDenied", "AllAccessDisabled", "AccountProblem"}) ||
      (code.empty() && http_status == 403)) {
    return {StatusCode::kPermissionDenied, message};
  }
  if (code == "InvalidBucketName") return {StatusCode::kInvalidArgument, message, "bucket"};
  if (code == "PermanentRedirect" || code == "IllegalLocationConstraintException" ||
      (code.empty() && (http_status == 301 || http_status == 307))) {
    return {StatusCode::kFailedPrecondition, message + " (the bucket is in another region)",
            "region"};
  }
  if (code.starts_with("KMS.") || code == "KMSKeyNotFoundException") {
    return {StatusCode::kFailedPrecondition, message, "sse_kms_key_id"};
  }
  if (IsRetryableS3Answer(http_status, code) || http_status >= 500) {
    return {StatusCode::kUnavailable, message};
  }
  return {StatusCode::kFailedPrecondition, message};
}

}  // namespace trib::objectstore
