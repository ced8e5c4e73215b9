// Service-account authentication: the key file parsed, the RS256 JWT built for a fixed clock
// (claims exact, signature verified with the key's public half by OpenSSL), the token
// endpoint chosen only from Google's and the administrator's, and the exchange against
// tests/fakes/gcs_fake.py (with_gcs_fake.sh; skipped without it, failed under CI=true).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "cloud/gcp/gcp_environment.h"
#include "cloud/gcp/jwt_assertion.h"
#include "cloud/gcp/oauth_token.h"
#include "cloud/gcp/service_account_key.h"
#include "common/json.h"
#include "gcs_fake_fixture.h"
#include "net/egress_policy.h"

namespace trib::gcp {
namespace {

using trib::testing::GcsFakeUnavailable;
using trib::testing::GcsFakeUrl;
using trib::testing::MakeTestServiceAccount;
using trib::testing::TestServiceAccount;

const TestServiceAccount& Account() {
  static const TestServiceAccount account = MakeTestServiceAccount();
  return account;
}

std::string Base64UrlDecode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return "<not base64url>";
  }
  out.resize(length);
  return out;
}

bool VerifyRs256(const std::string& jwt, const std::string& public_pem) {
  const size_t dot = jwt.rfind('.');
  const std::string input = jwt.substr(0, dot);
  const std::string signature = Base64UrlDecode(jwt.substr(dot + 1));
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!key || !ctx) return false;
  return EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                          input.size()) == 1;
}

TEST(GcpAuth, Base64UrlHasNoPaddingAndTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");  // '+' and '/' in standard base64
}

TEST(GcpAuth, KeyFileIsParsedAndBadOnesNameTheFieldWithoutQuotingIt) {
  const std::string json = Account().KeyJson("https://oauth2.googleapis.com/token");
  auto key = ParseServiceAccountKey(json, "key_json");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->client_email, Account().client_email);
  EXPECT_EQ(key->private_key_pem, Account().private_key_pem);
  EXPECT_EQ(key->token_uri, "https://oauth2.googleapis.com/token");

  const std::string secret = "sekrit" + RandomHex(8);
  for (const std::string& bad :
       {std::string("not json ") + secret, Json{{"type", "user"}, {"x", secret}}.dump(),
        Json{{"type", "service_account"}, {"private_key", secret}}.dump(),
        Json{{"type", "service_account"}, {"client_email", "a@b"}, {"private_key", secret}}
            .dump()}) {
    auto refused = ParseServiceAccountKey(bad, "key_path");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(refused.status().field(), "key_path");
    EXPECT_EQ(refused.status().message().find(secret), std::string::npos);
  }
}

