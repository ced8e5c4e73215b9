#include "cloud/aws/redshift_login.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "cloud/aws/role_session.h"
#include "cloud/aws/sts_client.h"
#include "common/random.h"

namespace trib::aws {

namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";

std::vector<std::string> SplitLabels(std::string_view host) {
  std::vector<std::string> labels;
  size_t start = 0;
  while (start <= host.size()) {
    const size_t dot = std::min(host.find('.', start), host.size());
    labels.emplace_back(host.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

bool LooksLikeRegion(std::string_view label) {
  // "us-east-2", "eu-central-1", "us-gov-west-1", "cn-north-1": letters and dashes, a digit last.
  return label.size() >= 9 && label.find('-') != std::string_view::npos && label.back() >= '0' &&
         label.back() <= '9' && std::all_of(label.begin(), label.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Status CheckRequest(const RedshiftIamRequest& request) {
  if (request.iam_role.empty()) {
    return Status::InvalidArgument("iam_role", "'iam_role' is required for IAM authentication");
  }
  if (request.cluster_identifier.empty()) {
    return Status::InvalidArgument("cluster_identifier", "'cluster_identifier' is required");
  }
  if (request.database_user_name.empty()) {
    return Status::InvalidArgument("database_user_name",
                                   "'database_user_name' is required with 'iam_role'");
  }
  if (request.expiration < 900 || request.expiration > 3600) {
    return Status::InvalidArgument("expiration",
                                   "'expiration' must be between 900 and 3600 seconds");
  }
  return Status::Ok();
}

}  // namespace

std::string RedshiftRegion(const RedshiftIamRequest& request, const AwsEnvironment& env) {
  const std::vector<std::string> labels = SplitLabels(request.database_endpoint);
  for (size_t i = 1; i + 1 < labels.size(); ++i) {
    if (labels[i] == "redshift" && labels[i + 1] == "amazonaws" && LooksLikeRegion(labels[i - 1])) {
      return labels[i - 1];
    }
  }
  if (!env.region.empty()) return env.region;
  return std::string(kDefaultRegion);
}

std::vector<std::string> SplitDatabaseGroups(std::string_view database_group) {
  std::vector<std::string> groups;
  size_t start = 0;
  while (start <= database_group.size()) {
    const size_t comma = std::min(database_group.find(',', start), database_group.size());
    const std::string_view group = Trim(database_group.substr(start, comma - start));
    if (!group.empty()) groups.emplace_back(group);
    start = comma + 1;
  }
  return groups;
}

Result<RedshiftLogin> ObtainRedshiftLogin(const RedshiftIamRequest& request,
                                          const AwsEnvironment& env,
                                          TemporaryCredentialsCache& cache, const Clock& clock) {
  TRIB_RETURN_IF_ERROR(CheckRequest(request));
  if (env.credentials.empty()) {
    return Status::FailedPrecondition(
        "the server has no AWS credentials to assume 'iam_role' with (set AWS_ACCESS_KEY_ID "
        "and AWS_SECRET_ACCESS_KEY)");
  }

  GetClusterCredentialsRequest get;
  get.cluster_identifier = request.cluster_identifier;
  get.db_user = request.database_user_name;
  get.db_name = request.database_name;
  get.db_groups = SplitDatabaseGroups(request.database_group);
  get.auto_create = request.auto_create;
  get.duration_seconds = request.expiration;
  get.region = RedshiftRegion(request, env);

  RedshiftLoginKey login_key{.region = get.region,
                             .role_arn = request.iam_role,
                             .cluster_identifier = get.cluster_identifier,
                             .db_user = get.db_user,
                             .db_name = get.db_name,
                             .db_groups = get.db_groups,
                             .auto_create = get.auto_create};
  std::sort(login_key.db_groups.begin(), login_key.db_groups.end());
  login_key.db_groups.erase(std::unique(login_key.db_groups.begin(), login_key.db_groups.end()),
                            login_key.db_groups.end());
  if (std::optional<RedshiftLogin> cached = cache.FindRedshiftLogin(login_key)) return *cached;

  const RoleSessionKey role_key{.region = get.region,
                                .role_arn = request.iam_role,
                                .caller_access_key_id = env.credentials.access_key_id};
  bool from_cache = false;
  TRIB_ASSIGN_OR_RETURN(AwsCredentials role,
                        ObtainRoleSession(role_key, env, cache, clock, &from_cache));
  Result<RedshiftLogin> login = GetClusterCredentials(get, role, env, clock());
  if (!login.ok() && from_cache && login.status().code() == StatusCode::kUpstreamRejected) {
    // A cached session AWS no longer accepts (revoked, clock skew): start a new one, once.
    cache.ForgetRoleSession(role_key);
    TRIB_ASSIGN_OR_RETURN(role, ObtainRoleSession(role_key, env, cache, clock, &from_cache));
    login = GetClusterCredentials(get, role, env, clock());
  }
  if (!login.ok()) return login.status();
  cache.StoreRedshiftLogin(login_key, *login);
  return login;
}

}  // namespace trib::aws
