// The S3 object store against a real moto_server that checks SigV4 signatures and IAM policies
// (tests/scripts/with_moto.sh starts it and creates the user, key and bucket). Each test works
// below its own random prefix of the shared bucket. Skipped when TRIB_TEST_MOTO_URL is unset,
// except under CI=true, where that is a failure.
#include <gtest/gtest.h>

#include <httplib.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "object_store_suite.h"
#include "objectstore/s3/s3_address.h"
#include "objectstore/s3/s3_client.h"
#include "objectstore/s3/s3_store.h"

namespace trib::objectstore {
namespace {

constexpr int64_t kMiB = 1 << 20;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
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

void ExpectNoSecret(const Status& status, const std::string& secret) {
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(status.message().find(secret), std::string::npos) << "the secret key leaked";
  EXPECT_EQ(status.field().find(secret), std::string::npos) << "the secret key leaked";
}

class S3StoreMotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = Env("TRIB_TEST_MOTO_URL");
    if (url_.empty()) {
      if (Env("CI") == "true") FAIL() << "TRIB_TEST_MOTO_URL is not set (required under CI)";
      GTEST_SKIP() << "TRIB_TEST_MOTO_URL is not set (see tests/scripts/with_moto.sh)";
    }
    credentials_.access_key_id = Env("TRIB_TEST_MOTO_ACCESS_KEY_ID");
    credentials_.secret_access_key = Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY");
    bucket_ = Env("TRIB_TEST_MOTO_BUCKET");
    region_ = Env("TRIB_TEST_MOTO_REGION").empty() ? "us-east-1" : Env("TRIB_TEST_MOTO_REGION");
    ASSERT_FALSE(credentials_.empty() || bucket_.empty())
        << "with_moto.sh did not export the fixture variables";
    prefix_ = "t-" + RandomHex(6) + "/";
  }

  S3StoreConfig Config() const {
    S3StoreConfig config;
    config.bucket = bucket_;
    config.prefix = prefix_;
    config.region = region_;
    config.endpoint = url_;
    config.path_style = true;
    const aws::AwsCredentials credentials = credentials_;
    config.credentials = [credentials]() -> Result<aws::AwsCredentials> { return credentials; };
    config.part_bytes = 5 * kMiB;
    config.connect_timeout_ms = 2000;
    config.request_timeout_ms = 60000;
    return config;
  }

