// The adls object store against a real Azurite (tests/scripts/with_azurite.sh): SharedKey over
// http, and bearer tokens minted by the Azure AD contract fake over https. Each test works below
// its own random prefix of the shared container. Skipped when TRIB_TEST_AZURITE_URL is unset,
// except under CI=true, where that is a failure.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cloud/azure/token_provider.h"
#include "common/random.h"
#include "object_store_suite.h"
#include "objectstore/adls/adls_store.h"

namespace trib::objectstore {
namespace {

constexpr int64_t kMiB = 1 << 20;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string Unavailable(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (Env(name).empty()) {
      return std::string(name) + " is not set (see tests/scripts/with_azurite.sh)";
    }
  }
  return "";
}

std::string Pattern(int64_t size, uint32_t seed = 1) {
  std::string out(static_cast<size_t>(size), '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xFF);
  }
  return out;
}

void ExpectNoSecret(const Status& status, const std::string& secret) {
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(status.ToString().find(secret), std::string::npos) << "a secret leaked";
}

// SharedKey against the plain Azurite.
AdlsStoreConfig SharedKeyConfig(const std::string& prefix) {
  AdlsStoreConfig config;
  config.account = Env("TRIB_TEST_AZURITE_ACCOUNT");
  config.container = Env("TRIB_TEST_AZURITE_CONTAINER");
  config.prefix = prefix;
  config.endpoint = Env("TRIB_TEST_AZURITE_URL");
  config.auth.account_key = Env("TRIB_TEST_AZURITE_KEY");
  config.block_bytes = 1 * kMiB;
  config.connect_timeout_ms = 2000;
  config.request_timeout_ms = 60000;
  return config;
}

azure::AzureEnvironment FakeAzureEnvironment() {
  azure::AzureEnvironment env;
  env.authority_host = Env("TRIB_TEST_AZURE_AD_URL");
  env.imds_endpoint = Env("TRIB_TEST_AZURE_IMDS_URL");
  env.ca_file = Env("TRIB_TEST_AZURITE_CA_FILE");
  return env;
}

// Bearer tokens from the Azure AD fake's client-credentials grant, against Azurite over https.
AdlsStoreConfig BearerConfig(const std::string& prefix) {
  AdlsStoreConfig config = SharedKeyConfig(prefix);
  config.endpoint = Env("TRIB_TEST_AZURITE_TLS_URL");
  config.ca_file = Env("TRIB_TEST_AZURITE_CA_FILE");
  config.auth.account_key.clear();
  config.auth.field = "service_credential";
  const azure::ServicePrincipal sp{.tenant = Env("TRIB_TEST_AZURE_TENANT"),
                                   .client_id = Env("TRIB_TEST_AZURE_CLIENT_ID"),
                                   .client_secret = Env("TRIB_TEST_AZURE_CLIENT_SECRET")};
  auto env = std::make_shared<azure::AzureEnvironment>(FakeAzureEnvironment());
  config.auth.token = [sp, env]() {
    return azure::ObtainServicePrincipalToken(sp, *env, net::Egress(), SystemClock());
  };
  return config;
}

std::unique_ptr<ObjectStore> Open(AdlsStoreConfig config) {
  auto store = MakeAdlsStore(std::move(config));
  if (!store.ok()) ADD_FAILURE() << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

Result<ObjectInfo> Put(ObjectStore& store, std::string_view key, std::string_view bytes,
                       bool overwrite = true) {
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<ObjectWriter> writer,
                        store.Write(key, {.overwrite = overwrite}));
  TRIB_RETURN_IF_ERROR(writer->Append(bytes));
  return writer->Commit();
}

class AdlsStoreAzuriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = Unavailable(
        {"TRIB_TEST_AZURITE_URL", "TRIB_TEST_AZURITE_TLS_URL", "TRIB_TEST_AZURE_AD_URL"});
    if (!why.empty()) {
      if (Env("CI") == "true") FAIL() << why << " (required under CI)";
      GTEST_SKIP() << why;
    }
    prefix_ = "t-" + RandomHex(6) + "/";
  }
  std::string prefix_;
};

