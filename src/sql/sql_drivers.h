// Opens a session with the driver a jdbc: URL names. The only place that lists the drivers.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sql/jdbc_url.h"
#include "sql/sql_driver.h"

namespace trib::sql {

Result<std::unique_ptr<SqlSession>> ConnectDriver(SqlDriverKind driver,
                                                  const ConnectParams& params);

// The JDBC driver class an external engine (Spark) loads for this kind of URL ("" for ODBC).
std::string_view JdbcDriverClass(SqlDriverKind driver);

// The identifier quote of the native drivers, known without connecting; nullopt for ODBC,
// where only the connected driver can tell.
std::optional<std::string> KnownIdentifierQuote(SqlDriverKind driver);

}  // namespace trib::sql
