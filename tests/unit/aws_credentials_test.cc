// The AWS pieces that need no AWS: settings from the environment, XML answers, the credential
// cache with a fake clock, region derivation, error mapping, and what goes on the wire (seen by
// a loopback httplib server standing in for AWS).
#include <gtest/gtest.h>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/aws_query_client.h"
#include "cloud/aws/aws_xml.h"
#include "cloud/aws/redshift_credentials.h"
#include "cloud/aws/redshift_login.h"
#include "cloud/aws/sts_client.h"
#include "cloud/aws/temporary_credentials_cache.h"
#include "common/random.h"

namespace trib::aws {
namespace {

EnvLookup Vars(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(AwsEnvironmentTest, ReadsKeysRegionAndEndpointOverrides) {
  const AwsEnvironment env =
      AwsEnvironmentFromLookup(Vars({{"AWS_ACCESS_KEY_ID", "AKIA1"},
                                     {"AWS_SECRET_ACCESS_KEY", "s"},
                                     {"AWS_SESSION_TOKEN", "t"},
                                     {"AWS_REGION", "eu-west-1"},
                                     {"AWS_DEFAULT_REGION", "us-west-2"},
                                     {"AWS_ENDPOINT_URL", "http://all/"},
                                     {"AWS_ENDPOINT_URL_STS", "http://sts:1/"}}));
  EXPECT_EQ(env.credentials.access_key_id, "AKIA1");
  EXPECT_EQ(env.credentials.secret_access_key, "s");
  EXPECT_EQ(env.credentials.session_token, "t");
  EXPECT_EQ(env.region, "eu-west-1");
  EXPECT_EQ(env.sts_endpoint, "http://sts:1");
  EXPECT_EQ(env.redshift_endpoint, "http://all");
  EXPECT_EQ(StsEndpoint(env, "eu-west-1"), "http://sts:1");
}

TEST(AwsEnvironmentTest, FallsBackToDefaultRegionAndPublicEndpoints) {
  const AwsEnvironment env =
      AwsEnvironmentFromLookup(Vars({{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "ap-south-1"}}));
  EXPECT_TRUE(env.credentials.empty());
  EXPECT_EQ(env.region, "ap-south-1");
  EXPECT_EQ(StsEndpoint(env, "ap-south-1"), "https://sts.ap-south-1.amazonaws.com");
  EXPECT_EQ(RedshiftEndpoint(env, "us-east-2"), "https://redshift.us-east-2.amazonaws.com");
  EXPECT_EQ(RedshiftEndpoint(env, "cn-north-1"), "https://redshift.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(
      AwsEnvironmentFromLookup(Vars({{"AWS_ENDPOINT_URL_REDSHIFT", "http://r"}})).redshift_endpoint,
      "http://r");
}

TEST(AwsEndpointTest, HostHeaderDropsDefaultPorts) {
  struct Case {
    std::string url, scheme_host_port, host, path;
  };
  for (const Case& c : std::vector<Case>{
           {"https://sts.amazonaws.com", "https://sts.amazonaws.com", "sts.amazonaws.com", "/"},
           {"https://sts.amazonaws.com:443/", "https://sts.amazonaws.com:443", "sts.amazonaws.com",
            "/"},
           {"http://127.0.0.1:5000", "http://127.0.0.1:5000", "127.0.0.1:5000", "/"},
           {"http://localhost:80/aws/", "http://localhost:80", "localhost", "/aws/"},
           {"http://[::1]:4566", "http://[::1]:4566", "[::1]:4566", "/"}}) {
    Result<AwsEndpoint> endpoint = ParseAwsEndpoint(c.url);
    ASSERT_TRUE(endpoint.ok()) << c.url << ": " << endpoint.status().ToString();
    EXPECT_EQ(endpoint->scheme_host_port, c.scheme_host_port) << c.url;
    EXPECT_EQ(endpoint->host_header, c.host) << c.url;
    EXPECT_EQ(endpoint->path, c.path) << c.url;
  }
  for (const char* bad : {"sts.amazonaws.com", "ftp://x", "http://", "http://h:port",
                          "http://user:pw@h", "http://h/?a=b", "http://:80"}) {
    EXPECT_EQ(ParseAwsEndpoint(bad).status().code(), StatusCode::kFailedPrecondition) << bad;
  }
}

TEST(AwsXmlTest, ParsesBothErrorShapes) {
  std::optional<AwsError> error = ParseAwsError(
      R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>)"
      R"(<Code>AccessDenied</Code><Message>not &lt;allowed&gt;</Message></Error></ErrorResponse>)");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "AccessDenied");
  EXPECT_EQ(error->message, "not <allowed>");
  EXPECT_EQ(error->type, "Sender");

