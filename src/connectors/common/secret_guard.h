// Keeps stored secrets out of every message that leaves a connector. A database may echo what
// a query contains; replacing a matched secret with "<redacted>" would tell the caller which
// of his guesses was the password (a scrub oracle). So a message that contains a secret, or
// any token of one of 4+ characters, is withheld whole: the caller gets a generic error with an
// error id, and the scrubbed text goes to the audit log as datasource.secret_echo.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace trib {

using AuditSink = std::function<void(const std::string& action, Json detail)>;

class SecretGuard {
 public:
  SecretGuard() = default;
  // `audit` may be empty (tests, C++ callers without an audit log).
  SecretGuard(std::vector<std::string> secrets, AuditSink audit);

  // `status` itself when its message holds no secret, else the withheld form.
  Status Filter(Status status) const;
  // `text` with every secret and secret token replaced by "<redacted>".
  std::string Scrub(std::string text) const;
  bool Contains(std::string_view text) const;

 private:
  struct State {
    std::vector<std::string> needles;  // whole secrets and their tokens, longest first
    AuditSink audit;
  };
  std::shared_ptr<const State> state_ = std::make_shared<State>();
};

}  // namespace trib