  std::unique_ptr<ObjectStore> Open(S3StoreConfig config) const {
    auto store = MakeS3Store(std::move(config));
    if (!store.ok()) ADD_FAILURE() << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::unique_ptr<ObjectStore> Open() const { return Open(Config()); }

  // Moves the rest of the test to the lax server (with_moto_lax.sh): for requests moto itself
  // verifies wrongly (listings below a prefix, keys with most punctuation).
  void UseLaxServer() {
    url_ = Env("TRIB_TEST_MOTO_LAX_URL");
    bucket_ = Env("TRIB_TEST_MOTO_LAX_BUCKET");
    if (url_.empty()) {
      if (Env("CI") == "true") FAIL() << "TRIB_TEST_MOTO_LAX_URL is not set (required under CI)";
      GTEST_SKIP() << "TRIB_TEST_MOTO_LAX_URL is not set (see tests/scripts/with_moto_lax.sh)";
    }
  }

  static Result<ObjectInfo> Put(ObjectStore& store, std::string_view key, std::string_view bytes,
                                bool overwrite = true) {
    TRIB_ASSIGN_OR_RETURN(std::unique_ptr<ObjectWriter> writer,
                          store.Write(key, {.overwrite = overwrite}));
    TRIB_RETURN_IF_ERROR(writer->Append(bytes));
    return writer->Commit();
  }

  // A raw signed request to the bucket, for what the store does not expose (pending uploads,
  // response headers).
  S3Response Raw(const S3Request& request) const {
    auto address = MakeS3Address(url_, region_, bucket_, true);
    EXPECT_TRUE(address.ok()) << address.status().ToString();
    const aws::AwsCredentials credentials = credentials_;
    S3Client client(
        {.address = *address,
         .region = region_,
         .credentials = [credentials]() -> Result<aws::AwsCredentials> { return credentials; },
         .now_ms = SystemClock()});
    auto response = client.Send("test request", request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? std::move(response).value() : S3Response{};
  }

  // The keys of multipart uploads begun and neither completed nor aborted below our prefix
  // (asked without its '/', which moto would refuse to verify).
  std::vector<std::string> PendingUploads() const {
    const S3Response answer =
        Raw({.method = "GET",
             .query = {{"uploads", ""}, {"prefix", prefix_.substr(0, prefix_.size() - 1)}}});
    EXPECT_EQ(answer.status, 200) << answer.body;
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_buffer(answer.body.data(), answer.body.size()));
    std::vector<std::string> keys;
    for (pugi::xml_node upload : doc.document_element().children("Upload")) {
      keys.emplace_back(upload.child("Key").text().get());
    }
    return keys;
  }

  std::string url_, bucket_, region_, prefix_;
  aws::AwsCredentials credentials_;
};

TEST_F(S3StoreMotoTest, QuirksAndKind) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->kind(), "s3");
  EXPECT_FALSE(store->quirks().real_directories);
  EXPECT_FALSE(store->quirks().local_files);
  EXPECT_EQ(store->quirks().min_part_bytes, 5 * kMiB);
  EXPECT_EQ(store->OpenLocal("a").status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(S3StoreMotoTest, SmallObjectsRoundTripExactBytes) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (const int64_t size : {0, 1, 1000}) {
    const std::string key = "small/" + std::to_string(size) + ".bin";
    const std::string bytes = Pattern(size, static_cast<uint32_t>(size) + 7);
    auto info = Put(*store, key, bytes);
    ASSERT_TRUE(info.ok()) << size << ": " << info.status().ToString();
    EXPECT_EQ(info->key, key);
    EXPECT_EQ(info->size, size);
    EXPECT_FALSE(info->etag.empty());
    auto read = store->ReadRange(key, 0, size + 10);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(*read, bytes) << size;
    auto stat = store->Stat(key);
    ASSERT_TRUE(stat.ok()) << stat.status().ToString();
    EXPECT_EQ(stat->size, size);
    EXPECT_EQ(stat->etag, info->etag);
  }
}

TEST_F(S3StoreMotoTest, TwentyMiBGoesUpInFiveMiBPartsAndReadsBackExactly) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::string bytes = Pattern(20 * kMiB, 3);
  auto writer = store->Write("big/twenty.bin", {});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  // Uneven appends: parts must be cut at 5 MiB whatever the caller's chunking.
  const size_t chunk = 3 * kMiB + 1;
  for (size_t at = 0; at < bytes.size(); at += chunk) {
    ASSERT_TRUE((*writer)->Append(std::string_view(bytes).substr(at, chunk)).ok());
  }
  // Parts are up, yet nothing is visible before Commit; the upload is pending.
  EXPECT_EQ(store->Stat("big/twenty.bin").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(PendingUploads(), std::vector<std::string>{prefix_ + "big/twenty.bin"});

  auto info = (*writer)->Commit();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, 20 * kMiB);
  // A multipart object's ETag ends in "-<parts>": 20 MiB in 5 MiB parts is four.
  EXPECT_NE(info->etag.find("-4"), std::string::npos) << info->etag;
  EXPECT_TRUE(PendingUploads().empty());

  auto whole = store->ReadRange("big/twenty.bin", 0, 21 * kMiB);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_TRUE(*whole == bytes) << "the 20 MiB object came back different";
  // A range across the first part boundary.
  auto across = store->ReadRange("big/twenty.bin", 5 * kMiB - 3, 6);
  ASSERT_TRUE(across.ok());
  EXPECT_EQ(*across, bytes.substr(5 * kMiB - 3, 6));
}

