// Where a container's requests go: the host connected to, the Host header, and the encoded
// path of each blob. Azure's own endpoint puts the account in the host
// (https://<account>.blob.core.windows.net/<container>/<blob>); an emulator or a host given by
// IP address takes it as the first path segment (http://127.0.0.1:10000/<account>/<container>/...),
// as Azure's clients do.
#pragma once

#include <string>
#include <string_view>

#include "cloud/aws/sigv4.h"
#include "common/status.h"

namespace trib::objectstore {

struct AdlsAddress {
  std::string scheme;  // "https" or "http"
  std::string host;    // resolved and connected to
  int port = 443;
  std::string host_header;   // the port only when not the scheme's default
  std::string account;       // the storage account (SharedKey signs with it)
  std::string account_path;  // "" or "/<account>" (path-style)
  std::string container;

  // The encoded request path of `blob` ("" for the container itself), as sent and as SharedKey
  // canonicalizes it.
  std::string PathOf(std::string_view blob) const;
  // scheme://host/<path>?<query, encoded>.
  std::string Url(std::string_view encoded_path, const aws::NameValueList& query) const;
  std::string Endpoint() const { return scheme + "://" + host_header; }
};

// "https://<account>.blob.core.windows.net".
std::string DefaultAdlsEndpoint(std::string_view account);

// `endpoint` "" = the default; else "http(s)://host[:port]" (errors name `endpoint_field`).
Result<AdlsAddress> MakeAdlsAddress(std::string_view endpoint, std::string_view account,
                                    std::string_view container, std::string_view endpoint_field);

}  // namespace trib::objectstore
