// What every command shares: the global options, the API client built from them, printing in
// the chosen output format, and the mapping of failures to exit codes.
#pragma once

#include <memory>
#include <string>

#include "cli/api_client.h"
#include "common/json.h"
#include "common/status.h"

namespace trib::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the server refused, or could not be reached
inline constexpr int kExitUsage = 2;    // the command line is wrong; nothing was sent

struct GlobalOptions {
  std::string url = "http://127.0.0.1:8470";
  std::string api_key;       // --api-key (discouraged: argv is visible to other users)
  std::string api_key_file;  // --api-key-file, or env TRIB_API_KEY_FILE
  std::string ca_cert;       // --ca-cert, or env TRIB_CA_CERT
  std::string output = "table";
};

class CliContext {
 public:
  GlobalOptions options;
  int exit_code = kExitOk;

  // Built on first use, so that --help and usage errors never need a key or a server.
  Result<ApiClient*> Client();

  bool json() const { return options.output == "json"; }
  // --output json: the answer verbatim (indented); table: `text`.
  void Print(const Json& answer, const std::string& text) const;

 private:
  Result<std::string> ResolveApiKey() const;
  std::unique_ptr<ApiClient> client_;
};

// "error: <message> (field: <field>)" on stderr; return the exit code to use.
int Fail(const Status& status);       // kExitFailure
int UsageFail(const Status& status);  // kExitUsage
// Failure of ctx.Client(): a missing key or a bad URL is a usage error.
int ClientFail(const Status& status);

// "/projects/<encoded>" and friends.
std::string ProjectPath(const std::string& project);

}  // namespace trib::cli
