// Temporary AWS credentials kept until shortly before they expire, so repeated reads of a data
// source reuse one role session and one database login instead of calling AWS each time.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/redshift_credentials.h"
#include "common/clock.h"

namespace trib::aws {

// An assumed role session: who assumed which role where.
struct RoleSessionKey {
  std::string region;
  std::string role_arn;
  std::string caller_access_key_id;  // the server's key that assumed it (not a secret)
  auto operator<=>(const RoleSessionKey&) const = default;
};

// A Redshift login: everything GetClusterCredentials was asked for but the duration.
struct RedshiftLoginKey {
  std::string region;
  std::string role_arn;
  std::string cluster_identifier;
  std::string db_user;
  std::string db_name;
  std::vector<std::string> db_groups;  // sorted, so "a,b" and "b,a" share an entry
  bool auto_create = false;
  auto operator<=>(const RedshiftLoginKey&) const = default;
};

// Thread-safe. An entry is handed out while now < expiration - refresh_margin; entries
// without an expiration are not kept. Two threads missing the same key at once both fetch;
// the later Store wins.
class TemporaryCredentialsCache {
 public:
  static constexpr int64_t kDefaultRefreshMarginMs = 60'000;

  explicit TemporaryCredentialsCache(Clock clock,
                                     int64_t refresh_margin_ms = kDefaultRefreshMarginMs);

  std::optional<AwsCredentials> FindRoleSession(const RoleSessionKey& key) const;
  void StoreRoleSession(const RoleSessionKey& key, const AwsCredentials& credentials);
  void ForgetRoleSession(const RoleSessionKey& key);

  std::optional<RedshiftLogin> FindRedshiftLogin(const RedshiftLoginKey& key) const;
  void StoreRedshiftLogin(const RedshiftLoginKey& key, const RedshiftLogin& login);

  // Entries held, stale ones included until the next Store sweeps them.
  size_t size() const;
  void Clear();

 private:
  bool Fresh(int64_t expiration_ms, int64_t now_ms) const;

  Clock clock_;
  int64_t refresh_margin_ms_;
  mutable std::mutex mutex_;
  std::map<RoleSessionKey, AwsCredentials> role_sessions_;
  std::map<RedshiftLoginKey, RedshiftLogin> redshift_logins_;
};

}  // namespace trib::aws
