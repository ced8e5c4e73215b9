// The GCS object store against tests/fakes/gcs_fake.py (a contract fake of the JSON API and
// the token endpoint; tests/scripts/with_gcs_fake.sh starts it), with a service-account key
// generated now and real token exchanges. Each test gets its own bucket. Skipped when
// TRIB_TEST_GCS_URL is unset, except under CI=true, where that is a failure.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cloud/gcp/http_url.h"
#include "cloud/gcp/oauth_token.h"
#include "common/clock.h"
#include "common/random.h"
#include "connectors/gcs/gcs_fields.h"
#include "gcs_fake_fixture.h"
#include "net/egress_policy.h"
#include "object_store_suite.h"
#include "objectstore/gcs/gcs_client.h"
#include "objectstore/gcs/gcs_json.h"
#include "objectstore/gcs/gcs_store.h"

namespace trib::objectstore {
namespace {

using trib::testing::GcsFakeUnavailable;
using trib::testing::GcsFakeUrl;
using trib::testing::NewEncryptionKey;
using trib::testing::TestServiceAccount;

constexpr int64_t kKiB = 1 << 10;

const TestServiceAccount& Account() {
  static const TestServiceAccount account = trib::testing::MakeTestServiceAccount();
  return account;
}

// Bytes that differ at every offset, so a shifted or repeated range cannot compare equal.
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

// Tokens from the fake's token endpoint for the generated key, cached per process.
std::function<Result<std::string>()> FakeTokens(const TestServiceAccount& account) {
  static auto cache = std::make_shared<gcp::AccessTokenCache>(SystemClock());
  gcp::TokenSource source;
  source.key = *gcp::ParseServiceAccountKey(account.KeyJson(GcsFakeUrl() + "/token"), "key_json");
  source.key_field = "key_json";
  source.scope = std::string(gcp::kStorageReadWriteScope);
  source.endpoint = GcsFakeUrl() + "/token";
  source.timeout_ms = 5000;
  source.cache = cache;
  return [source]() -> Result<std::string> {
    TRIB_ASSIGN_OR_RETURN(gcp::AccessToken token, gcp::ObtainAccessToken(source));
    return token.token;
  };
}

GcsStoreConfig BaseConfig(const std::string& bucket, const std::string& prefix) {
  GcsStoreConfig config;
  config.bucket = bucket;
  config.prefix = prefix;
  config.endpoint = GcsFakeUrl();
  config.token = FakeTokens(Account());
  config.chunk_bytes = 256 * kKiB;
  config.retry_base_delay_ms = 1;
  config.connect_timeout_ms = 2000;
  config.request_timeout_ms = 30000;
  return config;
}

Result<ObjectInfo> Put(ObjectStore& store, std::string_view key, std::string_view bytes,
                       bool overwrite = true) {
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<ObjectWriter> writer,
                        store.Write(key, {.overwrite = overwrite}));
  TRIB_RETURN_IF_ERROR(writer->Append(bytes));
  return writer->Commit();
}

TEST(GcsJson, Rfc3339TimesAndObjectResources) {
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339Ms("2026-12-03T15:49:00.123Z"), 1796312940123);
  EXPECT_EQ(ParseRfc3339Ms("2026-12-03T16:49:00.123+01:00"), 1796312940123);
  EXPECT_EQ(ParseRfc3339Ms("2026-12-03T15:49:00.5Z"), 1796312940500);
  EXPECT_FALSE(ParseRfc3339Ms("2026-12-03 15:49:00Z"));
  EXPECT_FALSE(ParseRfc3339Ms("2026-12-03T15:49:00"));
  auto info = ParseGcsObject(Json{{"name", "root/a/b.csv"},
                                  {"size", "12345678901"},
                                  {"updated", "1970-01-01T00:00:01Z"},
                                  {"generation", "1700000000000001"}},
                             "root/");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->key, "a/b.csv");
  EXPECT_EQ(info->size, 12345678901);
  EXPECT_EQ(info->modified_ms, 1000);
  EXPECT_EQ(info->etag, "1700000000000001");
  EXPECT_FALSE(ParseGcsObject(Json{{"name", "x"}, {"size", "-1"}}, "").ok());
  EXPECT_FALSE(ParseGcsObject(Json{{"name", "x"}, {"size", "1e3"}}, "").ok());
  auto page =
      ParseGcsList(R"({"items": [{"name": "r/a", "size": "1"}, {"name": "other", "size": "1"}],
                               "prefixes": ["r/d/", "elsewhere/"], "nextPageToken": "t"})",
                   "r/");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "a");
  EXPECT_EQ(page->prefixes, std::vector<std::string>{"d/"});
  EXPECT_EQ(page->next_page_token, "t");
}

