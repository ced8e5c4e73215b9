#include "cli/secret_input.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace trib::cli {

namespace {

// Secrets are small (keys, passwords, service-account JSON); a bigger input is a mistake.
constexpr size_t kMaxSecretBytes = 1 << 20;

// The terminal state to restore if the user interrupts a hidden prompt, so that the shell
// does not stay without echo.
int g_tty_fd = -1;
struct termios g_saved_tty;

extern "C" void RestoreTtyAndExit(int signo) {
  if (g_tty_fd >= 0) ::tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved_tty);
  std::signal(signo, SIG_DFL);
  std::raise(signo);
}

Result<std::string> ReadAll(std::istream& in, const std::string& what) {
  std::string out;
  char buf[4096];
  while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
    out.append(buf, static_cast<size_t>(in.gcount()));
    if (out.size() > kMaxSecretBytes) {
      return Status::InvalidArgument("", what + " is larger than 1 MiB: not a secret value");
    }
  }
  return out;
}

Result<std::string> PromptHidden(int fd, const std::string& path) {
  const std::string prompt = "Value for '" + path + "' (input hidden): ";
  if (::write(fd, prompt.data(), prompt.size()) < 0) {
    return Status::Unavailable("cannot write the prompt to the terminal");
  }
  struct termios tty {};
  const bool is_tty = ::tcgetattr(fd, &tty) == 0;
  if (is_tty) {
    g_saved_tty = tty;
    g_tty_fd = fd;
    std::signal(SIGINT, RestoreTtyAndExit);
    std::signal(SIGTERM, RestoreTtyAndExit);
    std::signal(SIGHUP, RestoreTtyAndExit);
    tty.c_lflag &= static_cast<tcflag_t>(~ECHO);
    tty.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &tty);
  }
  std::string value;
  char c = 0;
  bool got_newline = false;
  bool too_long = false;
  while (::read(fd, &c, 1) == 1) {
    if (c == '\n') {
      got_newline = true;
      break;
    }
    value += c;
    if (value.size() > kMaxSecretBytes) {
      too_long = true;
      break;
    }
  }
  if (is_tty) {
    ::tcsetattr(fd, TCSAFLUSH, &g_saved_tty);
    g_tty_fd = -1;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGHUP, SIG_DFL);
  }
  if (too_long) return Status::InvalidArgument(path, "the value for '" + path + "' is too long");
  if (!got_newline) return Status::InvalidArgument(path, "no value entered for '" + path + "'");
  if (!value.empty() && value.back() == '\r') value.pop_back();
  return value;
}

Result<std::string> FromPrompt(const std::string& path) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return Status::InvalidArgument(path, "cannot prompt for '" + path +
                                             "': no terminal; use --secret " + path +
                                             "=@FILE or --secret " + path + "=-");
  }
  Result<std::string> value = PromptHidden(fd, path);
  ::close(fd);
  return value;
}

}  // namespace

Result<std::string> ReadSecret(const SecretSpec& spec) {
  std::string value;
  switch (spec.source) {
    case SecretSource::kPrompt: {
      TRIB_ASSIGN_OR_RETURN(value, FromPrompt(spec.path));
      break;
    }
    case SecretSource::kFile: {
      std::ifstream in(spec.file, std::ios::binary);
      if (!in) {
        return Status::InvalidArgument(spec.path,
                                       "cannot read '" + spec.file + "' for '" + spec.path + "'");
      }
      TRIB_ASSIGN_OR_RETURN(value, ReadAll(in, "'" + spec.file + "'"));
      StripOneTrailingNewline(value);
      break;
    }
    case SecretSource::kStdin: {
      // Typed at a terminal, stdin would echo: hide it like a prompt.
      if (::isatty(STDIN_FILENO)) {
        TRIB_ASSIGN_OR_RETURN(value, FromPrompt(spec.path));
        break;
      }
      TRIB_ASSIGN_OR_RETURN(value, ReadAll(std::cin, "stdin"));
      StripOneTrailingNewline(value);
      break;
    }
  }
  if (value.empty()) {
    return Status::InvalidArgument(spec.path, "empty value for secret '" + spec.path + "'");
  }
  return value;
}

}  // namespace trib::cli
