#include "cloud/aws/aws_query_client.h"

#include <httplib.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <vector>

#include "common/strings.h"

namespace trib::aws {

namespace {

bool CodeIn(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::string Action(const NameValueList& params) {
  for (const auto& [name, value] : params) {
    if (name == "Action") return value;
  }
  return "AWS call";
}

void SetTimeout(int64_t ms, const std::function<void(time_t, time_t)>& set) {
  const int64_t bounded = std::max<int64_t>(ms, 1);
  set(static_cast<time_t>(bounded / 1000), static_cast<time_t>((bounded % 1000) * 1000));
}

}  // namespace

Result<AwsEndpoint> ParseAwsEndpoint(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return Status::FailedPrecondition("AWS endpoint '" + std::string(url) + "' " +
                                      std::string(why));
  };
  std::string_view scheme;
  if (url.starts_with("https://")) {
    scheme = "https";
  } else if (url.starts_with("http://")) {
    scheme = "http";
  } else {
    return bad("must start with http:// or https://");
  }
  const std::string_view rest = url.substr(scheme.size() + 3);
  const size_t slash = rest.find('/');
  const std::string_view host_port = rest.substr(0, slash);
  AwsEndpoint out;
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
  if (host_port.empty()) return bad("has no host");
  if (host_port.find('@') != std::string_view::npos) return bad("must not hold user information");
  if (out.path.find_first_of("?#%") != std::string::npos) {
    return bad("must not hold a query, a fragment or escapes");
  }

  // The Host header leaves out the scheme's default port, as AWS's SDKs do when signing.
  std::string_view host = host_port;
  std::string_view port;
  const size_t bracket = host_port.rfind(']');
  const size_t colon = host_port.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("has an invalid port");
    }
  }
  if (host.empty()) return bad("has no host");
  const bool default_port =
      port.empty() || (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
  out.host_header = default_port ? std::string(host) : std::string(host_port);
  out.scheme_host_port = std::string(scheme) + "://" + std::string(host_port);
  out.host = std::string(host);
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  out.port = port.empty() ? (scheme == "https" ? 443 : 80) : std::stoi(std::string(port));
  return out;
}

std::string ScrubAwsMessage(std::string_view text, const AwsCredentials& credentials) {
  std::string out(text.substr(0, text.find_first_of("\r\n")));
  for (const std::string* secret : {&credentials.secret_access_key, &credentials.session_token}) {
    if (secret->empty()) continue;
    for (size_t at = out.find(*secret); at != std::string::npos; at = out.find(*secret, at)) {
      out.replace(at, secret->size(), "<redacted>");
    }
  }
  constexpr size_t kMaxLength = 500;
  if (out.size() > kMaxLength) out = out.substr(0, kMaxLength) + "...";
  return out;
}

Status StatusFromAwsError(std::string_view action, int http_status, const AwsError& error) {
  const std::string message = std::string(action) + " failed: " + error.code +
                              (error.message.empty() ? "" : ": " + error.message);
  const std::string_view code = error.code;
  if (CodeIn(code, {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
                    "AuthorizationError"})) {
    return {StatusCode::kPermissionDenied, message};
  }
  if (CodeIn(code, {"InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature",
                    "MissingAuthenticationToken", "InvalidAccessKeyId", "InvalidToken",
                    "ExpiredToken", "ExpiredTokenException", "AuthFailure",
                    "UnrecognizedClientException", "RequestExpired"})) {
    return {StatusCode::kUpstreamRejected, message};
  }
  if (CodeIn(code, {"Throttling", "ThrottlingException", "RequestLimitExceeded",
                    "ServiceUnavailable", "InternalFailure", "InternalError"}) ||
      http_status >= 500) {
    return {StatusCode::kUnavailable, message};
  }
  if (CodeIn(code, {"ValidationError", "InvalidParameterValue", "InvalidParameterCombination",
                    "MissingParameter", "MalformedPolicyDocument"})) {
    return {StatusCode::kInvalidArgument, message};
  }
  return {StatusCode::kFailedPrecondition, message};
}

Result<std::string> CallAwsQuery(const AwsQueryCall& call, const AwsCredentials& credentials,
                                 int64_t now_ms, AwsError* aws_error) {
  const std::string action = Action(call.params);
  if (credentials.empty()) {
    return Status::FailedPrecondition(action + " needs AWS credentials, and none are configured");
  }
  TRIB_ASSIGN_OR_RETURN(AwsEndpoint endpoint, ParseAwsEndpoint(call.endpoint));

  static constexpr std::string_view kContentType =
      "application/x-www-form-urlencoded; charset=utf-8";
  const std::string body = CanonicalQueryString(call.params);
  SigV4Request request;
  request.method = "POST";
  request.path = endpoint.path;
  request.headers = {{"Host", endpoint.host_header}, {"Content-Type", std::string(kContentType)}};
  request.payload_sha256 = Sha256Hex(body);

  try {
    SignV4(request, call.scope, credentials, now_ms);

    // Resolved once and checked against the egress allowlist; the client connects to the
    // checked address and keeps the name for the Host header, SNI and certificate checks.
    TRIB_ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                          call.egress.Resolve(endpoint.host, endpoint.port));
    httplib::Client client(endpoint.scheme_host_port);
    client.set_hostname_addr_map({{endpoint.host, addresses.front()}});
    SetTimeout(call.connect_timeout_ms,
               [&](time_t s, time_t us) { client.set_connection_timeout(s, us); });
    SetTimeout(call.read_timeout_ms, [&](time_t s, time_t us) {
      client.set_read_timeout(s, us);
      client.set_write_timeout(s, us);
    });
    client.set_keep_alive(false);
    client.set_follow_location(false);
    client.set_url_encode(false);  // the path goes out exactly as it was signed
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    client.enable_server_certificate_verification(true);
#endif

    httplib::Headers headers;
    for (const auto& [name, value] : request.headers) {
      if (ToLower(name) != "content-type") headers.emplace(name, value);  // Post() adds it
    }
    const httplib::Result answer =
        client.Post(UriEncodePath(request.path), headers, body, std::string(kContentType));
    if (!answer) {
      return Status::Unavailable("cannot reach AWS for " + action + " at " + call.endpoint + " (" +
                                 httplib::to_string(answer.error()) + ")");
    }
    if (answer->status >= 200 && answer->status < 300) return answer->body;

    std::optional<AwsError> error = ParseAwsError(answer->body);
    if (!error) {
      const std::string message = action + " failed: AWS answered HTTP " +
                                  std::to_string(answer->status) + " without an error document";
      if (answer->status >= 500) return Status::Unavailable(message);
      if (answer->status == 401 || answer->status == 403) {
        return Status(StatusCode::kUpstreamRejected, message);
      }
      return Status::FailedPrecondition(message);
    }
    error->code = ScrubAwsMessage(error->code, credentials);
    error->message = ScrubAwsMessage(error->message, credentials);
    if (aws_error != nullptr) *aws_error = *error;
    return StatusFromAwsError(action, answer->status, *error);
  } catch (const std::exception& e) {
    // httplib and OpenSSL failures that are not answers; their text holds no request data.
    return Status::Internal(action + " failed inside the HTTP client: " + std::string(e.what()));
  }
}

}  // namespace trib::aws