TEST_F(S3StoreMotoTest, RangedReads) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Put(*store, "r/digits", "0123456789").ok());
  ASSERT_TRUE(Put(*store, "r/empty", "").ok());
  const struct {
    std::string key;
    int64_t offset, length;
    std::string want;
  } cases[] = {
      {"r/digits", 0, 3, "012"}, {"r/digits", 7, 10, "789"}, {"r/digits", 9, 1, "9"},
      {"r/digits", 10, 5, ""},   {"r/digits", 100, 1, ""},   {"r/digits", 3, 0, ""},
      {"r/empty", 0, 5, ""},     {"r/empty", 0, 0, ""},
  };
  for (const auto& c : cases) {
    auto read = store->ReadRange(c.key, c.offset, c.length);
    ASSERT_TRUE(read.ok()) << c.key << " " << c.offset << "+" << c.length << ": "
                           << read.status().ToString();
    EXPECT_EQ(*read, c.want) << c.key << " " << c.offset << "+" << c.length;
  }
  for (const int64_t length : {int64_t{0}, int64_t{4}}) {
    auto missing = store->ReadRange("r/missing", 0, length);
    EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();
    EXPECT_EQ(missing.status().field(), "path");
  }
  EXPECT_EQ(store->ReadRange("r/digits", -1, 2).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(S3StoreMotoTest, StreamedRangesReassembleExactlyAndRefuseAReplacedObject) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::string bytes = Pattern(12 * kMiB + 17, 4);
  auto put = Put(*store, "stream/obj", bytes);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  // Three ranges streamed into one buffer at the offsets they report, as a spool does.
  std::string copy(bytes.size(), '\0');
  const RangeSink into_copy = [&copy](int64_t at, std::string_view piece) {
    if (at < 0 || at + static_cast<int64_t>(piece.size()) > static_cast<int64_t>(copy.size())) {
      return Status::Internal("a piece outside the object");
    }
    copy.replace(static_cast<size_t>(at), piece.size(), piece);
    return Status::Ok();
  };
  const int64_t cuts[] = {0, 5 * kMiB - 3, 9 * kMiB, static_cast<int64_t>(bytes.size())};
  for (size_t i = 0; i + 1 < std::size(cuts); ++i) {
    auto got =
        store->ReadRangeTo("stream/obj", cuts[i], cuts[i + 1] - cuts[i], into_copy, put->etag);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, cuts[i + 1] - cuts[i]);
  }
  EXPECT_TRUE(copy == bytes) << "the streamed ranges came back different";
  // Past the end: what there is; from the end: nothing.
  auto tail = store->ReadRangeTo("stream/obj", cuts[3] - 5, 100, into_copy);
  ASSERT_TRUE(tail.ok()) << tail.status().ToString();
  EXPECT_EQ(*tail, 5);
  auto none = store->ReadRangeTo("stream/obj", cuts[3], 100, into_copy);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(*none, 0);
  // A sink that refuses stops the read with its own error.
  auto refused = store->ReadRangeTo("stream/obj", 0, 4 * kMiB, [](int64_t, std::string_view) {
    return Status(StatusCode::kCancelled, "the reader went away");
  });
  EXPECT_EQ(refused.status().code(), StatusCode::kCancelled) << refused.status().ToString();
  EXPECT_EQ(refused.status().message(), "the reader went away");
  // Replaced since it was listed: the old etag no longer matches. (A small object: moto's
  // state dump fails once a multipart object has been overwritten.)
  auto small = Put(*store, "stream/small", "first");
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  ASSERT_TRUE(Put(*store, "stream/small", "second").ok());
  auto stale = store->ReadRangeTo("stream/small", 0, 10, into_copy, small->etag);
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition) << stale.status().ToString();
  EXPECT_EQ(stale.status().field(), "path");
  EXPECT_EQ(store->ReadRangeTo("stream/missing", 0, 10, into_copy).status().code(),
            StatusCode::kNotFound);
}

