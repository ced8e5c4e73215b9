#include "objectstore/adls/adls_address.h"

#include <algorithm>

#include "cloud/aws/aws_query_client.h"
#include "common/strings.h"
#include "net/egress_policy.h"

namespace trib::objectstore {

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string AdlsAddress::PathOf(std::string_view blob) const {
  std::string path = account_path + "/" + container;
  if (!blob.empty()) path += "/" + aws::UriEncodePath(blob);
  return path;
}

std::string AdlsAddress::Url(std::string_view encoded_path, const aws::NameValueList& query) const {
  std::string url = scheme + "://" + host_header + std::string(encoded_path);
  if (!query.empty()) url += "?" + aws::CanonicalQueryString(query);
  return url;
}

std::string DefaultAdlsEndpoint(std::string_view account) {
  return "https://" + std::string(account) + ".blob.core.windows.net";
}

Result<AdlsAddress> MakeAdlsAddress(std::string_view endpoint, std::string_view account,
                                    std::string_view container, std::string_view endpoint_field) {
  if (account.size() < 3 || account.size() > 24 ||
      !std::all_of(account.begin(), account.end(), IsLowerAlnum)) {
    return Status::InvalidArgument("account_name",
                                   "'account_name' must be 3-24 lower-case letters and digits");
  }
  if (container.size() < 3 || container.size() > 63 ||
      !std::all_of(container.begin(), container.end(),
                   [](char c) { return IsLowerAlnum(c) || c == '-'; })) {
    return Status::InvalidArgument("container_name",
                                   "'container_name' must be 3-63 lower-case letters, digits "
                                   "and '-'");
  }
  const std::string field(endpoint_field);
  const std::string url = endpoint.empty() ? DefaultAdlsEndpoint(account) : std::string(endpoint);
  auto parsed = aws::ParseAwsEndpoint(url);
  if (!parsed.ok() || parsed->path != "/") {
    return Status::InvalidArgument(field, "'" + field + "' must be http(s)://host[:port]");
  }
  AdlsAddress out;
  out.scheme = ToLower(url).starts_with("https://") ? "https" : "http";
  out.host = parsed->host;
  out.port = parsed->port;
  out.host_header = parsed->host_header;
  out.account = std::string(account);
  out.container = std::string(container);
  // The account cannot be put in front of an address (or of "localhost"): it goes in the path.
  if (net::ParseIpLiteral(out.host) || ToLower(out.host) == "localhost") {
    out.account_path = "/" + out.account;
  }
  return out;
}

}  // namespace trib::objectstore
