#include "objectstore/gcs/gcs_client.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "common/json.h"
#include "objectstore/gcs/gcs_errors.h"

namespace trib::objectstore {

namespace {

constexpr int64_t kMaxBackoffMs = 5000;
constexpr size_t kMaxMessageBytes = 300;

std::string EncodeQuery(const aws::NameValueList& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out += '&';
    out += aws::UriEncode(name) + "=" + aws::UriEncode(value);
  }
  return out;
}

}  // namespace

std::string GcsResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

GcsClient::GcsClient(GcsClientSettings settings) : settings_(std::move(settings)) {}

std::string GcsClient::ObjectsPath() const {
  return "/storage/v1/b/" + aws::UriEncode(settings_.bucket) + "/o";
}

std::string GcsClient::ObjectPath(std::string_view full_key) const {
  return ObjectsPath() + "/" + aws::UriEncode(full_key);  // '/' in a name is %2F
}

std::string GcsClient::UploadPath() const {
  return "/upload/storage/v1/b/" + aws::UriEncode(settings_.bucket) + "/o";
}

void GcsClient::Backoff(int failed_attempts) const {
  // "Equal jitter": half the exponential delay for sure, the other half at random, so clients
  // that failed together do not come back together.
  const int shift = std::min(failed_attempts - 1, 20);
  const int64_t delay =
      std::min(kMaxBackoffMs, std::max<int64_t>(settings_.retry_base_delay_ms, 1) << shift);
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int64_t> jitter(0, delay / 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay - delay / 2 + jitter(random)));
}

std::string GcsClient::Scrub(std::string text, std::string_view token) const {
  text = text.substr(0, text.find('\n'));
  auto redact = [&text](std::string_view secret) {
    if (secret.empty()) return;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "<redacted>");
    }
  };
  redact(token);
  for (const std::string& secret : settings_.secrets) redact(secret);
  if (text.size() > kMaxMessageBytes) text = text.substr(0, kMaxMessageBytes) + "...";
  return text;
}

Result<GcsResponse> GcsClient::Send(std::string_view what, const GcsRequest& request) {
  const gcp::HttpUrl& endpoint = settings_.endpoint;
  std::string url;
  if (!request.session_url.empty()) {
    // A session URL comes from the server's answer: it may only lead back to the same origin.
    if (!request.session_url.starts_with(endpoint.origin + "/")) {
      return Status::Unavailable(std::string(what) +
                                 " failed: GCS handed out an upload session on another host");
    }
    url = request.session_url;
  } else {
    url = endpoint.origin + request.path;
    const std::string query = EncodeQuery(request.query);
    if (!query.empty()) url += "?" + query;
  }
  const int attempts = std::max(settings_.max_attempts, 1);

  std::string last_failure;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) Backoff(attempt - 1);
    // Resolved and checked every attempt, before a token is asked for (a refused host gets
    // nothing); the connection is pinned to what was checked.
    TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                          settings_.egress.Resolve(endpoint.host, endpoint.port));
    // Asked every attempt: the token may have been refreshed meanwhile.
    TRIB_ASSIGN_OR_RETURN(std::string token, request.write && settings_.write_token
                                                 ? settings_.write_token()
                                                 : settings_.token());
    HttpExchange exchange{.method = request.method,
                          .url = url,
                          .host = endpoint.host,
                          .port = endpoint.port,
                          .addresses = std::move(addresses),
                          .headers = {{"Authorization", "Bearer " + token}},
                          .body = request.body,
                          .connect_timeout_ms = settings_.connect_timeout_ms,
                          .timeout_ms = settings_.request_timeout_ms,
                          .ca_file = settings_.ca_file};
    exchange.headers.insert(exchange.headers.end(), request.headers.begin(), request.headers.end());
    if (request.with_csek) {
      exchange.headers.insert(exchange.headers.end(), settings_.csek_headers.begin(),
                              settings_.csek_headers.end());
    }
    HttpOutcome outcome = transport_.Perform(exchange);
    if (outcome.failure != TransportFailure::kNone) {
      last_failure = "cannot reach GCS at " + endpoint.origin + " (" + outcome.error + ")";
      if (outcome.failure == TransportFailure::kRetryable) continue;
      // A timeout is not retried: the whole budget was spent once already.
      const bool timed_out = outcome.failure == TransportFailure::kTimeout;
      return Status(timed_out ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
                    std::string(what) + " failed: " + last_failure);
    }

    GcsResponse response{.status = outcome.answer.status,
                         .headers = std::move(outcome.answer.headers),
                         .body = std::move(outcome.answer.body)};
    if (response.status >= 400) {
      // {"error": {"code": 404, "message": "...", "errors": [{"reason": "notFound", ...}]}}
      const Result<Json> parsed = ParseJson(response.body, 8);
      if (parsed.ok() && parsed->is_object() && parsed->contains("error") &&
          (*parsed)["error"].is_object()) {
        const Json& error = (*parsed)["error"];
        if (error.contains("message") && error["message"].is_string()) {
          response.error_message = Scrub(error["message"].get<std::string>(), token);
        }
        if (error.contains("errors") && error["errors"].is_array() && !error["errors"].empty() &&
            error["errors"][0].is_object() && error["errors"][0].contains("reason") &&
            error["errors"][0]["reason"].is_string()) {
          response.error_reason = Scrub(error["errors"][0]["reason"].get<std::string>(), token);
        }
      }
    }
    if (IsRetryableGcsStatus(response.status)) {
      last_failure = DescribeGcsAnswer(response);
      continue;
    }
    return response;
  }
  return Status(StatusCode::kUnavailable,
                std::string(what) + " failed after " + std::to_string(attempts) +
                    (attempts == 1 ? " attempt" : " attempts") + "; the last: " + last_failure);
}

}  // namespace trib::objectstore
