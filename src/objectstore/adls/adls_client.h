// Authorized requests to one container: SharedKey-signed with the account key, or carrying a
// bearer token asked for per attempt (so a refreshed token is picked up); the host resolved and
// checked through the egress policy per attempt and the connection pinned to what was checked;
// server faults and broken connections retried with jittered exponential backoff.
// Safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "cloud/aws/sigv4.h"
#include "cloud/azure/access_token.h"
#include "common/status.h"
#include "net/egress.h"
#include "objectstore/adls/adls_address.h"
#include "objectstore/http/curl_transport.h"

namespace trib::objectstore {

// The Blob REST version every request asks for (ResourceType in listings, bearer tokens).
inline constexpr const char* kBlobApiVersion = "2021-08-06";

struct AdlsAuth {
  std::string account_key;                            // base64; SharedKey when set (secret)
  std::function<Result<azure::AccessToken>()> token;  // else: bearer tokens
  // The data source's field a refusal of these credentials names ("account_key",
  // "service_credential", "application_id").
  std::string field = "account_key";
};

struct AdlsClientSettings {
  AdlsAddress address;
  AdlsAuth auth;
  std::function<int64_t()> now_ms;
  net::Egress egress;
  int max_attempts = 4;
  int64_t retry_base_delay_ms = 100;  // first backoff; doubled per attempt, at most 5 s
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 120000;
  std::string ca_file;  // administrator's CA bundle ("" = the system's)
};

struct AdlsRequest {
  std::string method = "GET";
  std::string blob;  // the blob's full name in the container; "" for the container itself
  aws::NameValueList query;
  aws::NameValueList headers;  // besides x-ms-version, x-ms-date and Authorization
  std::string_view body;
};

// Azure's error code (x-ms-error-code, else the <Error> document) and first message line,
// scrubbed of the key and the token.
struct AdlsError {
  std::string code;
  std::string message;
};

struct AdlsResponse {
  int status = 0;
  aws::NameValueList headers;  // lower-case names
  std::string body;
  AdlsError error;

  bool ok() const { return status >= 200 && status < 300; }
  std::string Header(std::string_view lower_name) const;
};

class AdlsClient {
 public:
  explicit AdlsClient(AdlsClientSettings settings);

  // The first answer not worth retrying, whatever its status. Errors: the egress refusal or
  // token failure as is; kUnavailable (or kDeadlineExceeded) once max_attempts failed;
  // `what` ("Azure Get Blob 'a/b'") leads them.
  Result<AdlsResponse> Send(std::string_view what, const AdlsRequest& request);

  const AdlsClientSettings& settings() const { return settings_; }

 private:
  Status Authorize(const std::string& encoded_path, const AdlsRequest& request,
                   aws::NameValueList& headers, std::string* secret) const;
  void Backoff(int failed_attempts) const;

  AdlsClientSettings settings_;
  CurlTransport transport_;
};

}  // namespace trib::objectstore
