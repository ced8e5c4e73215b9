#include "objectstore/s3/s3_address.h"

#include <algorithm>

#include "cloud/aws/aws_query_client.h"
#include "net/egress_policy.h"

namespace trib::objectstore {

namespace {

bool AllOf(std::string_view text, std::string_view allowed_extra, bool upper) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upper && c >= 'A' && c <= 'Z') ||
           allowed_extra.find(c) != std::string_view::npos;
  });
}

Status CheckBucket(std::string_view bucket, bool path_style) {
  if (bucket.empty()) return Status::InvalidArgument("bucket", "'bucket' must not be empty");
  // Path-style still reaches legacy us-east-1 names (upper case, '_', up to 255 bytes); a
  // virtual-hosted name becomes a DNS label and must be one.
  const bool ok = path_style
                      ? bucket.size() <= 255 && AllOf(bucket, ".-_", true)
                      : bucket.size() >= 3 && bucket.size() <= 63 && AllOf(bucket, ".-", false) &&
                            bucket.front() != '.' && bucket.front() != '-' &&
                            bucket.back() != '.' && bucket.back() != '-';
  if (!ok) {
    return Status::InvalidArgument(
        "bucket", "'bucket' is not a valid S3 bucket name (3-63 of a-z, 0-9, '.', '-')");
  }
  return Status::Ok();
}

}  // namespace

std::string S3Address::PathOf(std::string_view key) const {
  if (key.empty()) return bucket_path.empty() ? "/" : bucket_path;
  return bucket_path + "/" + std::string(key);
}

std::string S3Address::Url(std::string_view path, const aws::NameValueList& query) const {
  std::string url = scheme + "://" + host_header + aws::UriEncodePath(path);
  if (!query.empty()) url += "?" + aws::CanonicalQueryString(query);
  return url;
}

std::string DefaultS3Endpoint(std::string_view region) {
  const std::string suffix = region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
  return "https://s3." + std::string(region) + suffix;
}

Result<S3Address> MakeS3Address(std::string_view endpoint, std::string_view region,
                                std::string_view bucket, bool path_style) {
  if (region.empty() || !AllOf(region, "-", false)) {
    return Status::InvalidArgument("region", "'region' must be an AWS region such as us-east-1");
  }
  TRIB_RETURN_IF_ERROR(CheckBucket(bucket, path_style));
  const std::string url = endpoint.empty() ? DefaultS3Endpoint(region) : std::string(endpoint);
  auto parsed = aws::ParseAwsEndpoint(url);
  if (!parsed.ok()) return Status::InvalidArgument("endpoint", parsed.status().message());
  if (parsed->path != "/") {
    return Status::InvalidArgument("endpoint", "'endpoint' must not have a path");
  }

  S3Address out;
  out.scheme = url.starts_with("https://") ? "https" : "http";
  out.port = parsed->port;
  if (path_style) {
    out.host = parsed->host;
    out.host_header = parsed->host_header;
    out.bucket_path = "/" + std::string(bucket);
    return out;
  }
  if (net::ParseIpLiteral(parsed->host)) {
    return Status::InvalidArgument(
        "path_style",
        "an endpoint given by IP address needs path_style: a bucket name cannot "
        "be put in front of an address");
  }
  out.host = std::string(bucket) + "." + parsed->host;
  out.host_header = std::string(bucket) + "." + parsed->host_header;
  return out;
}

}  // namespace trib::objectstore
