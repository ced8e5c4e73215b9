// The egress check of an ODBC connection string: the hosts its attributes name (Server=,
// Servername=, Host=, Address=...) are checked; a DSN without one hides its host, and is
// allowed only when the allowlist allows every destination. The driver resolves the name
// itself afterwards: see docs/security.md for what that leaves open.
#pragma once

#include <string>
#include <vector>

#include "net/egress.h"
#include "sql/odbc/odbc_connection_string.h"

namespace trib::sql {

// The hosts an ODBC connection string names, with the port where it says one (0 if not):
// "tcp:host,1433", "host\instance" and "[v6]" as SQL Server writes them are taken apart.
struct OdbcDestination {
  std::string host;
  int port = 0;
};
std::vector<OdbcDestination> OdbcDestinations(const OdbcAttributes& attributes);

Status CheckOdbcEgress(const OdbcAttributes& attributes, const net::Egress& egress);

}  // namespace trib::sql
