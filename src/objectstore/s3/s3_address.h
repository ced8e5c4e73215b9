// Where a bucket's requests go: the host connected to, the Host header signed, and the path of
// each object, in virtual-hosted (bucket.host/key) or path-style (host/bucket/key) addressing.
#pragma once

#include <string>
#include <string_view>

#include "cloud/aws/sigv4.h"
#include "common/status.h"

namespace trib::objectstore {

struct S3Address {
  std::string scheme;  // "https" or "http"
  std::string host;    // the name resolved and connected to ("bucket.s3.eu-west-1...")
  int port = 443;
  std::string host_header;  // what is sent and signed as Host: the port only when not default
  std::string bucket_path;  // "" (virtual-hosted) or "/bucket" (path-style)

  // The unencoded request path of `key` (the bucket's full key; "" for the bucket itself), as
  // SigV4 signs it.
  std::string PathOf(std::string_view key) const;
  // The URL libcurl sends: the same path and query encoded as SigV4 canonicalises them, so
  // what is sent is exactly what was signed.
  std::string Url(std::string_view path, const aws::NameValueList& query) const;
};

// "https://s3.<region>.amazonaws.com" (".amazonaws.com.cn" in the China regions).
std::string DefaultS3Endpoint(std::string_view region);

// Errors (kInvalidArgument) name the field at fault: "endpoint", "bucket", "region",
// "path_style" (virtual-hosted addressing needs a DNS name to put the bucket in front of).
Result<S3Address> MakeS3Address(std::string_view endpoint, std::string_view region,
                                std::string_view bucket, bool path_style);

}  // namespace trib::objectstore
