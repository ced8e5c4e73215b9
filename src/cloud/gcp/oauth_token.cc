#include "cloud/gcp/oauth_token.h"

#include "cloud/aws/sigv4.h"
#include "cloud/gcp/http_url.h"
#include "cloud/gcp/jwt_assertion.h"
#include "common/json.h"
#include "objectstore/http/curl_transport.h"

namespace trib::gcp {

namespace {

constexpr int kMaxAttempts = 3;

// Google's error answer: {"error": "invalid_grant", "error_description": "..."}. The text is
// cut short and must not hold what we sent.
std::string DescribeTokenError(int status, const std::string& body, std::string_view assertion) {
  std::string out = "HTTP " + std::to_string(status);
  const Result<Json> parsed = ParseJson(body, 4);
  if (parsed.ok() && parsed->is_object()) {
    if (auto it = parsed->find("error"); it != parsed->end() && it->is_string()) {
      out += " " + it->get<std::string>().substr(0, 100);
    }
    if (auto it = parsed->find("error_description"); it != parsed->end() && it->is_string()) {
      out += ": " + it->get<std::string>().substr(0, 300);
    }
  }
  // An endpoint that quotes the assertion back must not carry its signature further.
  const std::string_view signature = assertion.substr(assertion.rfind('.') + 1);
  if (!signature.empty() && out.find(signature) != std::string::npos) {
    return "HTTP " + std::to_string(status);
  }
  return out;
}

Result<AccessToken> Exchange(const TokenSource& source, int64_t now_ms) {
  TRIB_ASSIGN_OR_RETURN(
      std::string assertion,
      MakeJwtAssertion(source.key, source.scope, source.endpoint, now_ms, source.key_field));
  TRIB_ASSIGN_OR_RETURN(HttpUrl endpoint, ParseHttpUrl(source.endpoint, source.key_field));
  const std::string body =
      "grant_type=" + aws::UriEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
      "&assertion=" + assertion;
  const std::string what = "the service-account token request to " + source.endpoint;
  objectstore::CurlTransport transport;
  std::string last_failure;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                          source.egress.Resolve(endpoint.host, endpoint.port));
    objectstore::HttpExchange exchange{
        .method = "POST",
        .url = source.endpoint,
        .host = endpoint.host,
        .port = endpoint.port,
        .addresses = std::move(addresses),
        .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
        .body = body,
        .connect_timeout_ms = std::min<int64_t>(source.timeout_ms, 10000),
        .timeout_ms = source.timeout_ms,
        .ca_file = source.ca_file};
    objectstore::HttpOutcome outcome = transport.Perform(exchange);
    if (outcome.failure != objectstore::TransportFailure::kNone) {
      last_failure = outcome.error;
      if (outcome.failure == objectstore::TransportFailure::kRetryable) continue;
      return Status::Unavailable(what + " failed: " + outcome.error);
    }
    const int status = outcome.answer.status;
    if (status == 429 || status >= 500) {
      last_failure = DescribeTokenError(status, outcome.answer.body, assertion);
      continue;
    }
    if (status != 200) {
      // invalid_grant, invalid_client, unauthorized_client: the key (or its account) is refused.
      return Status(
          StatusCode::kUpstreamRejected,
          what + " was refused: " + DescribeTokenError(status, outcome.answer.body, assertion) +
              " (check the service-account key)",
          source.key_field);
    }
    const Result<Json> parsed = ParseJson(outcome.answer.body, 4);
    if (!parsed.ok() || !parsed->is_object() || !parsed->contains("access_token") ||
        !(*parsed)["access_token"].is_string() ||
        (*parsed)["access_token"].get_ref<const std::string&>().empty()) {
      return Status::Unavailable(what + " answered without an access token");
    }
    AccessToken token;
    token.token = (*parsed)["access_token"].get<std::string>();
    int64_t expires_in = 3600;
    if (auto it = parsed->find("expires_in"); it != parsed->end() && it->is_number_integer()) {
      expires_in = it->get<int64_t>();
    }
    token.expiration_ms = now_ms + expires_in * 1000;
    return token;
  }
  return Status::Unavailable(what + " failed after " + std::to_string(kMaxAttempts) +
                             " attempts; the last: " + last_failure);
}

}  // namespace

Result<std::string> ChooseTokenEndpoint(const ServiceAccountKey& key, const GcpEnvironment& env,
                                        std::string_view field) {
  const std::string name(field);
  const std::string wanted =
      key.token_uri.empty() ? std::string(kGoogleTokenEndpoint) : key.token_uri;
  if (wanted == kGoogleTokenEndpoint) return wanted;
  if (!env.token_endpoint.empty() && wanted == env.token_endpoint) {
    if (!MayCarryCredentials(wanted)) {
      return Status::InvalidArgument(name,
                                     "the token endpoint this server allows is plain http "
                                     "to another machine: the administrator must use https");
    }
    return wanted;
  }
  return Status::InvalidArgument(
      name, "'" + name + "' names a token_uri other than " + std::string(kGoogleTokenEndpoint) +
                (env.token_endpoint.empty() ? "" : " or " + env.token_endpoint) +
                ", the token endpoints this server allows");
}

std::string TokenFingerprint(const TokenSource& source) {
  std::string material = source.key.client_email;
  for (const std::string* part : {&source.key.private_key_pem, &source.scope, &source.endpoint}) {
    material += '\n';
    material += *part;
  }
  return aws::Sha256Hex(material);
}

Result<AccessToken> ObtainAccessToken(const TokenSource& source) {
  const std::string fingerprint = source.cache ? TokenFingerprint(source) : "";
  if (source.cache) {
    if (std::optional<AccessToken> cached = source.cache->Find(fingerprint)) return *cached;
  }
  TRIB_ASSIGN_OR_RETURN(AccessToken token, Exchange(source, source.clock()));
  if (source.cache) source.cache->Store(fingerprint, token);
  return token;
}

}  // namespace trib::gcp
