#include "sql/odbc/odbc_system.h"

#include <array>

#include "sql/odbc/odbc_handle.h"

namespace trib::sql {

namespace {

bool Ok(SQLRETURN rc) { return rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO; }

}  // namespace

Result<OdbcSystem> ReadOdbcSystem() {
  TRIB_ASSIGN_OR_RETURN(OdbcHandle env, OdbcHandle::Allocate(SQL_HANDLE_ENV, SQL_NULL_HANDLE));
  if (!Ok(SQLSetEnvAttr(env.get(), SQL_ATTR_ODBC_VERSION,
                        reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0))) {
    return Status::Internal("ODBC: could not set the ODBC version on an environment handle");
  }
  OdbcSystem system;
  std::array<SQLCHAR, 512> name{};
  std::array<SQLCHAR, 1024> other{};
  SQLSMALLINT name_len = 0;
  SQLSMALLINT other_len = 0;
  // A name longer than the buffer comes back truncated (SQL_SUCCESS_WITH_INFO): such a name
  // could never match one a definition gives in full, so it is skipped.
  for (SQLUSMALLINT direction = SQL_FETCH_FIRST;; direction = SQL_FETCH_NEXT) {
    const SQLRETURN rc =
        SQLDrivers(env.get(), direction, name.data(), static_cast<SQLSMALLINT>(name.size()),
                   &name_len, other.data(), static_cast<SQLSMALLINT>(other.size()), &other_len);
    if (!Ok(rc)) break;  // SQL_NO_DATA: the end
    if (name_len >= 0 && static_cast<size_t>(name_len) < name.size()) {
      system.drivers.emplace_back(reinterpret_cast<const char*>(name.data()),
                                  static_cast<size_t>(name_len));
    }
  }
  for (SQLUSMALLINT direction = SQL_FETCH_FIRST_SYSTEM;; direction = SQL_FETCH_NEXT) {
    const SQLRETURN rc =
        SQLDataSources(env.get(), direction, name.data(), static_cast<SQLSMALLINT>(name.size()),
                       &name_len, other.data(), static_cast<SQLSMALLINT>(other.size()), &other_len);
    if (!Ok(rc)) break;
    if (name_len >= 0 && static_cast<size_t>(name_len) < name.size()) {
      system.dsns.emplace_back(reinterpret_cast<const char*>(name.data()),
                               static_cast<size_t>(name_len));
    }
  }
  return system;
}

}  // namespace trib::sql