TEST_F(AdlsStoreAzuriteTest, QuirksAndKind) {
  auto store = Open(SharedKeyConfig(prefix_));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->kind(), "adls");
  EXPECT_FALSE(store->quirks().real_directories);
  EXPECT_FALSE(store->quirks().local_files);
  EXPECT_EQ(store->OpenLocal("a").status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(AdlsStoreAzuriteTest, BlocksAreInvisibleUntilTheBlockListCommits) {
  for (const auto& config : {SharedKeyConfig(prefix_), BearerConfig(prefix_)}) {
    auto store = Open(config);
    ASSERT_NE(store, nullptr);
    const std::string key = "big/" + RandomHex(3) + ".bin";
    const std::string bytes = Pattern(3 * kMiB + 17, 5);
    auto writer = store->Write(key, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    // Uneven appends: blocks must be cut at 1 MiB whatever the caller's chunking.
    const size_t chunk = kMiB / 3 + 1;
    for (size_t at = 0; at < bytes.size(); at += chunk) {
      ASSERT_TRUE((*writer)->Append(std::string_view(bytes).substr(at, chunk)).ok());
    }
    // Three blocks are up, yet nothing shows before the block list commits.
    EXPECT_EQ(store->Stat(key).status().code(), StatusCode::kNotFound);
    auto listed = store->List({.prefix = "big/", .recursive = true});
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    EXPECT_TRUE(listed->objects.empty());
    auto info = (*writer)->Commit();
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->size, static_cast<int64_t>(bytes.size()));
    auto whole = store->ReadRange(key, 0, 4 * kMiB);
    ASSERT_TRUE(whole.ok()) << whole.status().ToString();
    EXPECT_TRUE(*whole == bytes) << "the blob came back different";
    auto across = store->ReadRange(key, kMiB - 3, 6);  // across the first block boundary
    ASSERT_TRUE(across.ok());
    EXPECT_EQ(*across, bytes.substr(kMiB - 3, 6));
  }
}

TEST_F(AdlsStoreAzuriteTest, OverwriteOffRefusesAfterBlocksToo) {
  auto store = Open(SharedKeyConfig(prefix_));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Put(*store, "o/x", "one", false).ok());
  auto writer = store->Write("o/x", {.overwrite = false});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(Pattern(2 * kMiB + 1)).ok());  // two blocks up
  auto refused = (*writer)->Commit();
  EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists) << refused.status().ToString();
  EXPECT_EQ(refused.status().field(), "path");
  EXPECT_EQ(*store->ReadRange("o/x", 0, 10), "one");
  ASSERT_TRUE(Put(*store, "o/x", Pattern(2 * kMiB + 1), true).ok());  // positive control
  EXPECT_EQ(store->Stat("o/x")->size, 2 * kMiB + 1);
}

TEST_F(AdlsStoreAzuriteTest, WrongAccountKeyIsUpstreamRejectedNamingTheFieldWithoutTheKey) {
  AdlsStoreConfig config = SharedKeyConfig(prefix_);
  const std::string right = config.auth.account_key;
  std::string wrong = right;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';  // still base64, another key
  config.auth.account_key = wrong;
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  const Status list = store->List({}).status();
  const Status stat = store->Stat("x").status();  // a HEAD: no error document
  const Status read = store->ReadRange("x", 0, 5).status();
  const Status put = Put(*store, "x", "y").status();
  for (const Status& status : {list, stat, read, put}) {
    EXPECT_EQ(status.code(), StatusCode::kUpstreamRejected) << status.ToString();
    EXPECT_EQ(status.field(), "account_key") << status.ToString();
    ExpectNoSecret(status, wrong);
    ExpectNoSecret(status, right);
  }
  // A key that is no base64 at all is refused before anything is sent, also without itself.
  config.auth.account_key = "not base64 " + RandomHex(8);
  auto malformed = Open(config);
  ASSERT_NE(malformed, nullptr);
  const Status bad = malformed->List({}).status();
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument) << bad.ToString();
  EXPECT_EQ(bad.field(), "account_key");
  ExpectNoSecret(bad, config.auth.account_key);
}

