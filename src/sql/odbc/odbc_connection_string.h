// ODBC connection strings ("Driver={PostgreSQL};Server=h;UID=u"): parsed into attributes and
// written back with values braced where ODBC needs it, so no value can inject an attribute.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib::sql {

struct OdbcAttribute {
  std::string key;
  std::string value;
};
using OdbcAttributes = std::vector<OdbcAttribute>;

// "DSN=x;UID=u", "Driver={A;B}" ("}}" inside braces is "}"), and the JDBC-ODBC bridge's
// "MyDsn;Attr=v" (a leading name without '=' is the DSN). Errors name no value.
Result<OdbcAttributes> ParseOdbcConnectionString(std::string_view text);

// "key=value;..." with each value braced when it has ';', '{', '}', '=' or edge blanks.
std::string FormatOdbcConnectionString(const OdbcAttributes& attributes);

// "{...}" with '}' doubled when `value` needs it, else `value` as it is.
std::string OdbcAttributeValue(std::string_view value);

// Keys compare without regard to case, as ODBC does.
bool HasOdbcAttribute(const OdbcAttributes& attributes, std::string_view key);
// Replaces the value of `key` (any case), or appends it.
void SetOdbcAttribute(OdbcAttributes& attributes, std::string_view key, std::string value);

}  // namespace trib::sql