TEST_F(S3StoreMotoTest, ListsLevelsAndPagesInKeyOrder) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (const std::string key : {"a.csv", "b/1.csv", "b/2.csv", "b/c/3.csv", "bc.csv", "d.csv"}) {
    ASSERT_TRUE(Put(*store, key, key).ok()) << key;
  }

  // Signature-checked: from the bucket's root, a recursive listing by a prefix without '/',
  // paged two at a time with continuation tokens.
  S3StoreConfig at_root = Config();
  at_root.prefix = "";
  auto root = Open(at_root);
  ASSERT_NE(root, nullptr);
  std::vector<std::string> signed_keys;
  ListRequest request{
      .prefix = prefix_.substr(0, prefix_.size() - 1), .recursive = true, .page_size = 2};
  for (int pages = 0; pages < 10; ++pages) {
    auto page = root->List(request);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_LE(page->objects.size(), 2u);
    for (const ObjectInfo& o : page->objects) signed_keys.push_back(o.key);
    request.page_token = page->next_page_token;
    if (request.page_token.empty()) break;
  }
  EXPECT_EQ(signed_keys, (std::vector<std::string>{prefix_ + "a.csv", prefix_ + "b/1.csv",
                                                   prefix_ + "b/2.csv", prefix_ + "b/c/3.csv",
                                                   prefix_ + "bc.csv", prefix_ + "d.csv"}));

  // Below the store's prefix every listing holds a '/' in its query, which moto verifies
  // wrongly: the rest runs on the lax server, with the same keys.
  UseLaxServer();
  if (IsSkipped() || HasFatalFailure()) return;
  store = Open();
  ASSERT_NE(store, nullptr);
  for (const std::string key : {"a.csv", "b/1.csv", "b/2.csv", "b/c/3.csv", "bc.csv", "d.csv"}) {
    ASSERT_TRUE(Put(*store, key, key).ok()) << key;
  }
  // A sibling prefix that merely starts with ours must stay out of sight.
  S3StoreConfig sibling = Config();
  sibling.prefix = prefix_.substr(0, prefix_.size() - 1) + "x/";
  auto other = Open(sibling);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(Put(*other, "a.csv", "other").ok());

  const auto list_all = [&](ListRequest request, int* pages) {
    ListPage all;
    *pages = 0;
    do {
      auto page = store->List(request);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      ++*pages;
      EXPECT_LE(page->objects.size() + page->prefixes.size(),
                static_cast<size_t>(request.page_size));
      for (auto& o : page->objects) all.objects.push_back(o);
      for (auto& p : page->prefixes) all.prefixes.push_back(p);
      request.page_token = page->next_page_token;
    } while (!request.page_token.empty() && *pages < 20);
    return all;
  };
  const auto keys = [](const ListPage& page) {
    std::vector<std::string> out;
    for (const ObjectInfo& o : page.objects) out.push_back(o.key);
    return out;
  };

  int pages = 0;
  ListPage top = list_all({.prefix = "", .recursive = false, .page_size = 2}, &pages);
  EXPECT_EQ(keys(top), (std::vector<std::string>{"a.csv", "bc.csv", "d.csv"}));
  EXPECT_EQ(top.prefixes, std::vector<std::string>{"b/"});
  EXPECT_EQ(pages, 2);

  ListPage below_b = list_all({.prefix = "b/", .recursive = true, .page_size = 2}, &pages);
  EXPECT_EQ(keys(below_b), (std::vector<std::string>{"b/1.csv", "b/2.csv", "b/c/3.csv"}));
  EXPECT_TRUE(below_b.prefixes.empty());
  EXPECT_EQ(pages, 2);

  ListPage text_b = list_all({.prefix = "b", .recursive = false, .page_size = 2}, &pages);
  EXPECT_EQ(keys(text_b), std::vector<std::string>{"bc.csv"});
  EXPECT_EQ(text_b.prefixes, std::vector<std::string>{"b/"});

  ListPage everything = list_all({.prefix = "", .recursive = true, .page_size = 1000}, &pages);
  EXPECT_EQ(everything.objects.size(), 6u);
  EXPECT_EQ(pages, 1);
  for (const ObjectInfo& o : everything.objects) {
    EXPECT_EQ(o.size, static_cast<int64_t>(o.key.size())) << o.key;
    auto stat = store->Stat(o.key);
    ASSERT_TRUE(stat.ok()) << stat.status().ToString();
    EXPECT_EQ(stat->etag, o.etag) << o.key;
    EXPECT_EQ(stat->modified_ms / 1000, o.modified_ms / 1000) << o.key;
  }

  EXPECT_EQ(store->List({.prefix = "../x"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(list_all({.prefix = "nothing/"}, &pages).objects.empty());
}

TEST_F(S3StoreMotoTest, KeysWithAwkwardCharactersRoundTripAndListAsTheyAre) {
  UseLaxServer();  // moto cannot verify these keys' signatures
  if (IsSkipped() || HasFatalFailure()) return;
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> keys = {"odd/a b+c=d&e%f~g!'()*.csv", "odd/ümlaut/ø.csv",
                                         "odd/semi;colon,comma$dollar@at.csv"};
  for (const std::string& key : keys) {
    auto info = Put(*store, key, "x" + key);
    ASSERT_TRUE(info.ok()) << key << ": " << info.status().ToString();
    auto read = store->ReadRange(key, 0, 1000);
    ASSERT_TRUE(read.ok()) << key << ": " << read.status().ToString();
    EXPECT_EQ(*read, "x" + key);
  }
  auto page = store->List({.prefix = "odd/", .recursive = true});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::vector<std::string> listed;
  for (const ObjectInfo& o : page->objects) listed.push_back(o.key);
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(listed, sorted);
}

TEST_F(S3StoreMotoTest, StatAndDelete) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t before = SystemNowMs();
  auto first = Put(*store, "s/x.txt", "hello");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto stat = store->Stat("s/x.txt");
  ASSERT_TRUE(stat.ok()) << stat.status().ToString();
  EXPECT_EQ(stat->key, "s/x.txt");
  EXPECT_EQ(stat->size, 5);
  // HTTP dates have whole seconds.
  EXPECT_GE(stat->modified_ms, before / 1000 * 1000 - 60'000);
  EXPECT_LE(stat->modified_ms, SystemNowMs() + 60'000);
  auto second = Put(*store, "s/x.txt", "hello, again");
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->etag, first->etag);

  EXPECT_EQ(store->Stat("s").status().code(), StatusCode::kNotFound);  // a "directory"
  ASSERT_TRUE(store->Delete("s/x.txt").ok());
  EXPECT_EQ(store->Stat("s/x.txt").status().code(), StatusCode::kNotFound);
  const Status again = store->Delete("s/x.txt");
  EXPECT_EQ(again.code(), StatusCode::kNotFound) << again.ToString();
  EXPECT_EQ(again.field(), "path");
  EXPECT_EQ(store->Delete("s/../x").code(), StatusCode::kInvalidArgument);
}

TEST_F(S3StoreMotoTest, OverwriteOffRefusesAnExistingKeyAndKeepsIt) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Put(*store, "o/x", "one", false).ok());
  auto refused = Put(*store, "o/x", "two", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists) << refused.status().ToString();
  EXPECT_EQ(refused.status().field(), "path");
  EXPECT_EQ(*store->ReadRange("o/x", 0, 10), "one");

  // The same through a multipart upload: refused at Complete, and its parts are aborted.
  {
    auto writer = store->Write("o/x", {.overwrite = false});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(Pattern(6 * kMiB)).ok());
    auto multipart = (*writer)->Commit();
    EXPECT_EQ(multipart.status().code(), StatusCode::kAlreadyExists)
        << multipart.status().ToString();
    EXPECT_EQ(multipart.status().field(), "path");
  }
  EXPECT_TRUE(PendingUploads().empty());
  EXPECT_EQ(*store->ReadRange("o/x", 0, 10), "one");

  // Positive control: overwrite on replaces it.
  ASSERT_TRUE(Put(*store, "o/x", "three", true).ok());
  EXPECT_EQ(*store->ReadRange("o/x", 0, 10), "three");
}

