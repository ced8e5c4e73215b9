#include "server/rest_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "common/strings.h"
#include "server/http_errors.h"
#include "server/route.h"
#include "server/router.h"

namespace trib {

namespace {

constexpr std::string_view kJson = "application/json";

void WriteJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  if (status == 204) return;
  // Replace rather than throw on invalid UTF-8 in stored text.
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), kJson.data());
}

void WriteError(httplib::Response& res, const Status& status) {
  WriteJson(res, HttpStatusFor(status.code()), ErrorBody(status));
}

// Answers and then drops the connection. httplib has no call for that; it stops serving a
// connection when a content provider fails, so this one writes the whole body (the
// Content-Length is met) and then reports failure.
void WriteErrorAndClose(httplib::Response& res, const Status& status) {
  res.status = HttpStatusFor(status.code());
  auto text = std::make_shared<std::string>(ErrorBody(status).dump());
  res.set_header("Connection", "close");
  res.set_content_provider(text->size(), kJson.data(),
                           [text](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(text->data() + offset, length);
                             return false;
                           });
}

// A body framed two ways (Transfer-Encoding and Content-Length, or two Content-Lengths) is
// the stuff of request smuggling: a proxy in front may have framed it the other way. RFC 9112
// 6.1/6.3: refuse, and close the connection.
Status CheckFraming(const httplib::Request& req) {
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) {
    return Status::InvalidArgument("Content-Length",
                                   "the request has more than one Content-Length");
  }
  if (lengths == 1 && req.has_header("Transfer-Encoding")) {
    return Status::InvalidArgument("Transfer-Encoding",
                                   "the request has both Transfer-Encoding and Content-Length");
  }
  return Status::Ok();
}

void WriteMethodNotAllowed(httplib::Response& res, const std::string& method,
                           const std::string& path, const std::vector<std::string>& allowed) {
  res.set_header("Allow", Join(allowed));
  WriteJson(res, 405,
            ErrorBody(Status(StatusCode::kInvalidArgument,
                             EscapeControl(method.substr(0, 32)) + " is not allowed on " +
                                 EscapeControl(path) + "; allowed: " + Join(allowed))));
}

// The methods httplib parses (others fail in its request-line parser).
bool IsKnownMethod(const std::string& method) {
  for (const char* known :
       {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"}) {
    if (method == known) return true;
  }
  return false;
}

// Sends a produced body chunk by chunk. A failure after the first byte cannot change the status
// any more: the connection is closed without the final chunk, so the client sees a truncated
// transfer rather than a short but valid-looking result.
void WriteStream(const httplib::Request& req, httplib::Response& res,
                 std::shared_ptr<StreamBody> body) {
  res.status = 200;
  const std::string method = req.method;
  const std::string path = req.path;
  res.set_chunked_content_provider(
      body->content_type, [body, method, path](size_t, httplib::DataSink& sink) {
        auto write = [&sink](const char* data, size_t size) { return sink.write(data, size); };
        auto alive = [&sink] { return sink.is_writable(); };
        Status status = body->produce(write, alive);
        if (!status.ok()) {
          spdlog::info("{} {} stopped: {}", method, EscapeControl(path), status.ToString());
          return false;
        }
        sink.done();
        return true;
      });
}

}  // namespace

struct RestServer::Impl {
  Tributary& service;
  RestServerOptions options;
  httplib::Server http;
  std::vector<RouteSpec> routes;
  std::unique_ptr<Router> router;
  int bound_port = 0;

  Impl(Tributary& s, RestServerOptions o) : service(s), options(std::move(o)) {}

  Result<Principal> Authenticate(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kScheme = "ApiKey ";
    if (header.empty()) {
      return Status::Unauthenticated("missing 'Authorization: ApiKey <key>' header");
    }
    if (header.compare(0, kScheme.size(), kScheme) != 0) {
      return Status::Unauthenticated("the Authorization header must use the ApiKey scheme");
    }
    return service.Authenticate(std::string_view(header).substr(kScheme.size()));
  }

  // A method httplib parsed but has no handler table for (TRACE, CONNECT, ...) or does not
  // know at all: 405 with the path's methods, or 404.
  void NoSuchMethod(const std::string& method, const std::string& path, httplib::Response& res) {
    Router::Match match = router->Find(method, path);
    if (match.path_exists) return WriteMethodNotAllowed(res, method, path, match.allowed);
    WriteError(res, Status::NotFound("no such endpoint: " + EscapeControl(method.substr(0, 32)) +
                                     " " + EscapeControl(path)));
  }