  error = ParseAwsError(
      R"(<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>)"
      R"(<Message>bad</Message></Error></Errors></ErrorResponse>)");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "InvalidClientTokenId");

  EXPECT_FALSE(ParseAwsError("<html>Bad Gateway</html>").has_value());
  EXPECT_FALSE(ParseAwsError("not xml at all <").has_value());
}

TEST(AwsXmlTest, ExtractsFieldsAndNamesMissingOnesWithoutQuotingTheDocument) {
  const std::string xml =
      R"(<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>)"
      R"(<Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s3cr3t-value</SecretAccessKey>)"
      R"(<SessionToken><![CDATA[tok+/=]]></SessionToken><Expiration>2026-11-25T18:35:13Z</Expiration>)"
      R"(</Credentials></AssumeRoleResult></AssumeRoleResponse>)";
  Result<std::map<std::string, std::string>> fields =
      ExtractXmlFields(xml, "Credentials", {"AccessKeyId", "SessionToken"});
  ASSERT_TRUE(fields.ok()) << fields.status().ToString();
  EXPECT_EQ((*fields)["AccessKeyId"], "ASIA1");
  EXPECT_EQ((*fields)["SessionToken"], "tok+/=");

  Result<std::map<std::string, std::string>> missing =
      ExtractXmlFields(xml, "Credentials", {"AccessKeyId", "DbPassword"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("DbPassword"), std::string::npos);
  EXPECT_EQ(missing.status().message().find("s3cr3t-value"), std::string::npos);
  EXPECT_FALSE(ExtractXmlFields(xml, "GetClusterCredentialsResult", {}).ok());
  EXPECT_FALSE(ExtractXmlFields("<<<", "Credentials", {}).ok());
}

TEST(AwsXmlTest, ParsesIso8601Timestamps) {
  EXPECT_EQ(*ParseIso8601Ms("2015-08-30T12:36:00Z"), 1440938160000);
  EXPECT_EQ(*ParseIso8601Ms("2015-08-30T12:36:00.5Z"), 1440938160500);
  EXPECT_EQ(*ParseIso8601Ms("2026-11-25T18:35:13.351387Z"), 1795631713351);
  EXPECT_EQ(*ParseIso8601Ms("2015-08-30T14:36:00+02:00"), 1440938160000);
  EXPECT_EQ(*ParseIso8601Ms("2015-08-30T10:06:00-02:30"), 1440938160000);
  for (const char* bad : {"", "2015-08-30", "2015-08-30T12:36:00", "2015-13-30T12:36:00Z",
                          "2015-08-30T12:36:00.Z", "2015-08-30T12:36:00Zjunk", "yesterday"}) {
    EXPECT_FALSE(ParseIso8601Ms(bad).ok()) << bad;
  }
}

TEST(AwsErrorMappingTest, MapsAwsCodesToStatusCodes) {
  const auto code = [](std::string aws_code, int http = 400) {
    return StatusFromAwsError("AssumeRole", http, {.code = std::move(aws_code)}).code();
  };
  EXPECT_EQ(code("AccessDenied", 403), StatusCode::kPermissionDenied);
  EXPECT_EQ(code("InvalidClientTokenId", 403), StatusCode::kUpstreamRejected);
  EXPECT_EQ(code("SignatureDoesNotMatch", 403), StatusCode::kUpstreamRejected);
  EXPECT_EQ(code("ExpiredToken", 400), StatusCode::kUpstreamRejected);
  EXPECT_EQ(code("Throttling"), StatusCode::kUnavailable);
  EXPECT_EQ(code("SomethingNew", 503), StatusCode::kUnavailable);
  EXPECT_EQ(code("ValidationError"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("RegionDisabledException", 403), StatusCode::kFailedPrecondition);
  const Status status =
      StatusFromAwsError("AssumeRole", 403, {.code = "AccessDenied", .message = "no"});
  EXPECT_EQ(status.message(), "AssumeRole failed: AccessDenied: no");
}

TEST(AwsErrorMappingTest, ScrubsSecretsAndQuotedCanonicalRequests) {
  const AwsCredentials credentials{.access_key_id = "AKIA1",
                                   .secret_access_key = RandomToken(30),
                                   .session_token = RandomToken(60)};
  const std::string text = "key " + credentials.secret_access_key + " and " +
                           credentials.session_token + " twice " + credentials.session_token +
                           "\n\nThe Canonical String for this request should have been\n'POST...'";
  const std::string scrubbed = ScrubAwsMessage(text, credentials);
  EXPECT_EQ(scrubbed, "key <redacted> and <redacted> twice <redacted>");
  EXPECT_EQ(ScrubAwsMessage(std::string(2000, 'x'), credentials).size(), 503u);
}

TEST(AwsRedshiftRegionTest, ComesFromEndpointThenEnvironmentThenDefault) {
  AwsEnvironment env;
  RedshiftIamRequest request;
  request.database_endpoint = "abc123xyz.us-east-2.redshift.amazonaws.com";
  EXPECT_EQ(RedshiftRegion(request, env), "us-east-2");
  request.database_endpoint = "examplecluster.abc123xyz.eu-central-1.redshift.amazonaws.com";
  EXPECT_EQ(RedshiftRegion(request, env), "eu-central-1");
  request.database_endpoint = "abc.cn-north-1.redshift.amazonaws.com.cn";
  EXPECT_EQ(RedshiftRegion(request, env), "cn-north-1");
  request.database_endpoint = "abc.us-gov-west-1.redshift.amazonaws.com";
  EXPECT_EQ(RedshiftRegion(request, env), "us-gov-west-1");
  request.database_endpoint = "warehouse.example.com";
  EXPECT_EQ(RedshiftRegion(request, env), "us-east-1");
  env.region = "ap-northeast-1";
  EXPECT_EQ(RedshiftRegion(request, env), "ap-northeast-1");
  request.database_endpoint = "";
  EXPECT_EQ(RedshiftRegion(request, env), "ap-northeast-1");
  request.database_endpoint = "redshift.amazonaws.com";
  EXPECT_EQ(RedshiftRegion(request, env), "ap-northeast-1");
}

TEST(AwsRedshiftRegionTest, SplitsDatabaseGroups) {
  EXPECT_EQ(SplitDatabaseGroups(""), std::vector<std::string>{});
  EXPECT_EQ(SplitDatabaseGroups(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitDatabaseGroups("solo"), std::vector<std::string>{"solo"});
}

TEST(AwsRedshiftLoginTest, RejectsBadRequestsBeforeCallingAws) {
  AwsEnvironment env;
  env.credentials = {.access_key_id = "AKIA1", .secret_access_key = RandomToken(30)};
  env.sts_endpoint = env.redshift_endpoint = "http://127.0.0.1:1";
  TemporaryCredentialsCache cache(SystemClock());
  const RedshiftIamRequest good{.iam_role = "arn:aws:iam::123456789012:role/r",
                                .cluster_identifier = "c",
                                .database_user_name = "u",
                                .expiration = 900};
  const auto field_of = [&](RedshiftIamRequest request) {
    Result<RedshiftLogin> login = ObtainRedshiftLogin(request, env, cache, SystemClock());
    EXPECT_EQ(login.status().code(), StatusCode::kInvalidArgument);
    return login.status().field();
  };
  RedshiftIamRequest r = good;
  r.expiration = 899;
  EXPECT_EQ(field_of(r), "expiration");
  r.expiration = 3601;
  EXPECT_EQ(field_of(r), "expiration");
  r = good;
  r.iam_role = "";
  EXPECT_EQ(field_of(r), "iam_role");
  r.iam_role = "arn:aws:iam::123456789012:user/u";
  EXPECT_EQ(field_of(r), "iam_role");
  r = good;
  r.database_user_name = "";
  EXPECT_EQ(field_of(r), "database_user_name");
  r = good;
  r.cluster_identifier = "";
  EXPECT_EQ(field_of(r), "cluster_identifier");
}

// ---- the cache, with a fake clock -----------------------------------------------------------

RedshiftLoginKey LoginKey(std::string user) {
  return {.region = "us-east-1",
          .role_arn = "arn:aws:iam::1:role/r",
          .cluster_identifier = "c",
          .db_user = std::move(user),
          .db_name = "dev",
          .db_groups = {"a", "b"}};
}

TEST(AwsCredentialsCacheTest, HandsOutEntriesUntilTheMarginBeforeExpiry) {
  int64_t now = 1'000'000;
  TemporaryCredentialsCache cache([&now] { return now; }, 30'000);
  const RedshiftLogin login{.db_user = "IAM:u", .db_password = "p", .expiration_ms = 100'000};
  cache.StoreRedshiftLogin(LoginKey("u"),
                           {.db_user = "IAM:u", .db_password = "p", .expiration_ms = 1'100'000});
  now = 1'069'999;
  ASSERT_TRUE(cache.FindRedshiftLogin(LoginKey("u")).has_value());
  EXPECT_EQ(cache.FindRedshiftLogin(LoginKey("u"))->db_password, "p");
  now = 1'070'000;  // expiry - margin
  EXPECT_FALSE(cache.FindRedshiftLogin(LoginKey("u")).has_value());
  EXPECT_FALSE(cache.FindRedshiftLogin(LoginKey("v")).has_value());

  // Already within the margin when stored: not kept. Stale entries are swept on Store.
  cache.StoreRedshiftLogin(LoginKey("v"), login);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(AwsCredentialsCacheTest, KeysTellLoginsAndSessionsApart) {
  int64_t now = 0;
  TemporaryCredentialsCache cache([&now] { return now; });
  cache.StoreRedshiftLogin(LoginKey("u"), {.db_password = "one", .expiration_ms = 3600'000});
  RedshiftLoginKey other_groups = LoginKey("u");
  other_groups.db_groups = {"a"};
  RedshiftLoginKey other_db = LoginKey("u");
  other_db.db_name = "prod";
  RedshiftLoginKey other_role = LoginKey("u");
  other_role.role_arn = "arn:aws:iam::1:role/s";
  for (const RedshiftLoginKey& key : {other_groups, other_db, other_role}) {
    EXPECT_FALSE(cache.FindRedshiftLogin(key).has_value());
  }
  const RoleSessionKey session{
      .region = "us-east-1", .role_arn = "arn:aws:iam::1:role/r", .caller_access_key_id = "AKIA1"};
  cache.StoreRoleSession(session, {.access_key_id = "ASIA1",
                                   .secret_access_key = "s",
                                   .session_token = "t",
                                   .expiration_ms = 3600'000});
  EXPECT_EQ(cache.FindRoleSession(session)->access_key_id, "ASIA1");
  RoleSessionKey other_caller = session;
  other_caller.caller_access_key_id = "AKIA2";
  EXPECT_FALSE(cache.FindRoleSession(other_caller).has_value());
  // Credentials without an expiry are never kept.
  cache.StoreRoleSession(other_caller, {.access_key_id = "AKIA9", .secret_access_key = "s"});
  EXPECT_FALSE(cache.FindRoleSession(other_caller).has_value());
  EXPECT_EQ(cache.size(), 2u);
  cache.ForgetRoleSession(session);
  EXPECT_FALSE(cache.FindRoleSession(session).has_value());
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(AwsCredentialsCacheTest, IsSafeToShareBetweenThreads) {
  std::atomic<int64_t> now{0};
  TemporaryCredentialsCache cache([&now] { return now.load(); });
  std::vector<std::thread> threads;
  std::atomic<int> misses{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const RedshiftLoginKey key = LoginKey("user" + std::to_string((t * 500 + i) % 7));
        if (!cache.FindRedshiftLogin(key)) {
          ++misses;
          cache.StoreRedshiftLogin(key, {.db_password = "p", .expiration_ms = 3600'000});
        }
        now += 1;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(cache.size(), 7u);
  EXPECT_GE(misses.load(), 7);
}

// ---- on the wire, against a loopback stand-in for AWS ---------------------------------------

class FakeAws {
 public:
  // Answers every POST with `status` and `body`, recording the form it was sent.
  FakeAws(int status, std::string body) {
    server_.Post(
        "/", [this, status, body](const httplib::Request& request, httplib::Response& response) {
          std::lock_guard lock(mutex_);
          form_.clear();
          for (const auto& [name, value] : request.params) form_[name] = value;
          headers_ = request.headers;
          response.status = status;
          response.set_content(body, "text/xml");
        });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeAws() {
    // stop() is a no-op until the accept loop runs; a stop before it would leave join() hanging.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::map<std::string, std::string> form() {
    std::lock_guard lock(mutex_);
    return form_;
  }
  std::string header(const std::string& name) {
    std::lock_guard lock(mutex_);
    return headers_.count(name) == 1 ? headers_.find(name)->second
                                     : "<" + std::to_string(headers_.count(name)) + ">";
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, std::string> form_;
  httplib::Headers headers_;
};

AwsEnvironment EnvFor(const FakeAws& fake) {
  AwsEnvironment env;
  env.credentials = {.access_key_id = "AKIA" + RandomHex(8), .secret_access_key = RandomToken(30)};
  env.region = "us-west-2";
  env.sts_endpoint = env.redshift_endpoint = fake.url();
  return env;
}

TEST(AwsWireTest, GetClusterCredentialsSendsEveryParameter) {
  FakeAws fake(200,
               "<GetClusterCredentialsResponse><GetClusterCredentialsResult><DbUser>IAM:u</DbUser>"
               "<DbPassword>pw</DbPassword><Expiration>2030-01-01T00:00:00Z</Expiration>"
               "</GetClusterCredentialsResult></GetClusterCredentialsResponse>");
  const AwsEnvironment env = EnvFor(fake);
  const AwsCredentials role{.access_key_id = "ASIA1",
                            .secret_access_key = RandomToken(30),
                            .session_token = RandomToken(80)};
  Result<RedshiftLogin> login = GetClusterCredentials({.cluster_identifier = "c1",
                                                       .db_user = "u",
                                                       .db_name = "dev",
                                                       .db_groups = {"g one", "g2"},
                                                       .auto_create = true,
                                                       .duration_seconds = 1800,
                                                       .region = "us-west-2"},
                                                      role, env, 1893456000000);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->db_user, "IAM:u");
  EXPECT_EQ(login->db_password, "pw");
  EXPECT_EQ(login->expiration_ms, 1893456000000);
  EXPECT_EQ(fake.form(), (std::map<std::string, std::string>{{"Action", "GetClusterCredentials"},
                                                             {"Version", "2012-12-01"},
                                                             {"ClusterIdentifier", "c1"},
                                                             {"DbUser", "u"},
                                                             {"DbName", "dev"},
                                                             {"DbGroups.member.1", "g one"},
                                                             {"DbGroups.member.2", "g2"},
                                                             {"AutoCreate", "true"},
                                                             {"DurationSeconds", "1800"}}));
  EXPECT_EQ(fake.header("Host"), fake.url().substr(7));
  EXPECT_EQ(fake.header("X-Amz-Date"), "20300101T000000Z");
  EXPECT_EQ(fake.header("X-Amz-Security-Token"), role.session_token);
  EXPECT_EQ(fake.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_TRUE(fake.header("Authorization")
                  .starts_with("AWS4-HMAC-SHA256 Credential=ASIA1/20300101/us-west-2/redshift/"
                               "aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                               "x-amz-security-token, Signature="));
}

TEST(AwsWireTest, AssumeRoleSendsItsParameters) {
  FakeAws fake(200,
               "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA2</AccessKeyId>"
               "<SecretAccessKey>k</SecretAccessKey><SessionToken>t</SessionToken>"
               "<Expiration>2030-01-01T01:00:00.123Z</Expiration></Credentials></AssumeRoleResult>"
               "</AssumeRoleResponse>");
  const AwsEnvironment env = EnvFor(fake);
  Result<AwsCredentials> credentials = AssumeRole({.role_arn = "arn:aws:iam::123456789012:role/r",
                                                   .role_session_name = "tributary-1",
                                                   .duration_seconds = 900,
                                                   .region = "us-west-2"},
                                                  env, 1893456000000);
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIA2");
  EXPECT_EQ(credentials->expiration_ms, 1893459600123);
  EXPECT_EQ(fake.form(),
            (std::map<std::string, std::string>{{"Action", "AssumeRole"},
                                                {"Version", "2011-06-15"},
                                                {"RoleArn", "arn:aws:iam::123456789012:role/r"},
                                                {"RoleSessionName", "tributary-1"},
                                                {"DurationSeconds", "900"}}));
  EXPECT_EQ(fake.header("X-Amz-Security-Token"), "<0>");  // long-term keys carry no token
}

TEST(AwsWireTest, ErrorMessagesQuotingSecretsAreScrubbed) {
  const std::string token = RandomToken(80);
  FakeAws fake(403,
               "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
               "<Message>Check your key.\n\nThe Canonical String for this request should "
               "have been\n'POST\n/\n\nx-amz-security-token:" +
                   token + "'</Message></Error></ErrorResponse>");
  const AwsEnvironment env = EnvFor(fake);
  const AwsCredentials role{
      .access_key_id = "ASIA1", .secret_access_key = RandomToken(30), .session_token = token};
  Result<RedshiftLogin> login = GetClusterCredentials(
      {.cluster_identifier = "c1", .db_user = "u", .duration_seconds = 900, .region = "us-west-2"},
      role, env, 1893456000000);
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(login.status().message(),
            "GetClusterCredentials failed: SignatureDoesNotMatch: Check your key.");
}

TEST(AwsWireTest, AnswersWithoutErrorDocumentsMapByHttpStatus) {
  const auto code_for = [](int status) {
    FakeAws fake(status, "<html>gateway trouble</html>");
    const AwsEnvironment env = EnvFor(fake);
    return AssumeRole({.role_arn = "arn:aws:iam::1:role/r",
                       .role_session_name = "tributary-1",
                       .region = "us-west-2"},
                      env, 1893456000000)
        .status();
  };
  EXPECT_EQ(code_for(502).code(), StatusCode::kUnavailable);
  EXPECT_EQ(code_for(403).code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(code_for(404).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(code_for(200).code(), StatusCode::kUnavailable);  // 200 but not an AssumeRole answer
  EXPECT_EQ(code_for(502).message().find("gateway trouble"), std::string::npos);
}

}  // namespace
}  // namespace trib::aws
