#include "cli/api_client.h"

#include <httplib.h>

#include <cstring>

namespace trib::cli {

namespace {

constexpr const char* kApiBase = "/api/v1";

std::string TransportMessage(httplib::Error error, const std::string& url) {
  switch (error) {
    case httplib::Error::Connection:
      return "could not connect to tributary at " + url +
             " (connection refused or host unreachable): is `trib serve` running there? Set "
             "--url or TRIB_URL to point at it";
    case httplib::Error::ConnectionTimeout:
      return "timed out connecting to tributary at " + url;
    case httplib::Error::BindIPAddress:
      return "could not resolve or bind the address of " + url;
    case httplib::Error::Read:
      return "the connection to " + url + " broke while reading the answer (timed out?)";
    case httplib::Error::Write:
      return "the connection to " + url + " broke while sending the request";
    case httplib::Error::SSLConnection:
      return "TLS handshake with " + url + " failed (is it really https?)";
    case httplib::Error::SSLLoadingCerts:
      return "could not load the CA certificates (check --ca-cert / TRIB_CA_CERT)";
    case httplib::Error::SSLServerVerification:
      return "the TLS certificate of " + url +
             " could not be verified; give its CA with --ca-cert or TRIB_CA_CERT";
    default:
      return "request to " + url + " failed: " + httplib::to_string(error);
  }
}

}  // namespace

ApiClient::ApiClient(ServerUrl url, std::string display_url, std::string api_key,
                     std::string ca_cert)
    : url_(std::move(url)),
      display_url_(std::move(display_url)),
      api_key_(std::move(api_key)),
      http_(std::make_unique<httplib::Client>(url_.Origin())) {
  http_->set_connection_timeout(10);
  // Rotating the master key re-wraps every secret: allow the server time.
  http_->set_read_timeout(300);
  http_->set_write_timeout(60);
  // Following a redirect would hand the API key to wherever it points.
  http_->set_follow_location(false);
  if (url_.scheme == "https") {
    http_->enable_server_certificate_verification(true);
    if (!ca_cert.empty()) http_->set_ca_cert_path(ca_cert);
  }
}

ApiClient::~ApiClient() = default;

Result<std::unique_ptr<ApiClient>> ApiClient::Create(ClientSettings settings) {
  TRIB_ASSIGN_OR_RETURN(ServerUrl url, ParseServerUrl(settings.url));
  // A key with CR/LF would let the header be split into two; refuse without showing it.
  if (settings.api_key.find_first_of("\r\n") != std::string::npos ||
      settings.api_key.find('\0') != std::string::npos) {
    return Status::InvalidArgument("api_key", "the API key holds control characters");
  }
  std::string display = settings.url;
  while (!display.empty() && display.back() == '/') display.pop_back();
  return std::unique_ptr<ApiClient>(new ApiClient(std::move(url), std::move(display),
                                                  std::move(settings.api_key),
                                                  std::move(settings.ca_cert)));
}

Result<Json> ApiClient::Get(const std::string& path) { return Send("GET", path, nullptr); }
Result<Json> ApiClient::Post(const std::string& path, const Json& body) {
  return Send("POST", path, &body);
}
Result<Json> ApiClient::Put(const std::string& path, const Json& body) {
  return Send("PUT", path, &body);
}
Result<Json> ApiClient::Delete(const std::string& path) { return Send("DELETE", path, nullptr); }

Result<Json> ApiClient::PostBytes(const std::string& path, const std::string& bytes,
                                  const std::string& content_type) {
  return Send("POST", path, bytes, content_type);
}

Result<Json> ApiClient::Send(const char* method, const std::string& path, const Json* body) {
  return Send(method, path, body != nullptr ? body->dump() : std::string(), "application/json");
}

Result<Json> ApiClient::Send(const char* method, const std::string& path,
                             const std::string& payload, const std::string& content_type) {
  httplib::Headers headers = {{"Accept", "application/json"}};
  if (!api_key_.empty()) headers.emplace("Authorization", "ApiKey " + api_key_);
  const std::string target = url_.base_path + kApiBase + path;

  httplib::Result result = [&] {
    if (std::strcmp(method, "POST") == 0) {
      return http_->Post(target, headers, payload, content_type);
    }
    if (std::strcmp(method, "PUT") == 0) {
      return http_->Put(target, headers, payload, content_type);
    }
    if (std::strcmp(method, "DELETE") == 0) return http_->Delete(target, headers);
    return http_->Get(target, headers);
  }();

  if (!result) return Status::Unavailable(TransportMessage(result.error(), display_url_));
  const int status = result->status;
  const std::string& text = result->body;
  if (status < 200 || status >= 300) return StatusFromErrorAnswer(status, text);
  if (text.empty()) return Json();
  Result<Json> parsed = ParseJson(text, 64);
  if (!parsed.ok()) {
    return Status::Internal("the server's answer to " + std::string(method) + " " + path +
                            " is not JSON (is --url pointing at tributary?)");
  }
  return parsed;
}

Status ApiClient::PostDownload(const std::string& path, const Json& body, const std::string& accept,
                               const std::function<bool(const char*, size_t)>& receive) {
  httplib::Request req;
  req.method = "POST";
  req.path = url_.base_path + kApiBase + path;
  req.headers = {{"Accept", accept}, {"Content-Type", "application/json"}};
  if (!api_key_.empty()) req.headers.emplace("Authorization", "ApiKey " + api_key_);
  req.body = body.dump();
  int status = 0;
  std::string error_body;
  bool stopped = false;
  req.response_handler = [&status](const httplib::Response& res) {
    status = res.status;
    return true;
  };
  req.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
    if (status < 200 || status >= 300) {
      if (error_body.size() < (1u << 20)) error_body.append(data, size);
      return true;
    }
    if (!receive(data, size)) {
      stopped = true;
      return false;
    }
    return true;
  };
  httplib::Result result = http_->send(req);
  if (stopped) return Status::Cancelled("the download was stopped");
  if (!result) {
    if (status >= 200 && status < 300) {
      return Status::Unavailable(
          "the server cut the transfer short (the read failed on the "
          "way; see the server's log)");
    }
    return Status::Unavailable(TransportMessage(result.error(), display_url_));
  }
  if (status < 200 || status >= 300) return StatusFromErrorAnswer(status, error_body);
  return Status::Ok();
}

}  // namespace trib::cli
