// A complete service on a temp dir (SQLite catalog, key-file vault), optionally served over
// HTTP on a free loopback port, for service and REST tests.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/json.h"
#include "server/rest_server.h"
#include "service/tributary.h"

namespace trib::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct TestService {
  // `catalog_location` empty: a SQLite file in the temp dir.
  // `configure` may adjust the options (e.g. the connectors' environment) before the start.
  explicit TestService(const std::string& catalog_location = "",
                       const std::function<void(TributaryOptions&)>& configure = nullptr);
  ~TestService();

  Principal admin;
  std::string admin_key;
  TempDir dir;
  std::unique_ptr<Tributary> service;

  // A new non-admin user and its key.
  std::pair<Principal, std::string> NewUser(const std::string& name);
};

// HTTP answer as status + parsed JSON (null for an empty body).
struct Answer {
  int status = 0;
  Json body;
  std::string raw;
  std::string content_type;
};

class TestServer {
 public:
  // `configure` as TestService's (e.g. the connectors' AWS environment).
  explicit TestServer(const std::function<void(TributaryOptions&)>& configure = nullptr);
  ~TestServer();

  TestService& env() { return env_; }
  int port() const { return server_->port(); }

  Answer Call(const std::string& method, const std::string& path, const std::string& api_key,
              const std::string& body = "");
  Answer Call(const std::string& method, const std::string& path, const std::string& api_key,
              const Json& body) {
    return Call(method, path, api_key, body.dump());
  }
  // A POST whose answer may be binary (reads): `raw` holds the bytes, `content_type` is set.
  Answer Post(const std::string& path, const std::string& api_key, const Json& body,
              const std::string& accept);
  // A POST of raw bytes (writes): `content_type` says what they are.
  Answer PostBytes(const std::string& path, const std::string& api_key, const std::string& bytes,
                   const std::string& content_type);

 private:
  Answer Send(const std::string& path, const std::string& api_key, const std::string& bytes,
              const std::string& content_type, const std::string& accept);

 public:
 private:
  TestService env_;
  std::unique_ptr<RestServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace trib::testing