TEST(GcsStoreOffline, ConfigurationIsCheckedBeforeAnyRequest) {
  GcsStoreConfig config;
  config.bucket = "b";
  config.token = []() -> Result<std::string> { return std::string("t"); };
  EXPECT_TRUE(GcsStore::Open(config).ok()) << "Google's endpoint by default";
  auto bad = config;
  bad.endpoint = "http://storage.example.com";
  EXPECT_EQ(GcsStore::Open(bad).status().field(), "endpoint") << "plain http off this machine";
  bad = config;
  bad.endpoint = "https://storage.example.com/path";
  EXPECT_EQ(GcsStore::Open(bad).status().field(), "endpoint");
  bad = config;
  bad.chunk_bytes = 300 * kKiB;
  EXPECT_EQ(GcsStore::Open(bad).status().field(), "chunk_bytes");
  bad = config;
  bad.prefix = "../x";
  EXPECT_EQ(GcsStore::Open(bad).status().field(), "path");
  bad = config;
  bad.encryption_key = NewEncryptionKey();
  EXPECT_EQ(GcsStore::Open(bad).status().field(), "encryption_key");
  bad = config;
  bad.token = nullptr;
  EXPECT_EQ(GcsStore::Open(bad).status().field(), "key_json");
}

class GcsStoreFakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = GcsFakeUnavailable();
    if (!why.empty()) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") FAIL() << why << " (required under CI)";
      GTEST_SKIP() << why;
    }
    ASSERT_TRUE(trib::testing::RegisterWithFake(Account()));
    bucket_ = trib::testing::CreateFakeBucket();
    ASSERT_FALSE(bucket_.empty());
    prefix_ = "t-" + RandomHex(4) + "/";
  }

  GcsStoreConfig Config() const { return BaseConfig(bucket_, prefix_); }

  // An object under any name, through the client below the store's key checks.
  bool RawPut(const std::string& name, std::string_view bytes) const {
    auto endpoint = gcp::ParseHttpUrl(GcsFakeUrl(), "endpoint");
    GcsClient client({.endpoint = *endpoint, .bucket = bucket_, .token = FakeTokens(Account())});
    GcsRequest start{.method = "POST", .path = client.UploadPath()};
    start.query = {{"uploadType", "resumable"}, {"name", name}};
    auto session = client.Send("start", start);
    if (!session.ok() || session->status != 200) return false;
    GcsRequest put{.method = "PUT",
                   .headers = {{"Content-Range", "bytes 0-" + std::to_string(bytes.size() - 1) +
                                                     "/" + std::to_string(bytes.size())}},
                   .body = bytes,
                   .session_url = session->Header("location")};
    auto done = client.Send("finish", put);
    return done.ok() && done->status == 200;
  }

  std::unique_ptr<ObjectStore> Open(GcsStoreConfig config) const {
    auto store = MakeGcsStore(std::move(config));
    if (!store.ok()) ADD_FAILURE() << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::unique_ptr<ObjectStore> Open() const { return Open(Config()); }

  std::string bucket_, prefix_;
};

