// Expected failures as values: a code, a message and, where one is to blame, the field.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace trib {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // bad input; `field` names the culprit
  kUnauthenticated,     // no or bad credentials to tributary
  kPermissionDenied,    // authenticated but not allowed
  kNotFound,            // absent, or hidden from the caller
  kAlreadyExists,       // name taken
  kConflict,            // stale version (optimistic concurrency)
  kFailedPrecondition,  // the object's state forbids it (e.g. deleting a default data source)
  kPayloadTooLarge,
  kUnavailable,  // a dependency (database, store) cannot be reached
  kUpstreamRejected,  // the store refused tributary's credentials (wrong password, expired)
  kDeadlineExceeded,  // a time limit (connect or statement timeout) ran out
  kCancelled,         // the caller went away or asked to stop
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string field, std::string message) {
    return {StatusCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Status Unauthenticated(std::string message) {
    return {StatusCode::kUnauthenticated, std::move(message)};
  }
  static Status PermissionDenied(std::string message) {
    return {StatusCode::kPermissionDenied, std::move(message)};
  }
  static Status NotFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status AlreadyExists(std::string field, std::string message) {
    return {StatusCode::kAlreadyExists, std::move(message), std::move(field)};
  }
  static Status Conflict(std::string message) {
    return {StatusCode::kConflict, std::move(message), "version"};
  }
  static Status FailedPrecondition(std::string message) {
    return {StatusCode::kFailedPrecondition, std::move(message)};
  }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status DeadlineExceeded(std::string message) {
    return {StatusCode::kDeadlineExceeded, std::move(message)};
  }
  static Status Cancelled(std::string message) {
    return {StatusCode::kCancelled, std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  std::string ToString() const;

  // Prefixes the field with a parent path: "arguments" + "password" -> "arguments.password".
  Status WithFieldPrefix(std::string_view prefix) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace trib

#define TRIB_CONCAT_INNER(a, b) a##b
#define TRIB_CONCAT(a, b) TRIB_CONCAT_INNER(a, b)

#define TRIB_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::trib::Status trib_status_ = (expr);        \
    if (!trib_status_.ok()) return trib_status_; \
  } while (0)

#define TRIB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#define TRIB_ASSIGN_OR_RETURN(lhs, expr) \
  TRIB_ASSIGN_OR_RETURN_IMPL(TRIB_CONCAT(trib_result_, __LINE__), lhs, expr)