TEST_F(AdlsStoreAzuriteTest, MissingContainerIsNotFoundOnContainerName) {
  AdlsStoreConfig config = SharedKeyConfig("");
  config.container = "trib-missing-" + RandomHex(4);
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  for (const Status& status :
       {store->List({.recursive = true}).status(), store->ReadRange("a", 0, 1).status(),
        Put(*store, "a", "b").status()}) {
    EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
    EXPECT_EQ(status.field(), "container_name") << status.ToString();
  }
}

TEST_F(AdlsStoreAzuriteTest, BearerTokensAreRefusedOverPlainHttpAndExpiredOnesNameTheField) {
  // Azurite takes bearer tokens only over https; the same token over http is refused.
  AdlsStoreConfig config = BearerConfig(prefix_);
  config.endpoint = Env("TRIB_TEST_AZURITE_URL");
  config.ca_file.clear();
  auto plain = Open(config);
  ASSERT_NE(plain, nullptr);
  const Status refused = plain->List({}).status();
  EXPECT_EQ(refused.code(), StatusCode::kUpstreamRejected) << refused.ToString();
  EXPECT_EQ(refused.field(), "service_credential");

  // A token source that fails is the error as is, and nothing is sent.
  config = BearerConfig(prefix_);
  config.auth.token = []() -> Result<azure::AccessToken> {
    return Status(StatusCode::kUpstreamRejected, "token refused", "service_credential");
  };
  auto failing = Open(config);
  ASSERT_NE(failing, nullptr);
  EXPECT_EQ(failing->Stat("x").status().message(), "token refused");
}

TEST_F(AdlsStoreAzuriteTest, OneStoreServesSeveralThreads) {
  auto store = Open(SharedKeyConfig(prefix_));
  ASSERT_NE(store, nullptr);
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string key = "mt/" + std::to_string(t);
      const std::string bytes = Pattern(1000 + t, t);
      for (int i = 0; i < 4; ++i) {
        auto put = Put(*store, key, bytes);
        if (!put.ok()) return void(results[t] = put.status());
        auto read = store->ReadRange(key, 0, 5000);
        if (!read.ok()) return void(results[t] = read.status());
        if (*read != bytes) return void(results[t] = Status::Internal("bytes differ"));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const Status& status : results) EXPECT_TRUE(status.ok()) << status.ToString();
}

// The shared behavioural suite: every store is a fresh prefix of the shared container.
std::unique_ptr<ObjectStore> FreshSharedKeyStore() {
  return Open(SharedKeyConfig("suite-" + RandomHex(6) + "/"));
}
std::unique_ptr<ObjectStore> FreshBearerStore() {
  return Open(BearerConfig("suite-" + RandomHex(6) + "/"));
}

using trib::testing::ObjectStoreSuite;
using trib::testing::StoreUnderTest;

INSTANTIATE_TEST_SUITE_P(
    Adls, ObjectStoreSuite,
    ::testing::Values(
        StoreUnderTest{"azurite_shared_key", FreshSharedKeyStore,
                       [] { return Unavailable({"TRIB_TEST_AZURITE_URL"}); }},
        StoreUnderTest{
            "azurite_bearer_token", FreshBearerStore,
            [] {
              return Unavailable({"TRIB_TEST_AZURITE_TLS_URL", "TRIB_TEST_AZURE_AD_URL"});
            }}),
    trib::testing::StoreUnderTestName);

}  // namespace
}  // namespace trib::objectstore
