#include "cloud/aws/s3_session_policy.h"

#include <nlohmann/json.hpp>

namespace trib::aws {

namespace {

std::string Partition(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

// IAM reads '*', '?' and "${...}" in resources and condition values specially; ${*}, ${?} and
// ${$} are their literal forms.
std::string EscapeIamPattern(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*') {
      out += "${*}";
    } else if (c == '?') {
      out += "${?}";
    } else if (c == '$') {
      out += "${$}";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string S3SessionPolicy(std::string_view region, std::string_view bucket,
                            std::string_view prefix, S3Access access) {
  using Json = nlohmann::ordered_json;
  const std::string bucket_arn = "arn:" + Partition(region) + ":s3:::" + std::string(bucket);
  const std::string pattern = EscapeIamPattern(prefix) + "*";
  Json object_actions = Json::array({"s3:GetObject", "s3:GetObjectVersion"});
  Json bucket_actions = Json::array({"s3:GetBucketLocation"});
  if (access == S3Access::kWrite) {
    for (const char* action : {"s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                               "s3:ListMultipartUploadParts"}) {
      object_actions.push_back(action);
    }
    bucket_actions.push_back("s3:ListBucketMultipartUploads");
  }
  Json list = {{"Sid", "ListThePrefix"},
               {"Effect", "Allow"},
               {"Action", "s3:ListBucket"},
               {"Resource", bucket_arn}};
  if (!prefix.empty()) list["Condition"] = {{"StringLike", {{"s3:prefix", {pattern}}}}};
  const Json policy = {{"Version", "2012-10-17"},
                       {"Statement", Json::array({list,
                                                  {{"Sid", "ObjectsBelowThePrefix"},
                                                   {"Effect", "Allow"},
                                                   {"Action", object_actions},
                                                   {"Resource", bucket_arn + "/" + pattern}},
                                                  {{"Sid", "TheBucket"},
                                                   {"Effect", "Allow"},
                                                   {"Action", bucket_actions},
                                                   {"Resource", bucket_arn}}})}};
  return policy.dump();
}

}  // namespace trib::aws
