// An owned ODBC handle (environment, connection or statement), freed exactly once.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <utility>

#include "common/status.h"

namespace trib::sql {

class OdbcHandle {
 public:
  OdbcHandle() = default;
  OdbcHandle(SQLSMALLINT type, SQLHANDLE handle) : type_(type), handle_(handle) {}
  ~OdbcHandle() { reset(); }
  OdbcHandle(OdbcHandle&& other) noexcept
      : type_(other.type_), handle_(std::exchange(other.handle_, nullptr)) {}
  OdbcHandle& operator=(OdbcHandle&& other) noexcept {
    if (this != &other) {
      reset();
      type_ = other.type_;
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  OdbcHandle(const OdbcHandle&) = delete;
  OdbcHandle& operator=(const OdbcHandle&) = delete;

  SQLHANDLE get() const { return handle_; }
  SQLSMALLINT type() const { return type_; }
  void reset() {
    if (handle_ != nullptr) SQLFreeHandle(type_, handle_);
    handle_ = nullptr;
  }

  // SQLAllocHandle; the parent's diagnostics are not read (allocation failures are rare and
  // say little), so the error is generic.
  static Result<OdbcHandle> Allocate(SQLSMALLINT type, SQLHANDLE parent) {
    SQLHANDLE handle = nullptr;
    const SQLRETURN rc = SQLAllocHandle(type, parent, &handle);
    if (rc != SQL_SUCCESS && rc != SQL_SUCCESS_WITH_INFO) {
      return Status::Internal("ODBC: could not allocate a handle (type " + std::to_string(type) +
                              ")");
    }
    return OdbcHandle(type, handle);
  }

 private:
  SQLSMALLINT type_ = SQL_HANDLE_STMT;
  SQLHANDLE handle_ = nullptr;
};

}  // namespace trib::sql
