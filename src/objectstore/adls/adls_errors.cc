#include "objectstore/adls/adls_errors.h"

#include <algorithm>
#include <initializer_list>

namespace trib::objectstore {

namespace {

bool CodeIn(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

std::string DescribeAdlsAnswer(int http_status, const AdlsError& error) {
  std::string out = "HTTP " + std::to_string(http_status);
  if (!error.code.empty()) out += " " + error.code;
  if (!error.message.empty()) out += ": " + error.message;
  return out;
}

bool IsRetryableAdlsAnswer(int http_status, std::string_view code) {
  return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504 ||
         CodeIn(code, {"ServerBusy", "InternalError", "OperationTimedOut"});
}

Status AdlsErrorStatus(std::string_view what, int http_status, const AdlsError& error,
                       std::string_view credential_field) {
  const std::string& code = error.code;
  const std::string message =
      std::string(what) + " failed: " + DescribeAdlsAnswer(http_status, error);
  if (code == "ContainerNotFound") {
    return {StatusCode::kNotFound, message + " (the container does not exist)", "container_name"};
  }
  if (code == "ResourceNotFound" || code == "AccountIsDisabled") {
    // Azurite's answer for an account it does not hold (Azure's own names do not resolve).
    return {StatusCode::kNotFound, message + " (no such storage account)", "account_name"};
  }
  if (code == "BlobNotFound" || (code.empty() && http_status == 404)) {
    return {StatusCode::kNotFound, message, "path"};
  }
  // A bad key or signature, an expired or foreign token; Azurite answers AuthorizationFailure
  // where Azure says AuthenticationFailed.
  if (CodeIn(code, {"AuthenticationFailed", "InvalidAuthenticationInfo", "AuthorizationFailure",
                    "NoAuthenticationInformation"}) ||
      (code.empty() && (http_status == 401 || http_status == 403))) {
    return {StatusCode::kUpstreamRejected,
            message + " (the storage account refused the credentials in " +
                std::string(credential_field) + ")",
            std::string(credential_field)};
  }
  if (CodeIn(code, {"AuthorizationPermissionMismatch", "AuthorizationSourceIPMismatch",
                    "AuthorizationProtocolMismatch", "InsufficientAccountPermissions",
                    "AuthorizationResourceTypeMismatch"})) {
    return {StatusCode::kPermissionDenied, message};
  }
  if (code == "InvalidResourceName" || code == "OutOfRangeInput") {
    return {StatusCode::kInvalidArgument, message, "container_name"};
  }
  if (code == "RequestTimeTooSkewed" || code == "RequestTimeTooSkewedError") {
    return {StatusCode::kUpstreamRejected, message + " (this server's clock is off)"};
  }
  if (IsRetryableAdlsAnswer(http_status, code) || http_status >= 500) {
    return {StatusCode::kUnavailable, message};
  }
  return {StatusCode::kFailedPrecondition, message};
}

}  // namespace trib::objectstore
