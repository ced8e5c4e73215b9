// AWS Signature Version 4 (header form) over an HTTP request, written from AWS's published
// specification. The signing time is an argument: nothing here reads the clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloud/aws/aws_credentials.h"

namespace trib::aws {

using NameValueList = std::vector<std::pair<std::string, std::string>>;

struct SigV4Request {
  std::string method = "GET";
  // The path before URI encoding, already normalised ("/", "/a b/c"); sent as UriEncodePath().
  std::string path = "/";
  NameValueList query;         // decoded names and values, in any order
  NameValueList headers;       // as sent, names in any case; must hold Host; all of them are signed
  std::string payload_sha256;  // lower-case hex SHA-256 of the body: Sha256Hex(body)
};

struct SigV4Scope {
  std::string region;   // "us-east-1"
  std::string service;  // signing name: "sts", "redshift", "s3"
  // Every service but S3 signs the path URI-encoded a second time.
  bool encode_path_twice = true;
};

// Lower-case hex of SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Raw 32-byte HMAC-SHA-256.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HexLower(std::string_view bytes);

// RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ becomes %XX
// (upper-case hex); UriEncodePath keeps '/' as well.
std::string UriEncode(std::string_view text);
std::string UriEncodePath(std::string_view path);
// "Name=value&..." with both sides UriEncode()d, sorted as SigV4 requires; also the body of a
// form POST.
std::string CanonicalQueryString(const NameValueList& params);

// "20150830T123600Z" (UTC) for an epoch time in ms.
std::string AmzDate(int64_t epoch_ms);

// "host;x-amz-date": the request's header names, lower case, sorted, deduplicated.
std::string SignedHeaderNames(const SigV4Request& request);
// The canonical request of SigV4 task 1, from the request exactly as it is.
std::string CanonicalRequest(const SigV4Request& request, const SigV4Scope& scope);
// "AWS4-HMAC-SHA256\n<amz_date>\n<date>/<region>/<service>/aws4_request\n<hash>".
std::string StringToSign(std::string_view amz_date, const SigV4Scope& scope,
                         std::string_view canonical_request);
// The Authorization header value for the request's headers as they are (nothing added).
std::string AuthorizationHeader(const SigV4Request& request, const SigV4Scope& scope,
                                const AwsCredentials& credentials, std::string_view amz_date);

// Signs `request` for time `epoch_ms`: sets X-Amz-Date, sets X-Amz-Security-Token when the
// credentials carry a session token (both replace a header of that name already there), then
// appends Authorization.
void SignV4(SigV4Request& request, const SigV4Scope& scope, const AwsCredentials& credentials,
            int64_t epoch_ms);

}  // namespace trib::aws
