// One HTTP exchange over libcurl, sent to addresses the egress check already approved: the
// name is pinned to them with CURLOPT_RESOLVE, so libcurl never asks DNS itself. Easy handles
// are pooled so their kept-alive connections are reused; any thread may call Perform.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/aws/sigv4.h"

namespace trib::objectstore {

struct HttpExchange {
  std::string method;  // "GET", "HEAD", "PUT", "POST", "DELETE"
  std::string url;     // scheme://host[:port]/encoded-path?encoded-query, sent as is
  std::string host;    // the name in `url`, as resolved
  int port = 443;
  std::vector<std::string> addresses;  // from net::Egress::Resolve; the only ones connected to
  aws::NameValueList headers;          // sent as given (Host and Content-Length are libcurl's)
  std::string_view body;               // PUT and POST only
  int64_t connect_timeout_ms = 5000;
  int64_t timeout_ms = 120000;
  // PEM bundle of the authorities to trust instead of the system's ("" = the system's); an
  // administrator's setting for private endpoints and test servers, never a definition's.
  std::string ca_file;
  // When set, the body of a 2xx answer goes here as it arrives instead of into answer.body
  // (which then stays empty): (status, offset of `bytes` in the body, bytes). Returning false
  // stops the transfer (TransportFailure::kStopped). Other answers' bodies (error documents)
  // are collected as usual.
  std::function<bool(int status, int64_t offset, std::string_view bytes)> body_sink;
};

struct HttpAnswer {
  int status = 0;
  aws::NameValueList headers;  // names lower case, of the final response only
  std::string body;

  // The first header of that (lower-case) name; "" when absent.
  std::string Header(std::string_view lower_name) const;
};

enum class TransportFailure {
  kNone,
  kRetryable,  // the connection failed or was reset: sending again may work
  kTimeout,
  kOther,
  kStopped,  // the exchange's body_sink asked to stop
};

struct HttpOutcome {
  TransportFailure failure = TransportFailure::kNone;
  std::string error;  // libcurl's text when failure != kNone; holds no request headers
  HttpAnswer answer;
};

class CurlTransport {
 public:
  CurlTransport();
  ~CurlTransport();
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpOutcome Perform(const HttpExchange& exchange);

 private:
  void* TakeHandle();
  void ReturnHandle(void* handle);

  std::mutex mutex_;
  std::vector<void*> idle_;  // CURL* kept with their connection caches
};

}  // namespace trib::objectstore
