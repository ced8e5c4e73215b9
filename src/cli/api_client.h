// The REST client: one call per HTTP method under /api/v1, answers as JSON, every failure
// (transport or API error) as a Status ready to print.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "clientlib/http_support.h"
#include "common/json.h"
#include "common/status.h"

namespace httplib {
class Client;
}

namespace trib::cli {

struct ClientSettings {
  std::string url;      // http(s)://host[:port][/prefix]
  std::string api_key;  // may be empty for GET /healthz only
  std::string ca_cert;  // PEM file for https; empty: the system's store
};

class ApiClient {
 public:
  static Result<std::unique_ptr<ApiClient>> Create(ClientSettings settings);
  ~ApiClient();

  // `path` is relative to /api/v1 and already encoded ("/projects/demo").
  // Answers without a body (204) give null.
  Result<Json> Get(const std::string& path);
  Result<Json> Post(const std::string& path, const Json& body);
  Result<Json> Put(const std::string& path, const Json& body);
  Result<Json> Delete(const std::string& path);
  // POSTs raw bytes of `content_type` (a write's rows); the answer as JSON.
  Result<Json> PostBytes(const std::string& path, const std::string& bytes,
                         const std::string& content_type);
  // POSTs `body` and streams a successful answer's bytes into `receive` (false stops the
  // transfer); an error answer comes back as its Status. `accept` picks the format.
  Status PostDownload(const std::string& path, const Json& body, const std::string& accept,
                      const std::function<bool(const char*, size_t)>& receive);

  const std::string& url() const { return display_url_; }
  // Plain http is fine on loopback; anywhere else the API key crosses the network in clear.
  bool plain_http_off_loopback() const { return url_.scheme == "http" && !url_.IsLoopback(); }

 private:
  ApiClient(ServerUrl url, std::string display_url, std::string api_key, std::string ca_cert);
  Result<Json> Send(const char* method, const std::string& path, const Json* body);
  Result<Json> Send(const char* method, const std::string& path, const std::string& payload,
                    const std::string& content_type);

  ServerUrl url_;
  std::string display_url_;
  std::string api_key_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace trib::cli
