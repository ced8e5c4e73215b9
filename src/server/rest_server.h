// The REST API over HTTP (cpp-httplib): routing, authentication, JSON bodies, errors.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "service/tributary.h"

namespace trib {

struct RestServerOptions {
  std::string host = "127.0.0.1";
  int port = 8470;  // 0 picks a free port
  size_t max_body_bytes = 1 << 20;
  int threads = 64;  // keep-alive connections each hold a worker while open
};

class RestServer {
 public:
  RestServer(Tributary& service, RestServerOptions options);
  ~RestServer();

  // Binds the socket; the port is known after this returns.
  Status Bind();
  int port() const;
  // Serves until Stop() (from any thread or a signal handler's thread).
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trib
