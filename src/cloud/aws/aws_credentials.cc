#include "cloud/aws/aws_credentials.h"

#include <cstdlib>
#include <string>

namespace trib::aws {

namespace {

// Unset and empty are the same: an empty AWS_REGION must not hide AWS_DEFAULT_REGION.
std::string FirstSet(const EnvLookup& lookup, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    std::optional<std::string> value = lookup(name);
    if (value && !value->empty()) return *value;
  }
  return {};
}

std::string StripTrailingSlashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string RegionalEndpoint(std::string_view service, std::string_view region) {
  std::string host = std::string(service) + "." + std::string(region) + ".amazonaws.com";
  if (region.starts_with("cn-")) host += ".cn";
  return "https://" + host;
}

}  // namespace

AwsEnvironment AwsEnvironmentFromLookup(const EnvLookup& lookup) {
  AwsEnvironment env;
  env.credentials.access_key_id = FirstSet(lookup, {"AWS_ACCESS_KEY_ID"});
  env.credentials.secret_access_key = FirstSet(lookup, {"AWS_SECRET_ACCESS_KEY"});
  env.credentials.session_token = FirstSet(lookup, {"AWS_SESSION_TOKEN"});
  env.region = FirstSet(lookup, {"AWS_REGION", "AWS_DEFAULT_REGION"});
  env.sts_endpoint =
      StripTrailingSlashes(FirstSet(lookup, {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}));
  env.redshift_endpoint =
      StripTrailingSlashes(FirstSet(lookup, {"AWS_ENDPOINT_URL_REDSHIFT", "AWS_ENDPOINT_URL"}));
  return env;
}

AwsEnvironment AwsEnvironmentFromProcess() {
  return AwsEnvironmentFromLookup([](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

std::string StsEndpoint(const AwsEnvironment& env, std::string_view region) {
  return env.sts_endpoint.empty() ? RegionalEndpoint("sts", region) : env.sts_endpoint;
}

std::string RedshiftEndpoint(const AwsEnvironment& env, std::string_view region) {
  return env.redshift_endpoint.empty() ? RegionalEndpoint("redshift", region)
                                       : env.redshift_endpoint;
}

}  // namespace trib::aws
