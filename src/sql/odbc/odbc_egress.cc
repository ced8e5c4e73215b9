#include "sql/odbc/odbc_egress.h"

#include <charconv>

#include "common/strings.h"

namespace trib::sql {

namespace {

bool IsHostKey(const std::string& lower) {
  return lower == "server" || lower == "servername" || lower == "host" || lower == "hostname" ||
         lower == "address" || lower == "addr" || lower == "network address";
}

int ParsePort(std::string_view text) {
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) return 0;
  return port;
}

}  // namespace

std::vector<OdbcDestination> OdbcDestinations(const OdbcAttributes& attributes) {
  int port = 0;
  for (const OdbcAttribute& a : attributes) {
    if (ToLower(a.key) == "port") port = ParsePort(a.value);
  }
  std::vector<OdbcDestination> out;
  for (const OdbcAttribute& a : attributes) {
    if (!IsHostKey(ToLower(a.key))) continue;
    std::string_view value = a.value;
    if (ToLower(value.substr(0, 4)) == "tcp:") value.remove_prefix(4);
    OdbcDestination d{"", port};
    if (const size_t comma = value.find(','); comma != std::string_view::npos) {
      // SQL Server's host,port. Anything else after a comma (a second host that libpq would
      // try) stays part of the name, which then resolves to nothing and is refused.
      if (const int p = ParsePort(value.substr(comma + 1)); p != 0) {
        d.port = p;
        value = value.substr(0, comma);
      }
    }
    value = value.substr(0, value.find('\\'));  // a named instance
    if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
      value = value.substr(1, value.size() - 2);
    }
    d.host = std::string(value);
    out.push_back(std::move(d));
  }
  return out;
}

Status CheckOdbcEgress(const OdbcAttributes& attributes, const net::Egress& egress) {
  const std::vector<OdbcDestination> destinations = OdbcDestinations(attributes);
  if (destinations.empty()) {
    // A DSN (or a driver's built-in default) decides the host where tributary cannot see it.
    std::string what = "the ODBC connection string";
    for (const OdbcAttribute& a : attributes) {
      if (ToLower(a.key) == "dsn") what = "ODBC DSN '" + a.value.substr(0, 64) + "'";
    }
    return egress.CheckHidden(what + ", which names no host", 0);
  }
  for (const OdbcDestination& d : destinations) {
    TRIB_RETURN_IF_ERROR(egress.Resolve(d.host, d.port).status());
  }
  return Status::Ok();
}

}  // namespace trib::sql
