#include "test_service.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "connectors/builtin_types.h"

namespace trib::testing {

TempDir::TempDir() {
  path_ = std::filesystem::temp_directory_path() / ("trib-test-" + RandomHex(8));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestService::TestService(const std::string& catalog_location,
                         const std::function<void(TributaryOptions&)>& configure) {
  VaultOptions vault_options;
  vault_options.key_file = (dir.path() / "master.key").string();
  auto vault = Vault::Open(vault_options);
  if (!vault.ok()) throw std::runtime_error("vault: " + vault.status().ToString());
  auto catalog =
      OpenCatalog(catalog_location.empty() ? "sqlite:" + (dir.path() / "catalog.db").string()
                                           : catalog_location);
  if (!catalog.ok()) throw std::runtime_error("catalog: " + catalog.status().ToString());
  TributaryOptions options;
  options.data_dir = dir.path().string();
  if (configure) configure(options);
  service = std::make_unique<Tributary>(std::move(catalog).value(), std::move(vault).value(),
                                        BuiltinTypes(), options);
  auto key = service->BootstrapAdmin();
  if (!key.ok() || !*key) throw std::runtime_error("bootstrap failed");
  admin_key = **key;
  auto principal = service->Authenticate(admin_key);
  if (!principal.ok()) throw std::runtime_error("admin key does not authenticate");
  admin = *principal;
}

TestService::~TestService() = default;

std::pair<Principal, std::string> TestService::NewUser(const std::string& name) {
  auto created = service->CreateUser(admin, Json{{"name", name}});
  if (!created.ok()) throw std::runtime_error("create user: " + created.status().ToString());
  std::string key = (*created)["api_key"];
  auto principal = service->Authenticate(key);
  if (!principal.ok()) throw std::runtime_error("new key does not authenticate");
  return {*principal, key};
}

TestServer::TestServer(const std::function<void(TributaryOptions&)>& configure)
    : env_("", configure) {
  RestServerOptions options;
  options.port = 0;
  options.threads = 8;
  server_ = std::make_unique<RestServer>(*env_.service, options);
  Status bound = server_->Bind();
  if (!bound.ok()) throw std::runtime_error(bound.ToString());
  thread_ = std::thread([this] { server_->Run(); });
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  client_->set_read_timeout(30, 0);
  for (int i = 0; i < 200 && !client_->Get("/healthz"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TestServer::~TestServer() {
  server_->Stop();
  thread_.join();
}

Answer TestServer::Call(const std::string& method, const std::string& path,
                        const std::string& api_key, const std::string& body) {
  httplib::Headers headers;
  if (!api_key.empty()) headers.emplace("Authorization", "ApiKey " + api_key);
  httplib::Result res(nullptr, httplib::Error::Unknown);
  if (method == "GET") res = client_->Get(path, headers);
  if (method == "DELETE") res = client_->Delete(path, headers);
  if (method == "POST") res = client_->Post(path, headers, body, "application/json");
  if (method == "PUT") res = client_->Put(path, headers, body, "application/json");
  Answer answer;
  if (!res) {
    answer.status = -1;
    return answer;
  }
  answer.status = res->status;
  answer.raw = res->body;
  answer.body = res->body.empty() ? Json() : Json::parse(res->body, nullptr, false);
  return answer;
}

Answer TestServer::Post(const std::string& path, const std::string& api_key, const Json& body,
                        const std::string& accept) {
  return Send(path, api_key, body.dump(), "application/json", accept);
}

Answer TestServer::PostBytes(const std::string& path, const std::string& api_key,
                             const std::string& bytes, const std::string& content_type) {
  return Send(path, api_key, bytes, content_type, "application/json");
}

Answer TestServer::Send(const std::string& path, const std::string& api_key,
                        const std::string& bytes, const std::string& content_type,
                        const std::string& accept) {
  httplib::Headers headers = {{"Accept", accept}};
  if (!api_key.empty()) headers.emplace("Authorization", "ApiKey " + api_key);
  auto res = client_->Post(path, headers, bytes, content_type);
  Answer answer;
  if (!res) {
    answer.status = -1;
    return answer;
  }
  answer.status = res->status;
  answer.raw = res->body;
  answer.content_type = res->get_header_value("Content-Type");
  if (answer.content_type.rfind("application/json", 0) == 0) {
    answer.body = Json::parse(res->body, nullptr, false);
  }
  return answer;
}

}  // namespace trib::testing
