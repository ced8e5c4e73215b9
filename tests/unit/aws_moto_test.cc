// STS AssumeRole and Redshift GetClusterCredentials against a real moto_server that checks
// SigV4 signatures and IAM policies (tests/scripts/with_moto.sh starts it and creates the user,
// roles and cluster). Skipped when TRIB_TEST_MOTO_URL is not set.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "cloud/aws/redshift_credentials.h"
#include "cloud/aws/redshift_login.h"
#include "cloud/aws/sts_client.h"
#include "cloud/aws/temporary_credentials_cache.h"
#include "common/clock.h"
#include "common/random.h"

namespace trib::aws {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

// A loopback port nothing listens on: bound once to get a number, then closed.
int ClosedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "cannot bind a loopback socket";
  }
  const int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

// No secret may show up in what a failing call says.
void ExpectNoSecrets(const Status& status, const AwsCredentials& credentials) {
  for (const std::string* secret : {&credentials.secret_access_key, &credentials.session_token}) {
    if (secret->empty()) continue;
    EXPECT_EQ(status.message().find(*secret), std::string::npos) << "a secret leaked";
    EXPECT_EQ(status.field().find(*secret), std::string::npos) << "a secret leaked";
  }
}

class AwsMotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = Env("TRIB_TEST_MOTO_URL");
    if (url_.empty())
      GTEST_SKIP() << "TRIB_TEST_MOTO_URL is not set (see tests/scripts/with_moto.sh)";
    env_.credentials.access_key_id = Env("TRIB_TEST_MOTO_ACCESS_KEY_ID");
    env_.credentials.secret_access_key = Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY");
    env_.region = Env("TRIB_TEST_MOTO_REGION").empty() ? "us-east-1" : Env("TRIB_TEST_MOTO_REGION");
    env_.sts_endpoint = url_;
    env_.redshift_endpoint = url_;
    env_.connect_timeout_ms = 2000;
    env_.read_timeout_ms = 20000;
    role_arn_ = Env("TRIB_TEST_MOTO_ROLE_ARN");
    cluster_ = Env("TRIB_TEST_MOTO_CLUSTER");
    ASSERT_FALSE(env_.credentials.empty() || role_arn_.empty() || cluster_.empty())
        << "with_moto.sh did not export the fixture variables";
  }

  AssumeRoleRequest Assume(std::string role_arn, int duration_seconds = 900) const {
    return {.role_arn = std::move(role_arn),
            .role_session_name = "trib-test-" + RandomHex(4),
            .duration_seconds = duration_seconds,
            .region = env_.region};
  }

  RedshiftIamRequest Login(std::string user = "alice") const {
    return {.iam_role = role_arn_,
            .cluster_identifier = cluster_,
            .database_user_name = std::move(user),
            .database_name = "dev",
            .database_group = "analysts, readers",
            .auto_create = false,
            .expiration = 900};
  }

  // The same AWS settings with both endpoints pointing where nothing answers.
  AwsEnvironment Unreachable() const {
    AwsEnvironment env = env_;
    env.sts_endpoint = env.redshift_endpoint =
        "http://127.0.0.1:" + std::to_string(ClosedLoopbackPort());
    return env;
  }

  std::string url_;
  std::string role_arn_;
  std::string cluster_;
  AwsEnvironment env_;
};

TEST_F(AwsMotoTest, AssumeRoleReturnsTemporaryCredentials) {
  const int64_t before = SystemNowMs();
  Result<AwsCredentials> credentials = AssumeRole(Assume(role_arn_, 1800), env_, before);
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_TRUE(credentials->access_key_id.starts_with("ASIA")) << credentials->access_key_id;
  EXPECT_FALSE(credentials->secret_access_key.empty());
  EXPECT_FALSE(credentials->session_token.empty());
  // moto stamps the expiry with its own clock: within a minute of now + 30 min.
  EXPECT_NEAR(static_cast<double>(credentials->expiration_ms),
              static_cast<double>(before + 1800 * 1000), 60'000.0);
}

TEST_F(AwsMotoTest, AssumeRoleWithWrongSecretKeyIsUpstreamRejected) {
  AwsEnvironment env = env_;
  env.credentials.secret_access_key = RandomToken(30);
  Result<AwsCredentials> credentials = AssumeRole(Assume(role_arn_), env, SystemNowMs());
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kUpstreamRejected)
      << credentials.status().ToString();
  EXPECT_NE(credentials.status().message().find("SignatureDoesNotMatch"), std::string::npos)
      << credentials.status().message();
  ExpectNoSecrets(credentials.status(), env.credentials);
  ExpectNoSecrets(credentials.status(), env_.credentials);
}

