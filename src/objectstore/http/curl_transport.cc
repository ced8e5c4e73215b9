#include "objectstore/http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "common/strings.h"
#include "net/egress_policy.h"

namespace trib::objectstore {

namespace {

// Idle handles kept beyond this are closed: enough for the readers of one process to keep
// their connections without holding sockets for every burst there ever was.
constexpr size_t kMaxIdleHandles = 8;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Where a body goes: into `body`, or (2xx answers, when the exchange has one) to the sink.
struct BodyTarget {
  CURL* curl = nullptr;
  std::string* body = nullptr;
  const std::function<bool(int, int64_t, std::string_view)>* sink = nullptr;
  long status = -1;  // known once the first body bytes arrive
  int64_t offset = 0;
  bool stopped = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* target = static_cast<BodyTarget*>(user);
  const size_t n = size * count;
  if (target->status < 0) curl_easy_getinfo(target->curl, CURLINFO_RESPONSE_CODE, &target->status);
  if (*target->sink && target->status >= 200 && target->status < 300) {
    if (!(*target->sink)(static_cast<int>(target->status), target->offset,
                         std::string_view(data, n))) {
      target->stopped = true;
      return 0;  // CURLE_WRITE_ERROR
    }
    target->offset += static_cast<int64_t>(n);
    return n;
  }
  target->body->append(data, n);
  return n;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<aws::NameValueList*>(user);
  const std::string_view line(data, size * count);
  // A new status line (after "100 Continue" or an interim answer) starts a new header block.
  if (line.starts_with("HTTP/")) {
    headers->clear();
    return line.size();
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  headers->emplace_back(ToLower(line.substr(0, colon)), std::string(value));
  return line.size();
}

TransportFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportFailure::kRetryable;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    default:
      return TransportFailure::kOther;
  }
}

// "host:port:addr,addr" for CURLOPT_RESOLVE; IPv6 addresses go in brackets.
std::string ResolveEntry(const HttpExchange& exchange) {
  std::string entry = exchange.host + ":" + std::to_string(exchange.port) + ":";
  for (size_t i = 0; i < exchange.addresses.size(); ++i) {
    if (i > 0) entry += ',';
    const std::string& address = exchange.addresses[i];
    entry += address.find(':') == std::string::npos ? address : "[" + address + "]";
  }
  return entry;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

bool Append(Slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  list.release();
  list.reset(grown);
  return true;
}

}  // namespace

std::string HttpAnswer::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

CurlTransport::CurlTransport() { GlobalInit(); }

CurlTransport::~CurlTransport() {
  for (void* handle : idle_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* CurlTransport::TakeHandle() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      void* handle = idle_.back();
      idle_.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void CurlTransport::ReturnHandle(void* handle) {
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleHandles) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(static_cast<CURL*>(handle));
}

HttpOutcome CurlTransport::Perform(const HttpExchange& exchange) {
  HttpOutcome outcome;
  CURL* curl = static_cast<CURL*>(TakeHandle());
  if (curl == nullptr) {
    outcome.failure = TransportFailure::kOther;
    outcome.error = "libcurl could not make a handle";
    return outcome;
  }
  // Options from an earlier exchange are cleared; its live connections stay for reuse.
  curl_easy_reset(curl);

  Slist headers;
  Slist resolve;
  bool built = true;
  for (const auto& [name, value] : exchange.headers) {
    built = built && Append(headers, name + ": " + value);
  }
  // libcurl adds these unless told not to: no 100-continue round trip, no form content type.
  built = built && Append(headers, "Expect:");
  const bool has_content_type =
      std::any_of(exchange.headers.begin(), exchange.headers.end(),
                  [](const auto& header) { return ToLower(header.first) == "content-type"; });
  if (!has_content_type) built = built && Append(headers, "Content-Type:");
  // An IP literal is connected to as is; a name is pinned to the checked addresses.
  if (!net::ParseIpLiteral(exchange.host)) built = built && Append(resolve, ResolveEntry(exchange));
  if (!built) {
    ReturnHandle(curl);
    outcome.failure = TransportFailure::kOther;
    outcome.error = "libcurl could not take the request headers";
    return outcome;
  }

  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_URL, exchange.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  // The path goes out as signed; libcurl must not fold "/../" (keys never hold one anyway).
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  // A proxy from the environment would reach the host by a path the egress check never saw.
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: other threads run beside us
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!exchange.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, exchange.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(exchange.connect_timeout_ms, 1)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(exchange.timeout_ms, 1)));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  if (resolve) curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve.get());
  BodyTarget body{.curl = curl, .body = &outcome.answer.body, .sink = &exchange.body_sink};
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  // A streamed body is handed on in larger pieces: fewer calls into the sink (and its writes).
  if (exchange.body_sink) curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L * 1024);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &outcome.answer.headers);

  if (exchange.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (exchange.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, exchange.method.c_str());
    if (exchange.method == "PUT" || exchange.method == "POST") {
      // Not copied: `exchange.body` outlives the transfer. Never null: libcurl would then read
      // the body from stdin through its default read callback.
      static constexpr char kEmpty[] = "";
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
                       exchange.body.empty() ? kEmpty : exchange.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(exchange.body.size()));
    }
  }

  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    outcome.answer.status = static_cast<int>(status);
  } else if (body.stopped) {
    outcome.failure = TransportFailure::kStopped;
    outcome.error = "stopped by its reader";
  } else {
    outcome.failure = Classify(code);
    outcome.error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  }
  // The lists die with this call; the handle must not point at them any more.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_RESOLVE, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (exchange.ca_file.empty()) {
    ReturnHandle(curl);
  } else {
    curl_easy_cleanup(curl);  // its trust settings must not carry over to another exchange
  }
  return outcome;
}

}  // namespace trib::objectstore
