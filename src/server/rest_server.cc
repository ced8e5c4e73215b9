#include "server/rest_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

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
          spdlog::info("{} {} stopped: {}", method, path, status.ToString());
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

  void Dispatch(const httplib::Request& req, httplib::Response& res) {
    Router::Match match = router->Find(req.method, req.path);
    if (match.route == nullptr) {
      if (match.path_exists) {
        return WriteJson(res, 405,
                         ErrorBody(Status(StatusCode::kInvalidArgument,
                                          req.method + " is not allowed on " + req.path)));
      }
      return WriteError(res, Status::NotFound("no such endpoint: " + req.method + " " + req.path));
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
    Result<Reply> reply = Status::Internal("unhandled");
    try {
      reply = route.handler(call);
    } catch (const std::exception& e) {
      // A bug, not a user error; the message of a library exception names no secret we hold,
      // but keep it out of the answer anyway.
      spdlog::error("{} {} raised: {}", req.method, req.path, e.what());
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
    http.Get("/api/v1/openapi.json", [openapi](const httplib::Request&, httplib::Response& res) {
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
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
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
      if (res.status >= 500) {
        spdlog::warn("{} {} -> {}", req.method, req.path, res.status);
      } else {
        spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
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