TEST_F(AwsMotoTest, AssumeRoleWithUnknownAccessKeyIsUpstreamRejected) {
  AwsEnvironment env = env_;
  env.credentials.access_key_id = "AKIA" + RandomHex(8);
  Result<AwsCredentials> credentials = AssumeRole(Assume(role_arn_), env, SystemNowMs());
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kUpstreamRejected);
  EXPECT_NE(credentials.status().message().find("InvalidClientTokenId"), std::string::npos)
      << credentials.status().message();
}

TEST_F(AwsMotoTest, AssumeRoleThatDoesNotTrustUsIsPermissionDeniedOnIamRole) {
  const std::string foreign = Env("TRIB_TEST_MOTO_FOREIGN_ROLE_ARN");
  ASSERT_FALSE(foreign.empty());
  Result<AwsCredentials> credentials = AssumeRole(Assume(foreign), env_, SystemNowMs());
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kPermissionDenied)
      << credentials.status().ToString();
  EXPECT_EQ(credentials.status().field(), "iam_role");
  EXPECT_NE(credentials.status().message().find("AccessDenied"), std::string::npos);
  ExpectNoSecrets(credentials.status(), env_.credentials);
}

TEST_F(AwsMotoTest, GetClusterCredentialsWithAssumedRoleReturnsIamUserAndPassword) {
  Result<AwsCredentials> role = AssumeRole(Assume(role_arn_), env_, SystemNowMs());
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  GetClusterCredentialsRequest request{.cluster_identifier = cluster_,
                                       .db_user = "bob",
                                       .db_name = "dev",
                                       .db_groups = {"analysts"},
                                       .auto_create = true,
                                       .duration_seconds = 1200,
                                       .region = env_.region};
  const int64_t before = SystemNowMs();
  Result<RedshiftLogin> login = GetClusterCredentials(request, *role, env_, before);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->db_user, "IAMA:bob");  // moto (and Redshift) prefix auto-created users so
  EXPECT_FALSE(login->db_password.empty());
  EXPECT_NEAR(static_cast<double>(login->expiration_ms), static_cast<double>(before + 1200'000),
              60'000.0);
}

TEST_F(AwsMotoTest, GetClusterCredentialsWithServerKeysIsPermissionDenied) {
  // The IAM user itself may only assume roles; Redshift must refuse it.
  GetClusterCredentialsRequest request{.cluster_identifier = cluster_,
                                       .db_user = "bob",
                                       .duration_seconds = 900,
                                       .region = env_.region};
  Result<RedshiftLogin> login =
      GetClusterCredentials(request, env_.credentials, env_, SystemNowMs());
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), StatusCode::kPermissionDenied) << login.status().ToString();
  EXPECT_EQ(login.status().field(), "iam_role");
}

TEST_F(AwsMotoTest, ObtainRedshiftLoginReturnsIamUser) {
  TemporaryCredentialsCache cache(SystemClock());
  Result<RedshiftLogin> login = ObtainRedshiftLogin(Login("alice"), env_, cache, SystemClock());
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->db_user, "IAM:alice");
  EXPECT_FALSE(login->db_password.empty());
  EXPECT_GT(login->expiration_ms, SystemNowMs());
}

TEST_F(AwsMotoTest, UnknownClusterIsInvalidArgumentNamingClusterIdentifier) {
  TemporaryCredentialsCache cache(SystemClock());
  RedshiftIamRequest request = Login();
  request.cluster_identifier = "no-such-cluster-" + RandomHex(4);
  Result<RedshiftLogin> login = ObtainRedshiftLogin(request, env_, cache, SystemClock());
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), StatusCode::kInvalidArgument) << login.status().ToString();
  EXPECT_EQ(login.status().field(), "cluster_identifier");
  EXPECT_NE(login.status().message().find(request.cluster_identifier), std::string::npos)
      << login.status().message();
  EXPECT_NE(login.status().message().find("ClusterNotFound"), std::string::npos);
  EXPECT_EQ(cache.size(), 1u);  // the role session is kept; no login for a missing cluster
}