TEST_F(S3StoreMotoTest, AbortAndDestructorLeaveNothingBehind) {
  UseLaxServer();  // the closing listing's prefix holds a '/', which moto verifies wrongly
  if (IsSkipped() || HasFatalFailure()) return;
  auto store = Open();
  ASSERT_NE(store, nullptr);
  {
    auto writer = store->Write("ab/aborted", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(Pattern(11 * kMiB)).ok());  // two parts up, 1 MiB held
    EXPECT_EQ(PendingUploads(), std::vector<std::string>{prefix_ + "ab/aborted"});
    (*writer)->Abort();
    (*writer)->Abort();  // idempotent
    EXPECT_EQ((*writer)->Append("more").code(), StatusCode::kFailedPrecondition);
    EXPECT_FALSE((*writer)->Commit().ok());
  }
  EXPECT_TRUE(PendingUploads().empty());
  {
    auto writer = store->Write("ab/dropped", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(Pattern(6 * kMiB)).ok());
    EXPECT_EQ(PendingUploads().size(), 1u);
  }  // destroyed without Commit
  EXPECT_TRUE(PendingUploads().empty());
  {
    auto writer = store->Write("ab/small", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("never sent").ok());
  }
  for (const std::string key : {"ab/aborted", "ab/dropped", "ab/small"}) {
    EXPECT_EQ(store->Stat(key).status().code(), StatusCode::kNotFound) << key;
  }
  auto page = store->List({.prefix = "ab/", .recursive = true});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->objects.empty());
}