TEST_F(GcsStoreFakeTest, QuirksAndKind) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->kind(), "gcs");
  EXPECT_FALSE(store->quirks().real_directories);
  EXPECT_FALSE(store->quirks().local_files);
  EXPECT_EQ(store->quirks().min_part_bytes, 256 * kKiB);
  EXPECT_EQ(store->OpenLocal("a").status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(GcsStoreFakeTest, ChunkedUploadIsInvisibleUntilTheLastChunkAndReadsBackExactly) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::string bytes = Pattern(900 * kKiB + 7, 3);
  auto writer = store->Write("big/x.bin", {});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  // Uneven appends: chunks must be cut at 256 KiB whatever the caller's chunking.
  const size_t step = 100 * kKiB + 1;
  for (size_t at = 0; at < bytes.size(); at += step) {
    ASSERT_TRUE((*writer)->Append(std::string_view(bytes).substr(at, step)).ok());
  }
  // Three chunks are up, yet nothing is visible: the session is open.
  EXPECT_EQ(store->Stat("big/x.bin").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(trib::testing::FakeOpenUploads(bucket_), Json::array({prefix_ + "big/x.bin"}));
  auto info = (*writer)->Commit();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->key, "big/x.bin");
  EXPECT_EQ(info->size, static_cast<int64_t>(bytes.size()));
  EXPECT_FALSE(info->etag.empty());
  EXPECT_EQ(trib::testing::FakeOpenUploads(bucket_), Json::array());
  auto whole = store->ReadRange("big/x.bin", 0, 2 << 20);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_TRUE(*whole == bytes) << "the object came back different";
  auto across = store->ReadRange("big/x.bin", 256 * kKiB - 3, 6);
  ASSERT_TRUE(across.ok());
  EXPECT_EQ(*across, bytes.substr(256 * kKiB - 3, 6));
  // Exactly one chunk's worth: the last chunk is the only one.
  ASSERT_TRUE(Put(*store, "big/one", Pattern(256 * kKiB)).ok());
  EXPECT_EQ(store->Stat("big/one")->size, 256 * kKiB);
}

TEST_F(GcsStoreFakeTest, AbortCancelsTheSessionAndOverwriteOffRefuses) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  {
    auto writer = store->Write("ab/x", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(Pattern(600 * kKiB)).ok());
    EXPECT_EQ(trib::testing::FakeOpenUploads(bucket_).size(), 1u);
    (*writer)->Abort();
    (*writer)->Abort();
    EXPECT_EQ((*writer)->Append("more").code(), StatusCode::kFailedPrecondition);
  }
  {
    auto writer = store->Write("ab/y", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(Pattern(600 * kKiB)).ok());
  }  // destroyed without Commit
  EXPECT_EQ(trib::testing::FakeOpenUploads(bucket_), Json::array());
  EXPECT_EQ(store->Stat("ab/x").status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(Put(*store, "o/x", "one", false).ok());
  for (const int64_t size : {int64_t{3}, 600 * kKiB}) {  // refused at start, before any chunk
    auto refused = Put(*store, "o/x", Pattern(size), false);
    EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists) << refused.status().ToString();
    EXPECT_EQ(refused.status().field(), "path");
  }
  // Lost race: the name appears after the session started; the last chunk is refused.
  auto late = store->Write("o/late", {.overwrite = false});
  ASSERT_TRUE(late.ok());
  ASSERT_TRUE((*late)->Append(Pattern(300 * kKiB)).ok());  // starts the session
  ASSERT_TRUE(Put(*store, "o/late", "first").ok());
  EXPECT_EQ((*late)->Commit().status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*store->ReadRange("o/late", 0, 10), "first");
  EXPECT_EQ(*store->ReadRange("o/x", 0, 10), "one");
  ASSERT_TRUE(Put(*store, "o/x", "three", true).ok());
  EXPECT_EQ(*store->ReadRange("o/x", 0, 10), "three");
}

