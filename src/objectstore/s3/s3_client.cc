#include "objectstore/s3/s3_client.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "cloud/aws/aws_query_client.h"
#include "objectstore/s3/s3_errors.h"

namespace trib::objectstore {

namespace {

constexpr int64_t kMaxBackoffMs = 5000;

}  // namespace

std::string S3Response::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

S3Client::S3Client(S3ClientSettings settings) : settings_(std::move(settings)) {}

void S3Client::Backoff(int failed_attempts) const {
  // "Equal jitter": half the exponential delay for sure, the other half at random, so clients
  // that failed together do not come back together.
  const int shift = std::min(failed_attempts - 1, 20);
  const int64_t delay =
      std::min(kMaxBackoffMs, std::max<int64_t>(settings_.retry_base_delay_ms, 1) << shift);
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int64_t> jitter(0, delay / 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay - delay / 2 + jitter(random)));
}

Result<S3Response> S3Client::Send(std::string_view what, const S3Request& request) {
  const S3Address& address = settings_.address;
  const aws::SigV4Scope scope{
      .region = settings_.region, .service = "s3", .encode_path_twice = false};
  const std::string path = address.PathOf(request.key);
  const std::string url = address.Url(path, request.query);
  const std::string payload_sha256 = aws::Sha256Hex(request.body);
  const int attempts = std::max(settings_.max_attempts, 1);

  std::string last_failure;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) Backoff(attempt - 1);

    // Asked every attempt: a role session's credentials may have been refreshed meanwhile.
    TRIB_ASSIGN_OR_RETURN(aws::AwsCredentials credentials, settings_.credentials());
    if (credentials.empty()) {
      return Status(StatusCode::kFailedPrecondition,
                    std::string(what) + " needs AWS credentials, and none are configured",
                    "access_key");
    }
    // Resolved and checked every attempt; the connection is pinned to what was checked.
    TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                          settings_.egress.Resolve(address.host, address.port));

    aws::SigV4Request signing;
    signing.method = request.method;
    signing.path = path;
    signing.query = request.query;
    signing.headers = {{"Host", address.host_header}, {"x-amz-content-sha256", payload_sha256}};
    signing.headers.insert(signing.headers.end(), request.headers.begin(), request.headers.end());
    signing.payload_sha256 = payload_sha256;
    aws::SignV4(signing, scope, credentials, settings_.now_ms());

    HttpExchange exchange{.method = request.method,
                          .url = url,
                          .host = address.host,
                          .port = address.port,
                          .addresses = std::move(addresses),
                          .headers = std::move(signing.headers),
                          .body = request.body,
                          .connect_timeout_ms = settings_.connect_timeout_ms,
                          .timeout_ms = settings_.request_timeout_ms,
                          .body_sink = request.body_sink};
    HttpOutcome outcome = transport_.Perform(exchange);
    if (outcome.failure == TransportFailure::kStopped) {
      return Status(StatusCode::kCancelled, std::string(what) + " was stopped by its reader");
    }
    if (outcome.failure != TransportFailure::kNone) {
      last_failure = "cannot reach S3 at " + address.scheme + "://" + address.host_header + " (" +
                     outcome.error + ")";
      if (outcome.failure == TransportFailure::kRetryable) continue;
      // A timeout is not retried: the whole budget was spent once already.
      const bool timed_out = outcome.failure == TransportFailure::kTimeout;
      return Status(timed_out ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
                    std::string(what) + " failed: " + last_failure);
    }

    S3Response response{.status = outcome.answer.status,
                        .headers = std::move(outcome.answer.headers),
                        .body = std::move(outcome.answer.body)};
    const bool failed_status = response.status < 200 || response.status >= 300;
    if ((failed_status || request.error_may_come_with_200) && !response.body.empty()) {
      if (std::optional<aws::AwsError> error = aws::ParseAwsError(response.body)) {
        // S3 may quote the string to sign or the request; neither may carry a secret out.
        response.error.code = aws::ScrubAwsMessage(error->code, credentials);
        response.error.message = aws::ScrubAwsMessage(error->message, credentials);
      }
    }
    if ((failed_status || !response.error.code.empty()) &&
        IsRetryableS3Answer(response.status, response.error.code)) {
      last_failure = DescribeS3Answer(response.status, response.error);
      continue;
    }
    return response;
  }
  return Status(StatusCode::kUnavailable,
                std::string(what) + " failed after " + std::to_string(attempts) +
                    (attempts == 1 ? " attempt" : " attempts") + "; the last: " + last_failure);
}

}  // namespace trib::objectstore
