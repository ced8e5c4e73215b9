#include "cli/cli_context.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "clientlib/http_support.h"
#include "clientlib/output.h"

namespace trib::cli {

namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

void PrintError(const Status& status) {
  std::string line = "error: " + status.message();
  if (!status.field().empty()) line += " (field: " + status.field() + ")";
  std::cerr << line << "\n";
}

Result<std::string> ReadKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    std::cerr << "warning: API key file " << path << " is readable by other users; chmod 600 it\n";
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("api_key_file", "cannot read API key file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) {
    key.pop_back();
  }
  if (key.empty())
    return Status::InvalidArgument("api_key_file", "API key file " + path + " is empty");
  return key;
}

}  // namespace

Result<std::string> CliContext::ResolveApiKey() const {
  if (!options.api_key.empty()) return options.api_key;
  if (!options.api_key_file.empty()) return ReadKeyFile(options.api_key_file);
  const std::string env_key = EnvOr("TRIB_API_KEY", "");
  if (!env_key.empty()) return env_key;
  const std::string env_file = EnvOr("TRIB_API_KEY_FILE", "");
  if (!env_file.empty()) return ReadKeyFile(env_file);
  return Status::Unauthenticated(
      "no API key: set TRIB_API_KEY, or give --api-key-file FILE (or TRIB_API_KEY_FILE)");
}

Result<ApiClient*> CliContext::Client() {
  if (client_ == nullptr) {
    TRIB_ASSIGN_OR_RETURN(std::string key, ResolveApiKey());
    const std::string ca_cert =
        options.ca_cert.empty() ? EnvOr("TRIB_CA_CERT", "") : options.ca_cert;
    TRIB_ASSIGN_OR_RETURN(client_, ApiClient::Create({options.url, std::move(key), ca_cert}));
    if (client_->plain_http_off_loopback()) {
      std::cerr << "warning: " << options.url
                << " is plain http: the API key crosses the network unencrypted; use https\n";
    }
  }
  return client_.get();
}

void CliContext::Print(const Json& answer, const std::string& text) const {
  if (json()) {
    if (!answer.is_null()) std::cout << RenderJson(answer);
  } else {
    std::cout << text;
  }
  std::cout.flush();
}

int Fail(const Status& status) {
  PrintError(status);
  return kExitFailure;
}

int UsageFail(const Status& status) {
  PrintError(status);
  return kExitUsage;
}

int ClientFail(const Status& status) {
  return status.code() == StatusCode::kUnavailable ? Fail(status) : UsageFail(status);
}

std::string ProjectPath(const std::string& project) {
  return "/projects/" + EncodeComponent(project);
}

}  // namespace trib::cli