TEST_F(GcsStoreFakeTest, ListsPagesAndSkipsNamesNoKeyMayBe) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (const std::string key : {"a.csv", "b/1.csv", "b/2.csv", "b/c/3.csv", "bc.csv"}) {
    ASSERT_TRUE(Put(*store, key, key).ok()) << key;
  }
  // Names a bucket may hold that no store key may be, put there by hand: never listed.
  for (const std::string odd : {"x//y", "dir/", "b/./z", "b/../w"}) {
    ASSERT_TRUE(RawPut(prefix_ + odd, "odd")) << odd;
  }
  std::vector<std::string> keys;
  ListRequest request{.prefix = "", .recursive = true, .page_size = 2};
  int pages = 0;
  do {
    auto page = store->List(request);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_LE(page->objects.size(), 2u);
    for (const ObjectInfo& o : page->objects) keys.push_back(o.key);
    request.page_token = page->next_page_token;
    ++pages;
  } while (!request.page_token.empty() && pages < 10);
  EXPECT_EQ(keys, (std::vector<std::string>{"a.csv", "b/1.csv", "b/2.csv", "b/c/3.csv", "bc.csv"}));
  EXPECT_EQ(pages, 5) << "nine names, two a page; the odd ones take their places unseen";
  auto top = store->List({.prefix = "", .recursive = false});
  ASSERT_TRUE(top.ok());
  // As in GCS, a "dir/" placeholder and "x//y" still make levels of their own.
  EXPECT_EQ(top->prefixes, (std::vector<std::string>{"b/", "dir/", "x/"}));
  ASSERT_EQ(top->objects.size(), 2u);
  EXPECT_EQ(top->objects[1].key, "bc.csv");
  auto stat = store->Stat("bc.csv");
  ASSERT_TRUE(stat.ok());
  EXPECT_EQ(stat->etag, top->objects[1].etag);
  EXPECT_EQ(stat->size, 6);
  EXPECT_GT(stat->modified_ms, SystemNowMs() - 600'000);
}

TEST_F(GcsStoreFakeTest, CustomerSuppliedKeyRoundTripsAndOnlyThatKeyReads) {
  const std::string key = NewEncryptionKey();
  GcsStoreConfig config = Config();
  config.encryption_key = key;
  config.encryption_key_sha256 = EncryptionKeyHash(key);
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  const std::string bytes = Pattern(300 * kKiB, 9);  // two chunks, both with the key
  ASSERT_TRUE(Put(*store, "enc/x.bin", bytes).ok());
  auto read = store->ReadRange("enc/x.bin", 0, 1 << 20);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(*read == bytes);

  const std::string other = NewEncryptionKey();
  config.encryption_key = other;
  config.encryption_key_sha256 = EncryptionKeyHash(other);
  auto wrong = Open(config);
  auto refused = wrong->ReadRange("enc/x.bin", 0, 10);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "encryption_key") << refused.status().ToString();
  EXPECT_EQ(refused.status().message().find(other), std::string::npos);
  EXPECT_EQ(refused.status().message().find(key), std::string::npos);

  auto plain = Open();  // no key at all
  refused = plain->ReadRange("enc/x.bin", 0, 10);
  EXPECT_EQ(refused.status().field(), "encryption_key") << refused.status().ToString();
  // Positive control: the plain store reads a plain object.
  ASSERT_TRUE(Put(*plain, "enc/plain", "p").ok());
  EXPECT_EQ(*plain->ReadRange("enc/plain", 0, 10), "p");
}

TEST_F(GcsStoreFakeTest, RefusedTokensAndMissingBucketsNameTheirFields) {
  GcsStoreConfig config = Config();
  const std::string bogus = "ya29.bogus-" + RandomHex(8);
  config.token = [bogus]() -> Result<std::string> { return bogus; };
  config.credential_field = "key_path";
  auto store = Open(config);
  for (const Status& status :
       {store->List({}).status(), store->Stat("x").status(), Put(*store, "x", "y").status()}) {
    EXPECT_EQ(status.code(), StatusCode::kUpstreamRejected) << status.ToString();
    EXPECT_EQ(status.field(), "key_path");
    EXPECT_EQ(status.message().find(bogus), std::string::npos);
  }
  auto missing = Open(BaseConfig("trib-missing-" + RandomHex(4), ""));
  for (const Status& status :
       {missing->List({}).status(), missing->Stat("a").status(),
        missing->ReadRange("a", 0, 1).status(), Put(*missing, "a", "b").status()}) {
    EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
    EXPECT_EQ(status.field(), "bucket") << status.ToString();
  }
  auto present = Open();
  const Status gone = present->Stat("nothing-here").status();
  EXPECT_EQ(gone.code(), StatusCode::kNotFound);
  EXPECT_EQ(gone.field(), "path");
}

