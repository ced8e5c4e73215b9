// Signed requests to one bucket: credentials asked for per attempt, the host resolved and
// checked through the egress policy per attempt, SigV4 over the exact bytes sent, and throttling,
// server faults and broken connections retried with jittered exponential backoff.
// Safe to share between threads (the transport pools its handles; the rest is read-only).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/aws_xml.h"
#include "cloud/aws/sigv4.h"
#include "common/status.h"
#include "net/egress.h"
#include "objectstore/http/curl_transport.h"
#include "objectstore/s3/s3_address.h"

namespace trib::objectstore {

struct S3ClientSettings {
  S3Address address;
  std::string region;
  std::function<Result<aws::AwsCredentials>()> credentials;
  std::function<int64_t()> now_ms;
  net::Egress egress;
  int max_attempts = 4;
  int64_t retry_base_delay_ms = 100;  // first backoff; doubled per attempt, at most 5 s
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 120000;
};

struct S3Request {
  std::string method = "GET";
  std::string key;  // the object's full key in the bucket; "" for the bucket itself
  aws::NameValueList query;
  aws::NameValueList headers;  // besides Host, X-Amz-Date, x-amz-content-sha256, Authorization
  std::string_view body;
  // CompleteMultipartUpload may answer 200 and still fail: its body is then an error document.
  bool error_may_come_with_200 = false;
  // GET only: a 2xx body streams here instead of into S3Response::body (see
  // HttpExchange::body_sink). Each attempt starts again at offset 0. Returning false ends the
  // request with kCancelled, not retried.
  std::function<bool(int status, int64_t offset, std::string_view bytes)> body_sink;
};

struct S3Response {
  int status = 0;
  aws::NameValueList headers;  // lower-case names
  std::string body;
  aws::AwsError error;  // S3's error document, scrubbed of secrets; code "" when none

  bool ok() const { return status >= 200 && status < 300 && error.code.empty(); }
  std::string Header(std::string_view lower_name) const;
};

class S3Client {
 public:
  explicit S3Client(S3ClientSettings settings);

  // The first answer that is not worth retrying, whatever its status. Errors: the egress
  // refusal or credentials failure as is; kUnavailable (or kDeadlineExceeded) once
  // max_attempts attempts failed, saying how many; kCancelled when the body sink stopped it;
  // `what` ("S3 GetObject 'a/b'") leads them.
  Result<S3Response> Send(std::string_view what, const S3Request& request);

  const S3ClientSettings& settings() const { return settings_; }

 private:
  void Backoff(int failed_attempts) const;

  S3ClientSettings settings_;
  CurlTransport transport_;
};

}  // namespace trib::objectstore
