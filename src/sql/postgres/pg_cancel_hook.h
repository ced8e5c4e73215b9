// While a query runs, a CancelToken can stop it: the hook registers PQcancel for every
// connection the query uses and unregisters it before the connections go away.
#pragma once

#include <memory>
#include <vector>

#include "common/cancel.h"

struct pg_conn;
struct pg_cancel;

namespace trib::sql::pg {

class CancelHook {
 public:
  // `token` may be null: then only CancelQuery/CancelAll (used to abandon a query) work.
  CancelHook(std::shared_ptr<CancelToken> token, const std::vector<pg_conn*>& conns);
  ~CancelHook();  // unregisters, then frees the cancel handles
  CancelHook(const CancelHook&) = delete;
  CancelHook& operator=(const CancelHook&) = delete;

  const CancelToken* token() const { return token_.get(); }
  bool fired() const { return token_ != nullptr && token_->cancelled(); }

  // Asks the server to stop what connection `i` (or every connection) runs; safe from any
  // thread, and a no-op when nothing runs.
  void CancelQuery(size_t i) const;
  void CancelAll() const;

 private:
  std::shared_ptr<CancelToken> token_;
  std::vector<pg_cancel*> cancels_;
};

}  // namespace trib::sql::pg
