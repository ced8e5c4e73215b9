// Requests to one GCS bucket over the JSON API: a bearer token asked for per attempt, the host
// resolved and checked through the egress policy per attempt (the connection pinned to what
// was checked), customer-supplied key headers on object calls, and throttling, server faults
// and broken connections retried with jittered exponential backoff, a bounded number of times.
// Safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/aws/sigv4.h"
#include "cloud/gcp/http_url.h"
#include "common/status.h"
#include "net/egress.h"
#include "objectstore/http/curl_transport.h"

namespace trib::objectstore {

struct GcsClientSettings {
  gcp::HttpUrl endpoint;  // "https://storage.googleapis.com" taken apart
  std::string bucket;
  std::function<Result<std::string>()> token;        // an OAuth access token; secret
  std::function<Result<std::string>()> write_token;  // for writes; null: `token`
  net::Egress egress;
  std::string ca_file;
  aws::NameValueList csek_headers;   // x-goog-encryption-*; the key is secret
  std::vector<std::string> secrets;  // scrubbed from every error text (the CSEK key)
  int max_attempts = 4;
  int64_t retry_base_delay_ms = 100;  // doubled per attempt, at most 5 s
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 120000;
};

struct GcsRequest {
  std::string method = "GET";
  std::string path;            // encoded, from the endpoint's root: "/storage/v1/b/<bucket>/o"
  aws::NameValueList query;    // encoded here
  aws::NameValueList headers;  // besides Authorization and the key headers
  std::string_view body;
  bool with_csek = false;  // an object call: send the customer-supplied key when there is one
  bool write = false;      // changes the bucket: asks write_token
  // An upload session's URL as GCS handed it out; replaces path and query. It must lie on the
  // endpoint's own origin (checked by Send).
  std::string session_url;
};

struct GcsResponse {
  int status = 0;
  aws::NameValueList headers;  // lower-case names
  std::string body;
  std::string error_reason;   // errors[0].reason of an error answer, "" when none
  std::string error_message;  // error.message, scrubbed and cut short

  bool ok() const { return status >= 200 && status < 300; }
  std::string Header(std::string_view lower_name) const;
};

class GcsClient {
 public:
  explicit GcsClient(GcsClientSettings settings);

  // The first answer not worth retrying, whatever its status. Errors: the token or egress
  // failure as is; kUnavailable (or kDeadlineExceeded) once the attempts are spent; `what`
  // ("GCS objects.get 'a/b'") leads them.
  Result<GcsResponse> Send(std::string_view what, const GcsRequest& request);

  const GcsClientSettings& settings() const { return settings_; }
  // "/storage/v1/b/<bucket>/o" and "/storage/v1/b/<bucket>/o/<encoded full key>".
  std::string ObjectsPath() const;
  std::string ObjectPath(std::string_view full_key) const;
  std::string UploadPath() const;

 private:
  void Backoff(int failed_attempts) const;
  std::string Scrub(std::string text, std::string_view token) const;

  GcsClientSettings settings_;
  CurlTransport transport_;
};

}  // namespace trib::objectstore
