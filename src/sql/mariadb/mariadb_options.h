// ConnectParams.options for MySQL/MariaDB, as JDBC URLs spell them (MySQL Connector/J, MariaDB
// Connector/J, and libpq's sslmode), checked and turned into what libmariadb needs.
// Keys match case-insensitively, ignoring '-' and '_' (ssl-mode = sslMode = ssl_mode).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace trib::sql::mariadb {

enum class TlsMode {
  kDisabled,        // plain TCP
  kPreferred,       // TLS when the server offers it, unverified (Connector/J's default)
  kRequired,        // TLS or fail, certificate not verified
  kVerifyIdentity,  // TLS, certificate chain and host name verified
};

struct MariaDbOptions {
  TlsMode tls = TlsMode::kPreferred;
  std::string tls_mode_key;  // the option that set `tls` (names it in errors), "" by default
  std::string ssl_ca;        // CA file (PEM)
  std::string ssl_capath;
  std::string ssl_cert;  // client certificate and key (PEM files)
  std::string ssl_key;
  std::string tls_version;  // e.g. "TLSv1.2,TLSv1.3"
  bool compress = false;    // the protocol's zlib compression
  // The binary protocol of server-side prepared statements (default: the server does not
  // format numbers and dates, which is most of its work); false: the text protocol.
  bool server_prepared = true;
  int64_t connect_timeout_ms;     // ConnectParams.connect_timeout_ms unless connectTimeout says so
  int64_t socket_timeout_ms = 0;  // read/write timeout once connected; 0: none
};

// Parses `options` (connect_timeout_ms is the default for connectTimeout). An unknown key or a
// bad value is kInvalidArgument whose field is the key as given.
Result<MariaDbOptions> ParseMariaDbOptions(const std::map<std::string, std::string>& options,
                                           int64_t connect_timeout_ms);

// The accepted keys, for messages and docs.
const std::vector<std::string>& KnownMariaDbOptionKeys();

}  // namespace trib::sql::mariadb