TEST_F(GcsStoreFakeTest, WritesUseTheWriteTokenAndAReadOnlyOneIsRefused) {
  // A read-only token for everything: writes and deletes are refused (403 naming the key).
  gcp::TokenSource source;
  source.key = *gcp::ParseServiceAccountKey(Account().KeyJson(GcsFakeUrl() + "/token"), "k");
  source.scope = std::string(gcp::kStorageReadOnlyScope);
  source.endpoint = GcsFakeUrl() + "/token";
  auto read_only = [source]() -> Result<std::string> {
    TRIB_ASSIGN_OR_RETURN(gcp::AccessToken token, gcp::ObtainAccessToken(source));
    return token.token;
  };
  ASSERT_TRUE(Put(*Open(), "w/x", "x").ok());
  GcsStoreConfig config = Config();
  config.token = read_only;
  auto reader = Open(config);
  EXPECT_EQ(*reader->ReadRange("w/x", 0, 5), "x") << "positive control: reads work";
  for (const Status& status : {Put(*reader, "w/y", "y").status(), reader->Delete("w/x")}) {
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << status.ToString();
    EXPECT_EQ(status.field(), "key_json");
  }
  // With a write token beside it, the same store writes.
  config.write_token = FakeTokens(Account());
  auto writer = Open(config);
  ASSERT_TRUE(Put(*writer, "w/y", "y").ok());
  EXPECT_TRUE(writer->Delete("w/x").ok());
}

TEST_F(GcsStoreFakeTest, ThrottlingIsRetriedAndBoundedAndEgressIsChecked) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Put(*store, "r/x", "hello").ok());
  ASSERT_TRUE(trib::testing::InjectFakeFailure(bucket_, "GET", 503, 2));
  auto read = store->ReadRange("r/x", 0, 5);
  ASSERT_TRUE(read.ok()) << "two 503s then success: " << read.status().ToString();
  EXPECT_EQ(*read, "hello");
  GcsStoreConfig config = Config();
  config.max_attempts = 2;
  auto bounded = Open(config);
  ASSERT_TRUE(trib::testing::InjectFakeFailure(bucket_, "GET", 429, 2));
  const Status spent = bounded->Stat("r/x").status();
  EXPECT_EQ(spent.code(), StatusCode::kUnavailable) << spent.ToString();
  EXPECT_NE(spent.message().find("after 2 attempts"), std::string::npos) << spent.ToString();
  EXPECT_TRUE(bounded->Stat("r/x").ok()) << "the injected failures are used up";

  config = Config();
  auto policy = net::EgressPolicy::Parse(std::vector<std::string>{"10.0.0.0/8"});
  ASSERT_TRUE(policy.ok());
  config.egress =
      net::Egress(std::make_shared<const net::EgressPolicy>(std::move(*policy)), "bucket", nullptr);
  auto fenced = Open(config);
  const Status refused = fenced->Stat("r/x").status();
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied) << refused.ToString();
  EXPECT_EQ(refused.field(), "bucket");
}

TEST_F(GcsStoreFakeTest, OneStoreServesSeveralThreads) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string key = "mt/" + std::to_string(t);
      const std::string bytes = Pattern(1000 + t, t);
      for (int i = 0; i < 3; ++i) {
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

// The shared behavioural suite: every store is a fresh bucket of the fake.
std::unique_ptr<ObjectStore> FreshFakeStore() {
  if (!trib::testing::RegisterWithFake(Account())) {
    ADD_FAILURE() << "cannot register the service account with gcs_fake";
    return nullptr;
  }
  auto store = MakeGcsStore(BaseConfig(trib::testing::CreateFakeBucket(), "suite/"));
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

using trib::testing::ObjectStoreSuite;

INSTANTIATE_TEST_SUITE_P(Gcs, ObjectStoreSuite,
                         ::testing::Values(trib::testing::StoreUnderTest{
                             "gcs_fake", FreshFakeStore, [] { return GcsFakeUnavailable(); }}),
                         trib::testing::StoreUnderTestName);

}  // namespace
}  // namespace trib::objectstore
