#include "cloud/azure/token_client.h"

#include <charconv>

#include "cloud/aws/aws_query_client.h"
#include "common/json.h"
#include "objectstore/http/curl_transport.h"

namespace trib::azure {

namespace {

constexpr const char* kStorageScope = "https://storage.azure.com/.default";

// A JSON number or a string holding one ("3599", as IMDS sends them).
std::optional<int64_t> Seconds(const Json& answer, const char* name) {
  auto it = answer.find(name);
  if (it == answer.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (!it->is_string()) return std::nullopt;
  const std::string& text = it->get_ref<const std::string&>();
  int64_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Azure AD's {"error", "error_description"} as "invalid_client: AADSTS7000215: ...", first line
// only, cut, and with `secret` blotted out should the service ever quote it.
std::string DescribeError(const Json& answer, std::string_view secret) {
  std::string text = answer.value("error", "");
  std::string description = answer.value("error_description", "");
  description = description.substr(0, description.find_first_of("\r\n"));
  if (!description.empty()) text += (text.empty() ? "" : ": ") + description;
  if (!secret.empty()) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "<redacted>");
    }
  }
  if (text.size() > 400) text = text.substr(0, 400) + "...";
  return text;
}

struct Exchange {
  int status = 0;
  std::string body;
};

Result<Exchange> Send(std::string_view what, const std::string& url, std::string method,
                      aws::NameValueList headers, std::string_view body,
                      const AzureEnvironment& env, const net::Egress& egress) {
  auto endpoint = aws::ParseAwsEndpoint(url.substr(0, url.find('?')));
  if (!endpoint.ok()) {
    return Status::FailedPrecondition(std::string(what) + ": '" + url.substr(0, url.find('?')) +
                                      "' is not an http(s) URL");
  }
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                        egress.Resolve(endpoint->host, endpoint->port));
  objectstore::HttpExchange exchange{.method = std::move(method),
                                     .url = url,
                                     .host = endpoint->host,
                                     .port = endpoint->port,
                                     .addresses = std::move(addresses),
                                     .headers = std::move(headers),
                                     .body = body,
                                     .connect_timeout_ms = env.connect_timeout_ms,
                                     .timeout_ms = env.read_timeout_ms,
                                     .ca_file = env.ca_file};
  static objectstore::CurlTransport transport;  // token calls are rare: one pool for all
  objectstore::HttpOutcome outcome = transport.Perform(exchange);
  if (outcome.failure != objectstore::TransportFailure::kNone) {
    return Status::Unavailable(std::string(what) + ": cannot reach " + endpoint->scheme_host_port +
                               " (" + outcome.error + ")");
  }
  return Exchange{outcome.answer.status, std::move(outcome.answer.body)};
}

}  // namespace

std::string ServicePrincipalTokenUrl(const AzureEnvironment& env, const ServicePrincipal& sp) {
  if (!sp.token_url.empty()) return sp.token_url;
  return env.authority_host + "/" + aws::UriEncode(sp.tenant) + "/oauth2/v2.0/token";
}

Result<AccessToken> ParseTokenAnswer(std::string_view body, int64_t now_ms) {
  auto answer = ParseJson(body);
  if (!answer.ok() || !answer->is_object()) {
    return Status::Unavailable("the token endpoint answered with something that is not JSON");
  }
  AccessToken token;
  token.token = answer->value("access_token", "");
  if (token.token.empty()) {
    return Status::Unavailable("the token endpoint's answer holds no access_token");
  }
  if (std::optional<int64_t> on = Seconds(*answer, "expires_on")) {
    token.expires_on_ms = *on * 1000;
  } else if (std::optional<int64_t> in = Seconds(*answer, "expires_in")) {
    token.expires_on_ms = now_ms + *in * 1000;
  } else {
    return Status::Unavailable("the token endpoint's answer does not say when the token expires");
  }
  return token;
}

Result<AccessToken> RequestServicePrincipalToken(const ServicePrincipal& sp,
                                                 const AzureEnvironment& env,
                                                 const net::Egress& egress, int64_t now_ms) {
  const std::string what = "Azure AD token for application " + sp.client_id;
  const std::string body = aws::CanonicalQueryString({{"grant_type", "client_credentials"},
                                                      {"client_id", sp.client_id},
                                                      {"client_secret", sp.client_secret},
                                                      {"scope", kStorageScope}});
  TRIB_ASSIGN_OR_RETURN(
      Exchange answer,
      Send(what, ServicePrincipalTokenUrl(env, sp), "POST",
           {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
           body, env, egress));
  if (answer.status == 200) return ParseTokenAnswer(answer.body, now_ms);

  auto parsed = ParseJson(answer.body);
  const Json error = parsed.ok() && parsed->is_object() ? *parsed : Json::object();
  const std::string code = error.value("error", "");
  const std::string message = what + " refused: HTTP " + std::to_string(answer.status) +
                              (error.empty() ? "" : " " + DescribeError(error, sp.client_secret));
  const std::string description = error.value("error_description", "");
  if (answer.status >= 500 || answer.status == 429) return Status::Unavailable(message);
  if (description.starts_with("AADSTS90002") || description.starts_with("AADSTS900023")) {
    return Status(StatusCode::kUpstreamRejected, message, "directory_id");
  }
  if (code == "unauthorized_client" || description.starts_with("AADSTS700016")) {
    return Status(StatusCode::kUpstreamRejected, message, "application_id");
  }
  if (code == "invalid_client" || answer.status == 401) {
    return Status(StatusCode::kUpstreamRejected, message, "service_credential");
  }
  return Status(StatusCode::kFailedPrecondition, message);
}

Result<AccessToken> RequestManagedIdentityToken(std::string_view client_id,
                                                const AzureEnvironment& env, int64_t now_ms) {
  const std::string what = client_id.empty()
                               ? std::string("managed identity token")
                               : "managed identity token for client id " + std::string(client_id);
  std::string url = env.imds_endpoint +
                    "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" +
                    aws::UriEncode(kStorageResource);
  if (!client_id.empty()) url += "&client_id=" + aws::UriEncode(client_id);
  // An administrator's endpoint, never a definition's: no allowlist applies (see
  // AzureEnvironment::imds_endpoint).
  TRIB_ASSIGN_OR_RETURN(Exchange answer,
                        Send(what, url, "GET", {{"Metadata", "true"}}, "", env, net::Egress()));
  if (answer.status == 200) return ParseTokenAnswer(answer.body, now_ms);
  auto parsed = ParseJson(answer.body);
  const Json error = parsed.ok() && parsed->is_object() ? *parsed : Json::object();
  const std::string message = what + " refused by IMDS: HTTP " + std::to_string(answer.status) +
                              (error.empty() ? "" : " " + DescribeError(error, ""));
  if (answer.status >= 500 || answer.status == 429) return Status::Unavailable(message);
  if (error.value("error_description", "").find("Identity not found") != std::string::npos) {
    return Status(StatusCode::kFailedPrecondition,
                  message + " (no managed identity with this client id is assigned to the server)",
                  "application_id");
  }
  return Status(StatusCode::kFailedPrecondition, message);
}

}  // namespace trib::azure