TEST_F(S3StoreMotoTest, WrongSecretKeyIsUpstreamRejectedOnAccessKeyWithoutTheSecret) {
  S3StoreConfig config = Config();
  const std::string wrong = "wrongSecret" + RandomHex(12);
  aws::AwsCredentials credentials = credentials_;
  credentials.secret_access_key = wrong;
  config.credentials = [credentials]() -> Result<aws::AwsCredentials> { return credentials; };
  auto store = Open(config);
  ASSERT_NE(store, nullptr);

  const Status list = store->List({}).status();
  const Status stat = store->Stat("x").status();  // a HEAD: no error document of its own
  const Status put = Put(*store, "x", "y").status();
  for (const Status& status : {list, stat, put}) {
    EXPECT_EQ(status.code(), StatusCode::kUpstreamRejected) << status.ToString();
    EXPECT_EQ(status.field(), "access_key") << status.ToString();
    EXPECT_NE(status.message().find("SignatureDoesNotMatch"), std::string::npos)
        << status.message();
    ExpectNoSecret(status, wrong);
    ExpectNoSecret(status, credentials_.secret_access_key);
  }

  // An access key moto never issued.
  config = Config();
  credentials = credentials_;
  credentials.access_key_id = "AKIA" + RandomHex(8);
  config.credentials = [credentials]() -> Result<aws::AwsCredentials> { return credentials; };
  auto unknown = Open(config);
  ASSERT_NE(unknown, nullptr);
  const Status refused = unknown->List({}).status();
  EXPECT_EQ(refused.code(), StatusCode::kUpstreamRejected) << refused.ToString();
  EXPECT_EQ(refused.field(), "access_key");
  ExpectNoSecret(refused, credentials_.secret_access_key);
}

TEST_F(S3StoreMotoTest, CredentialsAreAskedForEveryRequest) {
  S3StoreConfig config = Config();
  auto calls = std::make_shared<int>(0);
  const aws::AwsCredentials credentials = credentials_;
  config.credentials = [calls, credentials]() -> Result<aws::AwsCredentials> {
    ++*calls;
    return credentials;
  };
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Put(*store, "c/x", "1").ok());  // PUT, then HEAD for the info
  ASSERT_TRUE(store->ReadRange("c/x", 0, 1).ok());
  EXPECT_EQ(*calls, 3);

  // A failing provider is the error as is, and nothing is sent.
  config.credentials = []() -> Result<aws::AwsCredentials> {
    return Status(StatusCode::kUpstreamRejected, "role session expired", "iam_role");
  };
  auto failing = Open(config);
  ASSERT_NE(failing, nullptr);
  const Status status = failing->Stat("c/x").status();
  EXPECT_EQ(status.code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(status.field(), "iam_role");
}