TEST_F(AwsMotoTest, CacheServesLoginUntilShortlyBeforeExpiry) {
  int64_t now = SystemNowMs();
  const Clock clock = [&now] { return now; };
  TemporaryCredentialsCache cache(clock, 60'000);

  Result<RedshiftLogin> first = ObtainRedshiftLogin(Login("carol"), env_, cache, clock);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(cache.size(), 2u);  // one role session, one login

  // Served from the cache: nothing is reachable, yet the same login comes back.
  now = first->expiration_ms - 60'000 - 1;
  Result<RedshiftLogin> cached = ObtainRedshiftLogin(Login("carol"), Unreachable(), cache, clock);
  ASSERT_TRUE(cached.ok()) << cached.status().ToString();
  EXPECT_EQ(cached->db_password, first->db_password);
  EXPECT_EQ(cached->expiration_ms, first->expiration_ms);

  // Groups in another order are the same login.
  RedshiftIamRequest reordered = Login("carol");
  reordered.database_group = "readers,analysts";
  EXPECT_TRUE(ObtainRedshiftLogin(reordered, Unreachable(), cache, clock).ok());

  // Within the margin the login is stale: AWS is asked again.
  now = first->expiration_ms - 60'000;
  Result<RedshiftLogin> stale = ObtainRedshiftLogin(Login("carol"), Unreachable(), cache, clock);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kUnavailable) << stale.status().ToString();
  Result<RedshiftLogin> renewed = ObtainRedshiftLogin(Login("carol"), env_, cache, clock);
  ASSERT_TRUE(renewed.ok()) << renewed.status().ToString();
  EXPECT_NE(renewed->db_password, first->db_password);
}

TEST_F(AwsMotoTest, RoleSessionIsReusedForAnotherUser) {
  int64_t now = SystemNowMs();
  const Clock clock = [&now] { return now; };
  TemporaryCredentialsCache cache(clock);
  ASSERT_TRUE(ObtainRedshiftLogin(Login("dave"), env_, cache, clock).ok());

  // STS is unreachable now; only Redshift answers. A new user still gets a login.
  AwsEnvironment no_sts = env_;
  no_sts.sts_endpoint = Unreachable().sts_endpoint;
  Result<RedshiftLogin> other = ObtainRedshiftLogin(Login("erin"), no_sts, cache, clock);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->db_user, "IAM:erin");
}

TEST_F(AwsMotoTest, RevokedCachedRoleSessionIsReplacedOnce) {
  int64_t now = SystemNowMs();
  const Clock clock = [&now] { return now; };
  TemporaryCredentialsCache cache(clock);
  // A session moto has never issued sits in the cache, as if AWS had revoked it.
  cache.StoreRoleSession({.region = env_.region,
                          .role_arn = role_arn_,
                          .caller_access_key_id = env_.credentials.access_key_id},
                         {.access_key_id = "ASIA" + RandomHex(8),
                          .secret_access_key = RandomToken(30),
                          .session_token = RandomToken(100),
                          .expiration_ms = now + 3600'000});
  Result<RedshiftLogin> login = ObtainRedshiftLogin(Login("frank"), env_, cache, clock);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->db_user, "IAM:frank");
}

TEST_F(AwsMotoTest, ServerWithoutKeysCannotObtainLogin) {
  AwsEnvironment env = env_;
  env.credentials = {};
  TemporaryCredentialsCache cache(SystemClock());
  Result<RedshiftLogin> login = ObtainRedshiftLogin(Login(), env, cache, SystemClock());
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), StatusCode::kFailedPrecondition);
}

// Needs no server: nothing listens on the port, so it runs without moto too.
TEST(AwsUnreachableTest, ClosedPortIsUnavailableQuickly) {
  AwsEnvironment env;
  env.credentials = {.access_key_id = "AKIA" + RandomHex(8), .secret_access_key = RandomToken(30)};
  env.sts_endpoint = "http://127.0.0.1:" + std::to_string(ClosedLoopbackPort());
  env.connect_timeout_ms = 1000;
  const auto start = std::chrono::steady_clock::now();
  Result<AwsCredentials> credentials = AssumeRole({.role_arn = "arn:aws:iam::123456789012:role/r",
                                                   .role_session_name = "trib-test",
                                                   .region = "us-east-1"},
                                                  env, SystemNowMs());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kUnavailable)
      << credentials.status().ToString();
  EXPECT_NE(credentials.status().message().find(env.sts_endpoint), std::string::npos);
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  ExpectNoSecrets(credentials.status(), env.credentials);
}

// A TEST-NET-1 address (RFC 5737) that no one answers for: the connect timeout bounds the wait.
TEST(AwsUnreachableTest, SilentHostIsUnavailableWithinConnectTimeout) {
  AwsEnvironment env;
  env.credentials = {.access_key_id = "AKIA" + RandomHex(8), .secret_access_key = RandomToken(30)};
  env.sts_endpoint = "http://192.0.2.1:9";
  env.connect_timeout_ms = 500;
  const auto start = std::chrono::steady_clock::now();
  Result<AwsCredentials> credentials = AssumeRole({.role_arn = "arn:aws:iam::123456789012:role/r",
                                                   .role_session_name = "trib-test",
                                                   .region = "us-east-1"},
                                                  env, SystemNowMs());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kUnavailable)
      << credentials.status().ToString();
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
}

}  // namespace
}  // namespace trib::aws
