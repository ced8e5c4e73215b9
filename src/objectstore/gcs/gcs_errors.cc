#include "objectstore/gcs/gcs_errors.h"

#include "common/strings.h"

namespace trib::objectstore {

std::string DescribeGcsAnswer(const GcsResponse& answer) {
  std::string out = "HTTP " + std::to_string(answer.status);
  if (!answer.error_reason.empty()) out += " " + answer.error_reason;
  if (!answer.error_message.empty()) out += ": " + answer.error_message;
  return out;
}

bool IsRetryableGcsStatus(int http_status) {
  return http_status == 408 || http_status == 429 || http_status == 500 || http_status == 502 ||
         http_status == 503 || http_status == 504;
}

Status GcsErrorStatus(std::string_view what, const GcsResponse& answer, GcsTarget target,
                      std::string_view credential_field) {
  const std::string message = std::string(what) + " failed: " + DescribeGcsAnswer(answer);
  const std::string text = ToLower(answer.error_message + " " + answer.error_reason);
  const int status = answer.status;
  const bool about_bucket = text.find("bucket does not exist") != std::string::npos ||
                            text.find("no such bucket") != std::string::npos;

  if (status == 400 && (text.find("encryption") != std::string::npos ||
                        text.find("customer-supplied") != std::string::npos)) {
    return {StatusCode::kFailedPrecondition,
            message + " (the object's customer-supplied encryption key differs, or is missing)",
            "encryption_key"};
  }
  if (status == 401) {
    return {StatusCode::kUpstreamRejected,
            message + " (GCS refused the service account's access token)",
            std::string(credential_field)};
  }
  if (status == 403) {
    return {StatusCode::kPermissionDenied,
            message + " (the service account may not do this in the bucket)",
            std::string(credential_field)};
  }
  if (status == 404) {
    if (target == GcsTarget::kBucket || about_bucket) {
      return {StatusCode::kNotFound, message + " (the bucket does not exist)", "bucket"};
    }
    return {StatusCode::kNotFound, message, "path"};
  }
  if (status == 400 && text.find("bucket") != std::string::npos &&
      text.find("invalid") != std::string::npos) {
    return {StatusCode::kInvalidArgument, message, "bucket"};
  }
  if (IsRetryableGcsStatus(status) || status >= 500) return {StatusCode::kUnavailable, message};
  return {StatusCode::kFailedPrecondition, message};
}

}  // namespace trib::objectstore
