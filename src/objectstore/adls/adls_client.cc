#include "objectstore/adls/adls_client.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "cloud/azure/shared_key.h"
#include "common/strings.h"
#include "objectstore/adls/adls_errors.h"
#include "objectstore/adls/adls_xml.h"

namespace trib::objectstore {

namespace {

constexpr int64_t kMaxBackoffMs = 5000;

std::string Scrub(std::string text, std::string_view secret) {
  text = text.substr(0, text.find_first_of("\r\n"));
  if (!secret.empty()) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "<redacted>");
    }
  }
  if (text.size() > 500) text = text.substr(0, 500) + "...";
  return text;
}

}  // namespace

std::string AdlsResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

AdlsClient::AdlsClient(AdlsClientSettings settings) : settings_(std::move(settings)) {}

void AdlsClient::Backoff(int failed_attempts) const {
  // "Equal jitter": half the exponential delay for sure, the other half at random.
  const int shift = std::min(failed_attempts - 1, 20);
  const int64_t delay =
      std::min(kMaxBackoffMs, std::max<int64_t>(settings_.retry_base_delay_ms, 1) << shift);
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int64_t> jitter(0, delay / 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay - delay / 2 + jitter(random)));
}

Status AdlsClient::Authorize(const std::string& encoded_path, const AdlsRequest& request,
                             aws::NameValueList& headers, std::string* secret) const {
  const int64_t now = settings_.now_ms();
  if (!settings_.auth.account_key.empty()) {
    azure::SharedKeyRequest signing{.method = request.method,
                                    .encoded_path = encoded_path,
                                    .query = request.query,
                                    .headers = headers};
    // libcurl sends Content-Length itself for bodies; it is signed all the same.
    if (request.method == "PUT" || request.method == "POST") {
      signing.headers.emplace_back("Content-Length", std::to_string(request.body.size()));
    }
    TRIB_RETURN_IF_ERROR(
        azure::SignSharedKey(signing, settings_.address.account, settings_.auth.account_key, now));
    std::erase_if(signing.headers,
                  [](const auto& header) { return ToLower(header.first) == "content-length"; });
    headers = std::move(signing.headers);
    *secret = settings_.auth.account_key;
    return Status::Ok();
  }
  if (!settings_.auth.token) {
    return Status(StatusCode::kFailedPrecondition,
                  "the adls source has no credentials: set account_key, or a service principal "
                  "(directory_id, application_id, service_credential)",
                  "account_key");
  }
  // Asked every attempt: a cached token may have been refreshed meanwhile.
  TRIB_ASSIGN_OR_RETURN(azure::AccessToken token, settings_.auth.token());
  headers.emplace_back("x-ms-date", azure::Rfc1123Date(now));
  headers.emplace_back("Authorization", "Bearer " + token.token);
  *secret = std::move(token.token);
  return Status::Ok();
}

Result<AdlsResponse> AdlsClient::Send(std::string_view what, const AdlsRequest& request) {
  const AdlsAddress& address = settings_.address;
  const std::string path = address.PathOf(request.blob);
  const std::string url = address.Url(path, request.query);
  const int attempts = std::max(settings_.max_attempts, 1);

  std::string last_failure;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) Backoff(attempt - 1);
    aws::NameValueList headers = request.headers;
    headers.emplace_back("x-ms-version", kBlobApiVersion);
    std::string secret;
    TRIB_RETURN_IF_ERROR(Authorize(path, request, headers, &secret));
    // Resolved and checked every attempt; the connection is pinned to what was checked.
    TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                          settings_.egress.Resolve(address.host, address.port));

    HttpExchange exchange{.method = request.method,
                          .url = url,
                          .host = address.host,
                          .port = address.port,
                          .addresses = std::move(addresses),
                          .headers = std::move(headers),
                          .body = request.body,
                          .connect_timeout_ms = settings_.connect_timeout_ms,
                          .timeout_ms = settings_.request_timeout_ms,
                          .ca_file = settings_.ca_file};
    HttpOutcome outcome = transport_.Perform(exchange);
    if (outcome.failure != TransportFailure::kNone) {
      last_failure =
          "cannot reach Azure Storage at " + address.Endpoint() + " (" + outcome.error + ")";
      if (outcome.failure == TransportFailure::kRetryable) continue;
      const bool timed_out = outcome.failure == TransportFailure::kTimeout;
      return Status(timed_out ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
                    std::string(what) + " failed: " + last_failure);
    }

    AdlsResponse response{.status = outcome.answer.status,
                          .headers = std::move(outcome.answer.headers),
                          .body = std::move(outcome.answer.body)};
    if (!response.ok()) {
      AdlsError error = ParseAdlsError(response.body);
      if (std::string header = response.Header("x-ms-error-code"); !header.empty()) {
        error.code = std::move(header);
      }
      // Azure may quote the string it signed; neither the key nor a token may travel on.
      response.error.code = Scrub(error.code, secret);
      response.error.message = Scrub(error.message, secret);
      if (IsRetryableAdlsAnswer(response.status, response.error.code)) {
        last_failure = DescribeAdlsAnswer(response.status, response.error);
        continue;
      }
    }
    return response;
  }
  return Status(StatusCode::kUnavailable,
                std::string(what) + " failed after " + std::to_string(attempts) +
                    (attempts == 1 ? " attempt" : " attempts") + "; the last: " + last_failure);
}

}  // namespace trib::objectstore
