// Runs the built `trib` binary (or any command) from a test, as a user would in a shell.
#pragma once

#include <stdio.h>
#include <sys/wait.h>

#include <string>

namespace trib::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The `trib` binary of this build.
inline std::string TribBinary() { return std::string(TRIB_BINARY_DIR) + "/trib"; }

// "TRIB_URL=... TRIB_API_KEY=... /path/trib ": a prefix for CLI commands against a test server.
inline std::string TribAs(int port, const std::string& api_key) {
  return "TRIB_URL=http://127.0.0.1:" + std::to_string(port) + " TRIB_API_KEY=" + api_key + " " +
         TribBinary() + " ";
}

}  // namespace trib::testing
