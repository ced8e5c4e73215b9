#include "sql/postgres/pg_cancel_hook.h"

#include <libpq-fe.h>

namespace trib::sql::pg {

CancelHook::CancelHook(std::shared_ptr<CancelToken> token, const std::vector<pg_conn*>& conns)
    : token_(std::move(token)) {
  cancels_.reserve(conns.size());
  for (pg_conn* conn : conns) cancels_.push_back(PQgetCancel(conn));
  if (token_ != nullptr) {
    // Captures the handles, not `this`: they stay valid until Clear() in the destructor.
    token_->OnCancel([cancels = cancels_] {
      char error[256];
      for (pg_cancel* c : cancels) {
        if (c != nullptr) PQcancel(c, error, sizeof error);
      }
    });
  }
}

CancelHook::~CancelHook() {
  if (token_ != nullptr) token_->Clear();
  for (pg_cancel* c : cancels_) PQfreeCancel(c);
}

void CancelHook::CancelQuery(size_t i) const {
  char error[256];
  if (i < cancels_.size() && cancels_[i] != nullptr) PQcancel(cancels_[i], error, sizeof error);
}

void CancelHook::CancelAll() const {
  for (size_t i = 0; i < cancels_.size(); ++i) CancelQuery(i);
}

}  // namespace trib::sql::pg
