#include "connectors/common/secret_guard.h"

#include <algorithm>
#include <cctype>

#include "common/random.h"

namespace trib {

namespace {

constexpr size_t kMinNeedle = 4;
constexpr std::string_view kRedactedText = "<redacted>";

// The secret and the runs of letters and digits inside it.
void AddNeedles(const std::string& secret, std::vector<std::string>& out) {
  if (secret.size() >= kMinNeedle) out.push_back(secret);
  std::string token;
  for (size_t i = 0; i <= secret.size(); ++i) {
    const bool word = i < secret.size() && std::isalnum(static_cast<unsigned char>(secret[i]));
    if (word) {
      token += secret[i];
      continue;
    }
    if (token.size() >= kMinNeedle && token != secret) out.push_back(token);
    token.clear();
  }
}

}  // namespace

SecretGuard::SecretGuard(std::vector<std::string> secrets, AuditSink audit) {
  auto state = std::make_shared<State>();
  for (const std::string& secret : secrets) AddNeedles(secret, state->needles);
  std::sort(state->needles.begin(), state->needles.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  state->needles.erase(std::unique(state->needles.begin(), state->needles.end()),
                       state->needles.end());
  state->audit = std::move(audit);
  state_ = std::move(state);
}

bool SecretGuard::Contains(std::string_view text) const {
  // A driver that already replaced the password (libpq's messages) marks an echo just the same.
  if (text.find(kRedactedText) != std::string_view::npos) return true;
  return std::any_of(state_->needles.begin(), state_->needles.end(),
                     [&](const std::string& n) { return text.find(n) != std::string_view::npos; });
}

std::string SecretGuard::Scrub(std::string text) const {
  for (const std::string& needle : state_->needles) {
    for (size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + kRedactedText.size())) {
      text.replace(at, needle.size(), kRedactedText);
    }
  }
  return text;
}

Status SecretGuard::Filter(Status status) const {
  if (status.ok() || !Contains(status.message())) return status;
  const std::string error_id = RandomHex(8);
  if (state_->audit) {
    state_->audit("datasource.secret_echo",
                  Json{{"error_id", error_id},
                       {"code", std::string(StatusCodeName(status.code()))},
                       {"message", Scrub(status.message())}});
  }
  return Status(status.code(),
                "the data source's message was withheld because it contained a stored secret "
                "(error id " +
                    error_id + "; a data owner finds it in the audit log)",
                status.field());
}

}  // namespace trib
