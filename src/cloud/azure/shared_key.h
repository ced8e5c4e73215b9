// Azure Storage SharedKey authorization (Blob service, x-ms-version 2015-02-21 and later),
// written from Microsoft's "Authorize with Shared Key" specification. The date and the key are
// arguments: nothing here reads the clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cloud/aws/sigv4.h"
#include "common/status.h"

namespace trib::azure {

using NameValueList = aws::NameValueList;

struct SharedKeyRequest {
  std::string method = "GET";
  // The request path exactly as sent, percent-encoded ("/container/a%20b"; path-style emulator
  // URLs start with the account: "/account/container/a%20b").
  std::string encoded_path = "/";
  NameValueList query;    // decoded names and values, in any order
  NameValueList headers;  // as sent, names in any case (Content-Length included when sent)
};

// "Sun, 11 Oct 2009 21:49:13 GMT" (RFC 1123, UTC) for x-ms-date.
std::string Rfc1123Date(int64_t epoch_ms);

// The x-ms-* headers: names lower case, sorted, values with runs of blanks folded to one space
// and trimmed, repeated names joined with ','; each line "name:value\n".
std::string CanonicalizedHeaders(const NameValueList& headers);
// "/<account><encoded path>" then "\n<name>:<value>" per query parameter, names lower case and
// sorted, several values of one name sorted and joined with ','.
std::string CanonicalizedResource(std::string_view account, const SharedKeyRequest& request);
// VERB, the eleven standard headers (Content-Length "0" counts as empty), the canonicalized
// headers and the canonicalized resource.
std::string SharedKeyStringToSign(std::string_view account, const SharedKeyRequest& request);

// Sets x-ms-date (replacing one already there) for `epoch_ms`, then appends
// "Authorization: SharedKey <account>:<base64 HMAC-SHA256>". `base64_key` is the account key as
// the portal shows it; a malformed one is kInvalidArgument naming "account_key" (not quoted).
Status SignSharedKey(SharedKeyRequest& request, std::string_view account,
                     std::string_view base64_key, int64_t epoch_ms);

}  // namespace trib::azure