  void Dispatch(const httplib::Request& req, httplib::Response& res) {
    if (Status framing = CheckFraming(req); !framing.ok()) {
      return WriteErrorAndClose(res, framing);
    }
    Router::Match match = router->Find(req.method, req.path);
    if (match.route == nullptr) {
      if (match.path_exists) return WriteMethodNotAllowed(res, req.method, req.path, match.allowed);
      return WriteError(
          res, Status::NotFound("no such endpoint: " + req.method + " " + EscapeControl(req.path)));
    }
    const RouteSpec& route = *match.route;
    Call call;
    std::optional<Principal> principal;
    if (route.authenticated) {
      auto auth = Authenticate(req);
      if (!auth.ok()) return WriteError(res, auth.status());
      principal = std::move(auth).value();
      call.caller = &*principal;
    }
    call.params = std::move(match.params);
    for (const auto& [k, v] : req.params) call.query.emplace(k, v);
    call.raw_body = &req.body;
    call.accept = req.get_header_value("Accept");
    call.content_type = req.get_header_value("Content-Type");
    Result<Reply> reply = Status::Internal("unhandled");
    try {
      reply = route.handler(call);
    } catch (const std::exception& e) {
      // A bug, not a user error; the message of a library exception names no secret we hold,
      // but keep it out of the answer anyway.
      spdlog::error("{} {} raised: {}", req.method, EscapeControl(req.path), e.what());
      reply = Status::Internal("internal error");
    }
    if (!reply.ok()) return WriteError(res, reply.status());
    if (reply->stream) return WriteStream(req, res, std::move(reply->stream));
    WriteJson(res, reply->status, reply->body);
  }

  void Setup() {
    routes = ApiRoutes(service);
    router = std::make_unique<Router>(routes);
    const std::string openapi = OpenApiDocument(routes, service.types()).dump(1);
    http.Get("/api/v1/openapi.json",
             [openapi](const httplib::Request& req, httplib::Response& res) {
               if (Status framing = CheckFraming(req); !framing.ok()) {
                 return WriteErrorAndClose(res, framing);
               }
               res.set_content(openapi, kJson.data());
             });
    auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
      Dispatch(req, res);
    };
    http.Get(".*", dispatch);
    http.Post(".*", dispatch);
    http.Put(".*", dispatch);
    http.Delete(".*", dispatch);
    http.Patch(".*", dispatch);
    http.Options(".*", dispatch);  // no route has OPTIONS: 405 with Allow

    const auto threads = static_cast<size_t>(options.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_payload_max_length(options.max_body_bytes);
    // httplib's default adds SO_REUSEPORT, which lets a second server silently share a taken
    // port; keep only SO_REUSEADDR so a restart can rebind while old connections drain.
    // TCP_NODELAY (inherited by accepted sockets): headers and body go out in separate writes,
    // and Nagle plus delayed ACKs would hold the body back ~40 ms.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    });
    http.set_keep_alive_max_count(10000);
    http.set_keep_alive_timeout(30);
    http.set_read_timeout(30, 0);
    http.set_write_timeout(30, 0);
    // httplib answers some failures itself (no route, body too large) with an empty body.
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      // An answer already made (a body, or the provider of WriteErrorAndClose) stays as it is.
      if (!res.body.empty() || res.content_provider_) return;
      // httplib sets REMOTE_ADDR once it has read the request line and every header.
      const bool headers_read = req.has_header("REMOTE_ADDR");
      if (res.status == 400 && !req.method.empty() && !IsKnownMethod(req.method)) {
        // Its parser stops at the method, before the path: take it from the target.
        return NoSuchMethod(req.method, req.target.substr(0, req.target.find('?')), res);
      }
      if (res.status == 400 && headers_read && !req.path.empty() &&
          (req.method == "TRACE" || req.method == "CONNECT" || req.method == "PRI")) {
        return NoSuchMethod(req.method, req.path, res);
      }
      if (res.status == 400 && !headers_read && !req.path.empty()) {
        // The request line parsed, a header line did not: longer than httplib's limit (8 KiB).
        return WriteJson(
            res, 431,
            ErrorBody(Status(StatusCode::kInvalidArgument,
                             "a request header is longer than 8192 bytes", "headers")));
      }
      if (res.status == 413) {
        WriteError(res,
                   Status(StatusCode::kPayloadTooLarge, "request body exceeds the limit", "body"));
      } else if (res.status == 404) {
        WriteError(res, Status::NotFound("no such endpoint: " + req.method + " " + req.path));
      } else {
        res.set_content(ErrorBody(Status(StatusCode::kInvalidArgument, "bad request")).dump(),
                        kJson.data());
      }
    });
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      // Paths and statuses only: bodies and headers may carry secrets.
      // httplib has decoded the path: %0a is a newline by now.
      const std::string method = EscapeControl(req.method.substr(0, 32));
      const std::string path = EscapeControl(req.path);
      if (res.status >= 500) {
        spdlog::warn("{} {} -> {}", method, path, res.status);
      } else {
        spdlog::debug("{} {} -> {}", method, path, res.status);
      }
    });
  }
};

RestServer::RestServer(Tributary& service, RestServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  impl_->Setup();
}

RestServer::~RestServer() { Stop(); }

Status RestServer::Bind() {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->http.bind_to_any_port(impl_->options.host);
    if (impl_->bound_port <= 0) {
      return Status::Unavailable("cannot listen on " + impl_->options.host);
    }
  } else {
    if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) {
      return Status::Unavailable("cannot listen on " + impl_->options.host + ":" +
                                 std::to_string(impl_->options.port) +
                                 " (in use, or not an address of this machine)");
    }
    impl_->bound_port = impl_->options.port;
  }
  return Status::Ok();
}

int RestServer::port() const { return impl_->bound_port; }

void RestServer::Run() { impl_->http.listen_after_bind(); }

void RestServer::Stop() {
  if (impl_->http.is_running()) impl_->http.stop();
}

}  // namespace trib
