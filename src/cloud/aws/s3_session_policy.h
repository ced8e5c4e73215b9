// The session policy that narrows vended AWS credentials to one bucket and prefix: what a
// data source may reach, read-only unless writing was asked for. AWS grants what both the
// role (or IAM user) and this policy allow.
#pragma once

#include <string>
#include <string_view>

namespace trib::aws {

enum class S3Access { kRead, kWrite };

// IAM policy JSON (version 2012-10-17). `prefix` is "" (the whole bucket) or ends in '/'; the
// IAM wildcards '*' and '?' and "${" inside it are escaped, so a key name cannot widen the
// scope. `region` picks the partition (aws, aws-cn, aws-us-gov).
std::string S3SessionPolicy(std::string_view region, std::string_view bucket,
                            std::string_view prefix, S3Access access);

}  // namespace trib::aws
