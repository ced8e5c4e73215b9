// Azure storage tokens: the cache against a clock (exact), the token answers of Azure AD and
// IMDS, the server's settings, and the token clients against the Azure identity contract fake
// (tests/scripts/with_azure_identity.sh; skipped without it, failed under CI=true).
#include <gtest/gtest.h>

#include <httplib.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "cloud/azure/azure_environment.h"
#include "cloud/azure/token_cache.h"
#include "cloud/azure/token_client.h"
#include "cloud/azure/token_provider.h"
#include "common/json.h"
#include "common/random.h"
#include "net/egress_policy.h"

namespace trib::azure {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

TEST(AzureTokenCacheTest, HandsOutATokenUntilTheMarginBeforeItExpires) {
  auto now = std::make_shared<int64_t>(1'000'000);
  TokenCache cache([now] { return *now; }, 60'000);
  const TokenKey key{.flow = "service_principal",
                     .endpoint = "e",
                     .client_id = "c",
                     .secret_digest = SecretDigest("s")};
  cache.Store(key, {"token-1", 1'000'000 + 120'000});
  ASSERT_TRUE(cache.Find(key).has_value());
  EXPECT_EQ(cache.Find(key)->token, "token-1");
  *now += 60'000 - 1;  // one millisecond before the margin
  EXPECT_TRUE(cache.Find(key).has_value());
  *now += 1;
  EXPECT_FALSE(cache.Find(key).has_value());
  // A token already inside its margin is not kept at all.
  cache.Store(key, {"token-2", *now + 30'000});
  EXPECT_EQ(cache.size(), 0u);
}

TEST(AzureTokenCacheTest, AnotherSecretOrIdentityIsAnotherEntry) {
  TokenCache cache([] { return int64_t{0}; });
  const TokenKey right{.flow = "service_principal",
                       .endpoint = "e",
                       .client_id = "c",
                       .secret_digest = SecretDigest("right")};
  TokenKey wrong = right;
  wrong.secret_digest = SecretDigest("wrong");
  TokenKey other = right;
  other.client_id = "d";
  cache.Store(right, {"token", 3'600'000});
  EXPECT_TRUE(cache.Find(right).has_value());
  EXPECT_FALSE(cache.Find(wrong).has_value()) << "a wrong secret must never get the token";
  EXPECT_FALSE(cache.Find(other).has_value());
}

TEST(AzureTokenCacheTest, SecretDigestsCompareWithoutHoldingTheSecret) {
  const std::string secret = "client-secret-" + RandomHex(8);
  EXPECT_EQ(SecretDigest(secret), SecretDigest(secret));
  EXPECT_NE(SecretDigest(secret), SecretDigest(secret + "x"));
  EXPECT_EQ(SecretDigest(secret).size(), 64u);
  EXPECT_EQ(SecretDigest(secret).find(secret), std::string::npos);
}

TEST(AzureTokenAnswerTest, ReadsAzureAdAndImdsShapes) {
  // Azure AD v2.0: expires_in in seconds, a number.
  auto ad = ParseTokenAnswer(
      R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"a.b.c"})",
      1'000'000);
  ASSERT_TRUE(ad.ok()) << ad.status().ToString();
  EXPECT_EQ(ad->token, "a.b.c");
  EXPECT_EQ(ad->expires_on_ms, 1'000'000 + 3'599'000);
  // IMDS: numbers as strings, expires_on in epoch seconds wins over expires_in.
  auto imds = ParseTokenAnswer(
      R"({"access_token":"x.y.z","expires_in":"3599","expires_on":"1506484173",)"
      R"("not_before":"1506480273","resource":"https://storage.azure.com/","token_type":"Bearer"})",
      0);
  ASSERT_TRUE(imds.ok()) << imds.status().ToString();
  EXPECT_EQ(imds->expires_on_ms, int64_t{1506484173} * 1000);
  for (const char* bad : {"not json", R"({"expires_in": 5})", R"({"access_token": "t"})",
                          R"({"access_token": "t", "expires_in": "soon"})"}) {
    auto parsed = ParseTokenAnswer(bad, 0);
    EXPECT_EQ(parsed.status().code(), StatusCode::kUnavailable) << bad;
  }
}

TEST(AzureEnvironmentTest, ServerSettingsComeFromTribAzureVariables) {
  const std::map<std::string, std::string> vars = {
      {"TRIB_AZURE_IMDS_ENDPOINT", "http://127.0.0.1:9999/"},
      {"TRIB_AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/"},
      {"TRIB_AZURE_CA_FILE", "/etc/trib/ca.pem"}};
  const AzureEnvironment env =
      AzureEnvironmentFromLookup([&](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
      });
  EXPECT_EQ(env.imds_endpoint, "http://127.0.0.1:9999");
  EXPECT_EQ(env.authority_host, "https://login.microsoftonline.us");
  EXPECT_EQ(env.ca_file, "/etc/trib/ca.pem");
  const AzureEnvironment defaults =
      AzureEnvironmentFromLookup([](std::string_view) { return std::nullopt; });
  EXPECT_EQ(defaults.imds_endpoint, "http://169.254.169.254");
  EXPECT_EQ(defaults.authority_host, "https://login.microsoftonline.com");
  EXPECT_EQ(ServicePrincipalTokenUrl(defaults, {.tenant = "contoso.onmicrosoft.com"}),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
}

class AzureIdentityFakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Env("TRIB_TEST_AZURE_AD_URL").empty()) {
      if (Env("CI") == "true") FAIL() << "TRIB_TEST_AZURE_AD_URL is not set (required under CI)";
      GTEST_SKIP() << "run under tests/scripts/with_azure_identity.sh";
    }
    env_.authority_host = Env("TRIB_TEST_AZURE_AD_URL");
    env_.imds_endpoint = Env("TRIB_TEST_AZURE_IMDS_URL");
    env_.tokens = std::make_shared<TokenCache>(SystemClock());
    sp_ = {.tenant = Env("TRIB_TEST_AZURE_TENANT"),
           .client_id = Env("TRIB_TEST_AZURE_CLIENT_ID"),
           .client_secret = Env("TRIB_TEST_AZURE_CLIENT_SECRET")};
  }

  // The claims of a JWT, decoded from its base64url middle part.
  static Json Claims(const std::string& jwt) {
    const size_t first = jwt.find('.');
    const size_t second = jwt.find('.', first + 1);
    std::string part = jwt.substr(first + 1, second - first - 1);
    for (char& c : part) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (part.size() % 4 != 0) part += '=';
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int bits = 0, value = 0;
    for (char c : part) {
      if (c == '=') break;
      value = (value << 6) | static_cast<int>(kAlphabet.find(c));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += static_cast<char>((value >> bits) & 0xFF);
      }
    }
    return Json::parse(out);
  }

  AzureEnvironment env_;
  ServicePrincipal sp_;
};

TEST_F(AzureIdentityFakeTest, ServicePrincipalGetsAStorageTokenOnceThenFromTheCache) {
  bool from_cache = true;
  auto token = ObtainServicePrincipalToken(sp_, env_, net::Egress(), SystemClock(), &from_cache);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_FALSE(from_cache);
  const Json claims = Claims(token->token);
  EXPECT_EQ(claims["aud"], "https://storage.azure.com");
  EXPECT_EQ(claims["iss"], "https://sts.windows.net/" + sp_.tenant + "/");
  EXPECT_GT(token->expires_on_ms, SystemNowMs() + 30 * 60'000);
  auto again = ObtainServicePrincipalToken(sp_, env_, net::Egress(), SystemClock(), &from_cache);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(from_cache);
  EXPECT_EQ(again->token, token->token);
}

TEST_F(AzureIdentityFakeTest, AzureAdRefusalsNameTheFieldAndNeverTheSecret) {
  ServicePrincipal wrong = sp_;
  wrong.client_secret = "wrong-" + RandomHex(10);
  const struct {
    ServicePrincipal sp;
    std::string field;
  } cases[] = {
      {wrong, "service_credential"},
      {{sp_.tenant, "00000000-0000-0000-0000-" + RandomHex(6), sp_.client_secret, ""},
       "application_id"},
      {{"11111111-2222-3333-4444-" + RandomHex(6), sp_.client_id, sp_.client_secret, ""},
       "directory_id"},
  };
  for (const auto& c : cases) {
    auto token = RequestServicePrincipalToken(c.sp, env_, net::Egress(), SystemNowMs());
    ASSERT_FALSE(token.ok()) << c.field;
    EXPECT_EQ(token.status().code(), StatusCode::kUpstreamRejected) << token.status().ToString();
    EXPECT_EQ(token.status().field(), c.field) << token.status().ToString();
    EXPECT_NE(token.status().message().find("AADSTS"), std::string::npos);
    EXPECT_EQ(token.status().ToString().find(c.sp.client_secret), std::string::npos);
  }
}

TEST_F(AzureIdentityFakeTest, TheTokenUrlGoesThroughTheEgressCheck) {
  auto policy = net::EgressPolicy::Parse({"10.0.0.0/8"});
  ASSERT_TRUE(policy.ok());
  const net::Egress egress(std::make_shared<const net::EgressPolicy>(*policy),
                           "spark_options.fs.azure.account.oauth2.client.endpoint", nullptr);
  auto token = RequestServicePrincipalToken(sp_, env_, egress, SystemNowMs());
  EXPECT_EQ(token.status().code(), StatusCode::kPermissionDenied) << token.status().ToString();
  EXPECT_EQ(token.status().field(), "spark_options.fs.azure.account.oauth2.client.endpoint");
}

TEST_F(AzureIdentityFakeTest, ManagedIdentityTokensFromImds) {
  const std::string identity = Env("TRIB_TEST_AZURE_MI_CLIENT_ID");
  auto token = ObtainManagedIdentityToken(identity, env_, SystemClock());
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(Claims(token->token)["aud"], "https://storage.azure.com");
  EXPECT_EQ(Claims(token->token)["appid"], identity);
  auto unknown = RequestManagedIdentityToken("00000000-0000-0000-0000-000000000000", env_, 0);
  EXPECT_EQ(unknown.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(unknown.status().field(), "application_id");
  // Nothing listening: unavailable, saying where it asked.
  AzureEnvironment nowhere = env_;
  nowhere.imds_endpoint = "http://127.0.0.1:1";
  auto unreachable = RequestManagedIdentityToken(identity, nowhere, 0);
  EXPECT_EQ(unreachable.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(unreachable.status().message().find("127.0.0.1:1"), std::string::npos);
}

// The fake keeps to the contract it stands in for: IMDS refuses a request without the
// Metadata header, Azure AD a request without grant_type.
TEST_F(AzureIdentityFakeTest, TheFakeRefusesWhatTheRealServicesRefuse) {
  httplib::Client client(Env("TRIB_TEST_AZURE_IMDS_URL"));
  auto bare = client.Get(
      "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 400);
  EXPECT_NE(bare->body.find("Required metadata header not specified"), std::string::npos);
  auto with = client.Get(
      "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com/",
      {{"Metadata", "true"}});
  ASSERT_TRUE(with);
  EXPECT_EQ(with->status, 200) << "positive control";
  auto no_grant = client.Post("/" + sp_.tenant + "/oauth2/v2.0/token", "client_id=" + sp_.client_id,
                              "application/x-www-form-urlencoded");
  ASSERT_TRUE(no_grant);
  EXPECT_EQ(no_grant->status, 400);
  EXPECT_NE(no_grant->body.find("AADSTS900144"), std::string::npos);
}

}  // namespace
}  // namespace trib::azure
