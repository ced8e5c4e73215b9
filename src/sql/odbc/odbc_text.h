// Text across the ODBC edge: tributary speaks UTF-8, the ODBC wide API UTF-16 (SQLWCHAR).
// The wide API is used everywhere so no driver manager or locale re-encodes anything.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>

namespace trib::sql {

static_assert(sizeof(SQLWCHAR) == 2, "unixODBC's SQLWCHAR is UTF-16");

using WideString = std::basic_string<SQLWCHAR>;

// Invalid UTF-8 becomes U+FFFD.
WideString ToWide(std::string_view utf8);

// Converts UTF-16 arriving in pieces (SQLGetData chunks may split a surrogate pair).
class Utf16Decoder {
 public:
  void Append(const SQLWCHAR* units, size_t count, std::string& out);
  void Finish(std::string& out);  // a dangling high surrogate becomes U+FFFD

 private:
  SQLWCHAR pending_high_ = 0;
};

std::string ToUtf8(const SQLWCHAR* units, size_t count);

}  // namespace trib::sql