TEST_F(S3StoreMotoTest, MissingBucketIsNotFoundOnBucket) {
  S3StoreConfig config = Config();
  config.bucket = "trib-missing-" + RandomHex(6);
  config.prefix = "";  // a listing of the whole bucket has no '/' that moto would mis-verify
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  for (const Status& status :
       {store->List({.recursive = true}).status(), store->ReadRange("a", 0, 1).status(),
        Put(*store, "a", "b").status()}) {
    EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
    EXPECT_EQ(status.field(), "bucket") << status.ToString();
  }
  // A HEAD's 404 has no body to tell a missing bucket from a missing key: not found either way.
  EXPECT_EQ(store->Stat("a").status().code(), StatusCode::kNotFound);
}

TEST_F(S3StoreMotoTest, ServerSideEncryptionHeadersAreSentOnEveryWrite) {
  const struct {
    std::string algorithm, kms_key;
    int64_t size;
  } cases[] = {{"AES256", "", 10},
               {"aws:kms", "arn:aws:kms:us-east-1:123456789012:key/trib-test", 10},
               {"AES256", "", 6 * kMiB}};  // multipart: set at CreateMultipartUpload
  int n = 0;
  for (const auto& c : cases) {
    S3StoreConfig config = Config();
    config.sse_algorithm = c.algorithm;
    config.sse_kms_key_id = c.kms_key;
    auto store = Open(config);
    ASSERT_NE(store, nullptr);
    const std::string key = "sse/" + std::to_string(n++);
    auto info = Put(*store, key, Pattern(c.size));
    ASSERT_TRUE(info.ok()) << c.algorithm << ": " << info.status().ToString();
    const S3Response head = Raw({.method = "HEAD", .key = prefix_ + key});
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("x-amz-server-side-encryption"), c.algorithm) << key;
    if (!c.kms_key.empty()) {
      EXPECT_EQ(head.Header("x-amz-server-side-encryption-aws-kms-key-id"), c.kms_key);
    }
  }
  // Positive control: without SSE settings, none is recorded.
  auto plain = Open();
  ASSERT_TRUE(Put(*plain, "sse/plain", "x").ok());
  EXPECT_EQ(
      Raw({.method = "HEAD", .key = prefix_ + "sse/plain"}).Header("x-amz-server-side-encryption"),
      "");
}

TEST_F(S3StoreMotoTest, OneStoreServesSeveralThreads) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<std::thread> threads;
  std::vector<Status> results(6);
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      const std::string key = "mt/" + std::to_string(t);
      const std::string bytes = Pattern(1000 + t, t);
      for (int i = 0; i < 5; ++i) {
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

// The shared behavioural suite on moto: every store is a fresh prefix of the lax server's
// bucket (listings below a prefix are among what moto verifies wrongly; see with_moto_lax.sh).
std::unique_ptr<ObjectStore> FreshMotoStore() {
  const aws::AwsCredentials credentials{Env("TRIB_TEST_MOTO_ACCESS_KEY_ID"),
                                        Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY")};
  S3StoreConfig config;
  config.bucket = Env("TRIB_TEST_MOTO_LAX_BUCKET");
  config.prefix = "suite-" + RandomHex(6) + "/";
  config.region = Env("TRIB_TEST_MOTO_REGION").empty() ? "us-east-1" : Env("TRIB_TEST_MOTO_REGION");
  config.endpoint = Env("TRIB_TEST_MOTO_LAX_URL");
  config.path_style = true;
  config.credentials = [credentials]() -> Result<aws::AwsCredentials> { return credentials; };
  config.part_bytes = 5 * kMiB;
  auto store = MakeS3Store(std::move(config));
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

using trib::testing::ObjectStoreSuite;

INSTANTIATE_TEST_SUITE_P(S3, ObjectStoreSuite,
                         ::testing::Values(trib::testing::StoreUnderTest{
                             "moto", FreshMotoStore,
                             [] {
                               return Env("TRIB_TEST_MOTO_LAX_URL").empty()
                                          ? std::string(
                                                "TRIB_TEST_MOTO_LAX_URL is not set (see "
                                                "tests/scripts/with_moto_lax.sh)")
                                          : std::string();
                             }}),
                         trib::testing::StoreUnderTestName);

}  // namespace
}  // namespace trib::objectstore