TEST(GcpAuth, JwtClaimsAreExactForTheGivenClockAndTheSignatureVerifies) {
  auto key = ParseServiceAccountKey(Account().KeyJson(""), "key_json");
  ASSERT_TRUE(key.ok());
  const int64_t now_ms = 1'764'000'000'123;
  auto jwt = MakeJwtAssertion(*key, kStorageReadOnlyScope, "https://oauth2.googleapis.com/token",
                              now_ms, "key_json");
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  const size_t first = jwt->find('.');
  const size_t second = jwt->rfind('.');
  ASSERT_NE(first, second);
  const Json header = Json::parse(Base64UrlDecode(jwt->substr(0, first)));
  EXPECT_EQ(header, (Json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", key->private_key_id}}));
  const Json claims = Json::parse(Base64UrlDecode(jwt->substr(first + 1, second - first - 1)));
  EXPECT_EQ(claims, (Json{{"iss", Account().client_email},
                          {"scope", "https://www.googleapis.com/auth/devstorage.read_only"},
                          {"aud", "https://oauth2.googleapis.com/token"},
                          {"iat", 1'764'000'000},
                          {"exp", 1'764'003'600}}));
  EXPECT_TRUE(VerifyRs256(*jwt, Account().public_key_pem));
  // Negative control: another key's public half does not verify it.
  EXPECT_FALSE(VerifyRs256(*jwt, MakeTestServiceAccount().public_key_pem));
  // RSA signatures (PKCS#1 v1.5) are deterministic: same input, same token.
  EXPECT_EQ(*jwt, *MakeJwtAssertion(*key, kStorageReadOnlyScope,
                                    "https://oauth2.googleapis.com/token", now_ms, "key_json"));
}

TEST(GcpAuth, NonRsaOrGarbledKeysAreRefusedNamingTheField) {
  auto key = ParseServiceAccountKey(Account().KeyJson(""), "key_json");
  ASSERT_TRUE(key.ok());
  std::string garbled = key->private_key_pem;
  garbled.replace(garbled.find('\n') + 5, 20, std::string(20, 'A'));
  key->private_key_pem = garbled;
  auto refused = MakeJwtAssertion(*key, kStorageReadOnlyScope, "aud", 0, "key_json");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "key_json");

  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ec(EVP_EC_gen("P-256"), EVP_PKEY_free);
  ASSERT_TRUE(ec);
  key->private_key_pem = trib::testing::PemOf(ec.get(), true);
  refused = MakeJwtAssertion(*key, kStorageReadOnlyScope, "aud", 0, "key_json");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not an RSA key"), std::string::npos);
}

TEST(GcpAuth, TokenEndpointIsGooglesOrTheAdministratorsOnly) {
  ServiceAccountKey key;
  GcpEnvironment env;
  EXPECT_EQ(*ChooseTokenEndpoint(key, env, "key_json"), "https://oauth2.googleapis.com/token");
  key.token_uri = "https://oauth2.googleapis.com/token";
  EXPECT_EQ(*ChooseTokenEndpoint(key, env, "key_json"), "https://oauth2.googleapis.com/token");
  // A key that names an internal service is refused, naming the key field.
  for (const std::string uri :
       {"http://169.254.169.254/token", "https://oauth2.googleapis.com.evil.example/token",
        "https://oauth2.googleapis.com/token?x=1", "http://127.0.0.1:8080/token"}) {
    key.token_uri = uri;
    auto refused = ChooseTokenEndpoint(key, env, "key_path");
    ASSERT_FALSE(refused.ok()) << uri;
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(refused.status().field(), "key_path");
  }
  // The administrator's endpoint is allowed, and only that one.
  env.token_endpoint = "http://127.0.0.1:8080/token";
  key.token_uri = "http://127.0.0.1:8080/token";
  EXPECT_EQ(*ChooseTokenEndpoint(key, env, "key_json"), "http://127.0.0.1:8080/token");
  key.token_uri = "http://127.0.0.1:8081/token";
  EXPECT_FALSE(ChooseTokenEndpoint(key, env, "key_json").ok());
  // Plain http to another machine would expose the assertion: refused even when configured.
  env.token_endpoint = key.token_uri = "http://tokens.example.com/token";
  EXPECT_FALSE(ChooseTokenEndpoint(key, env, "key_json").ok());
}

TEST(GcpAuth, OnlyHttpsOrLoopbackMayCarryCredentials) {
  EXPECT_TRUE(MayCarryCredentials("https://storage.googleapis.com"));
  EXPECT_TRUE(MayCarryCredentials("http://127.0.0.1:4443"));
  EXPECT_TRUE(MayCarryCredentials("http://[::1]:4443/x"));
  EXPECT_TRUE(MayCarryCredentials("http://localhost"));
  EXPECT_FALSE(MayCarryCredentials("http://127.evil.example"));
  EXPECT_FALSE(MayCarryCredentials("http://10.0.0.1"));
  EXPECT_FALSE(MayCarryCredentials("ftp://127.0.0.1"));
}

TEST(GcpAuth, TheAdministratorsSettingsComeFromTheEnvironment) {
  const std::map<std::string, std::string> vars = {
      {"TRIB_GCP_TOKEN_ENDPOINT", "http://127.0.0.1:9/token"},
      {"TRIB_GCS_ENDPOINT", "http://127.0.0.1:9"},
      {"TRIB_GCP_CA_FILE", "/etc/trib/ca.pem"}};
  const GcpEnvironment env =
      GcpEnvironmentFromLookup([&vars](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
      });
  EXPECT_EQ(env.token_endpoint, "http://127.0.0.1:9/token");
  EXPECT_EQ(env.storage_endpoint, "http://127.0.0.1:9");
  EXPECT_EQ(env.ca_file, "/etc/trib/ca.pem");
  ASSERT_NE(env.tokens, nullptr);
  const GcpEnvironment unset =
      GcpEnvironmentFromLookup([](std::string_view) { return std::optional<std::string>(); });
  EXPECT_EQ(unset.token_endpoint, "") << "Google's only";
  EXPECT_EQ(unset.storage_endpoint, "");
}

TEST(GcpAuth, CacheHandsTokensOutUntilShortlyBeforeExpiry) {
  int64_t now = 1'000'000;
  AccessTokenCache cache([&now] { return now; }, 300'000);
  cache.Store("fp", {.token = "t1", .expiration_ms = now + 3'600'000});
  ASSERT_TRUE(cache.Find("fp"));
  EXPECT_EQ(cache.Find("fp")->token, "t1");
  EXPECT_FALSE(cache.Find("other"));
  now += 3'300'000 - 1;
  EXPECT_TRUE(cache.Find("fp"));
  now += 1;
  EXPECT_FALSE(cache.Find("fp")) << "within the refresh margin";
  cache.Store("old", {.token = "t0", .expiration_ms = now + 1000});  // already stale: not kept
  EXPECT_EQ(cache.size(), 0u);
}

TEST(GcpAuth, FingerprintDependsOnThePrivateKeyAndHoldsNoSecret) {
  TokenSource a;
  a.key.client_email = "x@y";
  a.key.private_key_pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  a.scope = std::string(kStorageReadWriteScope);
  a.endpoint = "https://oauth2.googleapis.com/token";
  TokenSource b = a;
  b.key.private_key_pem = "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n";
  EXPECT_NE(TokenFingerprint(a), TokenFingerprint(b)) << "same email, another key: no sharing";
  EXPECT_EQ(TokenFingerprint(a).size(), 64u);
  EXPECT_EQ(TokenFingerprint(a).find("AAAA"), std::string::npos);
  TokenSource c = a;
  c.scope = std::string(kStorageReadOnlyScope);
  EXPECT_NE(TokenFingerprint(a), TokenFingerprint(c));
}

class GcpTokenFakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = GcsFakeUnavailable();
    if (!why.empty()) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") FAIL() << why << " (required under CI)";
      GTEST_SKIP() << why;
    }
    ASSERT_TRUE(trib::testing::RegisterWithFake(Account()));
  }

  TokenSource Source(const TestServiceAccount& account) const {
    TokenSource source;
    auto key = ParseServiceAccountKey(account.KeyJson(GcsFakeUrl() + "/token"), "key_json");
    EXPECT_TRUE(key.ok());
    source.key = *key;
    source.key_field = "key_json";
    source.scope = std::string(kStorageReadWriteScope);
    source.endpoint = GcsFakeUrl() + "/token";
    source.timeout_ms = 5000;
    return source;
  }
};

TEST_F(GcpTokenFakeTest, TheFakeGrantsATokenAndTheCacheReusesIt) {
  TokenSource source = Source(Account());
  int64_t now = SystemNowMs();
  source.clock = [&now] { return now; };
  source.cache = std::make_shared<AccessTokenCache>([&now] { return now; });
  // Counted per account: other tests may be asking the same fake at the same time.
  const int before = trib::testing::FakeGrants(Account())["read_write"].get<int>();
  auto first = ObtainAccessToken(source);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->token.starts_with("ya29.")) << "the fake's token shape";
  EXPECT_EQ(first->expiration_ms, now + 3'599'000);
  auto second = ObtainAccessToken(source);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->token, first->token);
  EXPECT_EQ(trib::testing::FakeGrants(Account())["read_write"], before + 1);
  // Near expiry a new token is fetched. (The fake checks iat against its own clock, so only
  // the cache's clock moves.)
  now += 3'400'000;
  source.clock = SystemClock();
  auto third = ObtainAccessToken(source);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_NE(third->token, first->token);
  EXPECT_EQ(trib::testing::FakeGrants(Account())["read_write"], before + 2);
}

TEST_F(GcpTokenFakeTest, AnUnknownKeyIsRejectedNamingTheKeyFieldWithoutSecrets) {
  const TestServiceAccount stranger = MakeTestServiceAccount();  // never registered
  TokenSource source = Source(stranger);
  source.key_field = "key_path";
  auto refused = ObtainAccessToken(source);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUpstreamRejected) << refused.status().ToString();
  EXPECT_EQ(refused.status().field(), "key_path");
  EXPECT_NE(refused.status().message().find("invalid_grant"), std::string::npos);
  EXPECT_EQ(refused.status().message().find("PRIVATE KEY"), std::string::npos);

  // A registered email signed with another key: the signature check refuses it.
  TokenSource forged = Source(stranger);
  forged.key.client_email = Account().client_email;
  refused = ObtainAccessToken(forged);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("Signature"), std::string::npos)
      << refused.status().ToString();
}

TEST_F(GcpTokenFakeTest, TheTokenEndpointGoesThroughTheEgressCheck) {
  TokenSource source = Source(Account());
  auto policy = net::EgressPolicy::Parse(std::vector<std::string>{"10.0.0.0/8"});
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  source.egress = net::Egress(std::make_shared<const net::EgressPolicy>(std::move(*policy)),
                              "key_json", nullptr);
  auto refused = ObtainAccessToken(source);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_EQ(refused.status().field(), "key_json");
}

}  // namespace
}  // namespace trib::gcp
