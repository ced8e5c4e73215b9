// The behavioural suite every object store passes (see tests/support/object_store_suite.h);
// each store instantiates it in its own test file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <set>

#include "object_store_suite.h"

namespace trib {
namespace {

using objectstore::ListPage;
using objectstore::ListRequest;
using objectstore::ObjectInfo;
using objectstore::ObjectWriter;
using objectstore::WriteOptions;
using testing::ObjectStoreSuite;
using Strings = std::vector<std::string>;

std::string RandomBytes(size_t n) {
  std::mt19937_64 random(42);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

void ExpectCode(const Status& status, StatusCode code, const std::string& field,
                const std::string& what) {
  EXPECT_EQ(status.code(), code) << what << ": " << status.ToString();
  if (!field.empty()) {
    EXPECT_EQ(status.field(), field) << what << ": " << status.ToString();
  }
}

TEST_P(ObjectStoreSuite, CommittedBytesReadBackExactly) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{3} << 20}) {
    const std::string key = "data/object-" + std::to_string(size) + ".bin";
    const std::string bytes = RandomBytes(size);
    const ObjectInfo committed = Put(key, bytes);
    EXPECT_EQ(committed.key, key);
    EXPECT_EQ(committed.size, static_cast<int64_t>(size));

    Result<ObjectInfo> info = store().Stat(key);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->key, key);
    EXPECT_EQ(info->size, static_cast<int64_t>(size));
    EXPECT_GT(info->modified_ms, int64_t{1'600'000'000'000}) << "not Unix milliseconds";
    EXPECT_EQ(info->etag, committed.etag);
    Result<std::string> read = store().ReadRange(key, 0, static_cast<int64_t>(size) + 100);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->size(), size);
    EXPECT_TRUE(*read == bytes) << "bytes differ for " << key;
  }
}

TEST_P(ObjectStoreSuite, NothingIsVisibleBeforeCommit) {
  Result<std::unique_ptr<ObjectWriter>> writer = store().Write("a/pending.csv", WriteOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Append("x,y\n1,2\n").ok());
  ExpectCode(store().Stat("a/pending.csv").status(), StatusCode::kNotFound, "", "stat");
  EXPECT_EQ(ListAll("", true).objects, Strings{});
  EXPECT_EQ(ListAll("a/", false).objects, Strings{});

  Result<ObjectInfo> info = (*writer)->Commit();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(ListAll("", true).objects, Strings{"a/pending.csv"});
  EXPECT_EQ(Get("a/pending.csv"), "x,y\n1,2\n");
}

TEST_P(ObjectStoreSuite, AbortLeavesNothing) {
  Result<std::unique_ptr<ObjectWriter>> writer = store().Write("a/aborted.csv", WriteOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Append(RandomBytes(4096)).ok());
  (*writer)->Abort();
  (*writer)->Abort();  // idempotent
  EXPECT_FALSE((*writer)->Commit().ok()) << "a commit after Abort must not publish";
  EXPECT_EQ(ListAll("", true).objects, Strings{});
  ExpectCode(store().Stat("a/aborted.csv").status(), StatusCode::kNotFound, "", "stat");
}

TEST_P(ObjectStoreSuite, DestroyingAnUncommittedWriterLeavesNothing) {
  {
    Result<std::unique_ptr<ObjectWriter>> writer = store().Write("dropped.csv", WriteOptions{});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Append(RandomBytes(4096)).ok());
  }
  EXPECT_EQ(ListAll("", true).objects, Strings{});
  ExpectCode(store().Stat("dropped.csv").status(), StatusCode::kNotFound, "", "stat");
}

TEST_P(ObjectStoreSuite, NoOverwriteKeepsTheExistingObject) {
  Put("k.csv", "old");
  Result<std::unique_ptr<ObjectWriter>> writer = store().Write("k.csv", WriteOptions{});
  // A store may refuse at Write or at Commit; either way the old object stays.
  if (writer.ok()) {
    ASSERT_TRUE((*writer)->Append("new content").ok());
    ExpectCode((*writer)->Commit().status(), StatusCode::kAlreadyExists, "path", "commit");
  } else {
    ExpectCode(writer.status(), StatusCode::kAlreadyExists, "path", "write");
  }
  EXPECT_EQ(Get("k.csv"), "old");
  EXPECT_EQ(ListAll("", true).objects, Strings{"k.csv"});
}

TEST_P(ObjectStoreSuite, NoOverwriteLosesARaceToAnotherWriter) {
  Result<std::unique_ptr<ObjectWriter>> first = store().Write("race.csv", WriteOptions{});
  Result<std::unique_ptr<ObjectWriter>> second = store().Write("race.csv", WriteOptions{});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->Append("first").ok());
  ASSERT_TRUE((*second)->Append("second").ok());
  ASSERT_TRUE((*first)->Commit().ok());
  ExpectCode((*second)->Commit().status(), StatusCode::kAlreadyExists, "path", "second commit");
  EXPECT_EQ(Get("race.csv"), "first");
  EXPECT_EQ(ListAll("", true).objects, Strings{"race.csv"});
}

TEST_P(ObjectStoreSuite, OverwriteReplacesAndChangesTheEtag) {
  const ObjectInfo before = Put("k.csv", "aaa");
  const ObjectInfo after = Put("k.csv", "bbb", /*overwrite=*/true);  // same size on purpose
  EXPECT_EQ(Get("k.csv"), "bbb");
  EXPECT_FALSE(before.etag.empty());
  EXPECT_NE(before.etag, after.etag);
  Result<ObjectInfo> info = store().Stat("k.csv");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->etag, after.etag);
}

TEST_P(ObjectStoreSuite, RangedReads) {
  Put("digits.txt", "0123456789");
  struct Case {
    int64_t offset, length;
    std::string want;
  };
  for (const Case& c : {Case{2, 3, "234"}, Case{0, 10, "0123456789"}, Case{7, 10, "789"},
                        Case{9, 1, "9"}, Case{10, 5, ""}, Case{25, 1, ""}, Case{3, 0, ""}}) {
    Result<std::string> read = store().ReadRange("digits.txt", c.offset, c.length);
    ASSERT_TRUE(read.ok()) << c.offset << "+" << c.length << ": " << read.status().ToString();
    EXPECT_EQ(*read, c.want) << c.offset << "+" << c.length;
  }
  ExpectCode(store().ReadRange("digits.txt", -1, 2).status(), StatusCode::kInvalidArgument, "",
             "negative offset");
  ExpectCode(store().ReadRange("digits.txt", 0, -2).status(), StatusCode::kInvalidArgument, "",
             "negative length");
  ExpectCode(store().ReadRange("missing.txt", 0, 2).status(), StatusCode::kNotFound, "",
             "missing key");
}

TEST_P(ObjectStoreSuite, ListNotRecursiveAnswersDirectoriesAsPrefixes) {
  for (const char* key : {"a.csv", "dir/x.csv", "dir/sub/y.csv", "dir/sub/z.csv", "dir2/z"}) {
    Put(key, "1");
  }
  Result<ListPage> top = store().List(ListRequest{});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_EQ(top->objects.size(), 1u);
  EXPECT_EQ(top->objects[0].key, "a.csv");
  EXPECT_EQ(top->objects[0].size, 1);
  EXPECT_EQ(top->prefixes, (Strings{"dir/", "dir2/"}));
  EXPECT_EQ(top->next_page_token, "");

  const auto dir = ListAll("dir/", false);
  EXPECT_EQ(dir.objects, Strings{"dir/x.csv"});
  EXPECT_EQ(dir.prefixes, Strings{"dir/sub/"});
  EXPECT_EQ(ListAll("dir/sub/", false).objects, (Strings{"dir/sub/y.csv", "dir/sub/z.csv"}));
}

TEST_P(ObjectStoreSuite, ListRecursiveAnswersEveryKeyBelowInByteOrder) {
  for (const char* key : {"b", "a/x", "a/sub/y", "a.b", "a/sub/deeper/z"}) Put(key, "1");
  const auto all = ListAll("", true);
  // '.' (0x2e) sorts before '/' (0x2f): byte order, not a directory walk order.
  EXPECT_EQ(all.objects, (Strings{"a.b", "a/sub/deeper/z", "a/sub/y", "a/x", "b"}));
  EXPECT_EQ(all.prefixes, Strings{});
  EXPECT_EQ(ListAll("a/sub/", true).objects, (Strings{"a/sub/deeper/z", "a/sub/y"}));
}

TEST_P(ObjectStoreSuite, ListPrefixIsTextNotADirectory) {
  for (const char* key : {"a/b.csv", "a/bc/d", "a/b/e", "a/x", "ab"}) Put(key, "1");
  const auto flat = ListAll("a/b", false);
  EXPECT_EQ(flat.objects, Strings{"a/b.csv"});
  EXPECT_EQ(flat.prefixes, (Strings{"a/b/", "a/bc/"}));
  EXPECT_EQ(ListAll("a/b", true).objects, (Strings{"a/b.csv", "a/b/e", "a/bc/d"}));
  EXPECT_EQ(ListAll("a", true).objects, (Strings{"a/b.csv", "a/b/e", "a/bc/d", "a/x", "ab"}));
  EXPECT_EQ(ListAll("a", false).objects, Strings{"ab"});
  EXPECT_EQ(ListAll("a", false).prefixes, Strings{"a/"});
  EXPECT_EQ(ListAll("a/b/", false).objects, Strings{"a/b/e"});
}

TEST_P(ObjectStoreSuite, ListPagesResumeAfterTheLastKey) {
  const Strings keys = {"p/1", "p/2", "p/3", "p/4", "p/5"};
  for (const std::string& key : keys) Put(key, "1");
  ListRequest request;
  request.prefix = "p/";
  request.recursive = true;
  request.page_size = 2;
  Strings seen;
  std::vector<size_t> sizes;
  for (int i = 0; i < 10; ++i) {
    Result<ListPage> page = store().List(request);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    sizes.push_back(page->objects.size());
    for (const ObjectInfo& object : page->objects) seen.push_back(object.key);
    if (page->next_page_token.empty()) break;
    request.page_token = page->next_page_token;
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(seen, keys);  // sorted, none twice, none missing

  // Prefixes and objects share the pages.
  for (const char* key : {"q/1", "q/2", "r", "s/1", "t"}) Put(key, "1");
  const auto paged = ListAll("", false, 2);
  const auto whole = ListAll("", false);
  EXPECT_EQ(paged.objects, (Strings{"r", "t"}));
  EXPECT_EQ(paged.prefixes, (Strings{"p/", "q/", "s/"}));
  EXPECT_EQ(paged.objects, whole.objects);
  EXPECT_EQ(paged.prefixes, whole.prefixes);
}

TEST_P(ObjectStoreSuite, ListOfAMissingDirectoryIsEmpty) {
  Put("present/x", "1");
  for (const char* prefix : {"absent/", "absent/deeper/", "present/x/"}) {
    Result<ListPage> page = store().List(ListRequest{.prefix = prefix, .recursive = true});
    ASSERT_TRUE(page.ok()) << prefix << ": " << page.status().ToString();
    EXPECT_TRUE(page->objects.empty() && page->prefixes.empty()) << prefix;
  }
}

TEST_P(ObjectStoreSuite, DeleteRemovesAndMissingIsNotFound) {
  Put("d/k.csv", "1");
  Put("d/keep.csv", "2");
  ASSERT_TRUE(store().Delete("d/k.csv").ok());
  ExpectCode(store().Stat("d/k.csv").status(), StatusCode::kNotFound, "", "stat after delete");
  ExpectCode(store().Delete("d/k.csv"), StatusCode::kNotFound, "", "second delete");
  ExpectCode(store().Delete("never/there"), StatusCode::kNotFound, "", "missing delete");
  EXPECT_EQ(ListAll("", true).objects, Strings{"d/keep.csv"});
}

TEST_P(ObjectStoreSuite, DirectoriesAreNotObjects) {
  Put("d/e/f", "1");
  ExpectCode(store().Stat("d").status(), StatusCode::kNotFound, "", "stat of a directory");
  ExpectCode(store().Stat("d/e").status(), StatusCode::kNotFound, "", "stat of a directory");
  ExpectCode(store().ReadRange("d", 0, 1).status(), StatusCode::kNotFound, "", "read");
  if (!store().quirks().real_directories) return;
  ExpectCode(store().Delete("d/e"), StatusCode::kFailedPrecondition, "path", "delete a directory");
  Result<std::unique_ptr<ObjectWriter>> writer = store().Write("d/e", WriteOptions{});
  Status refused = writer.status();
  if (writer.ok()) refused = (*writer)->Commit().status();
  EXPECT_TRUE(refused.code() == StatusCode::kFailedPrecondition ||
              refused.code() == StatusCode::kAlreadyExists)
      << refused.ToString();
  EXPECT_EQ(refused.field(), "path");
  EXPECT_EQ(Get("d/e/f"), "1");
}

TEST_P(ObjectStoreSuite, EmptyDirectoriesAreListedWhereTheyExist) {
  Put("d/e/f", "1");
  ASSERT_TRUE(store().Delete("d/e/f").ok());
  const auto listed = ListAll("d/", false);
  EXPECT_EQ(listed.objects, Strings{});
  EXPECT_EQ(listed.prefixes, store().quirks().real_directories ? Strings{"d/e/"} : Strings{});
  EXPECT_EQ(ListAll("", true).objects, Strings{});
}

TEST_P(ObjectStoreSuite, BadKeysAreRefusedByEveryOperation) {
  Put("a/b", "1");
  Put("x", "1");
  const Strings bad_everywhere = {"../x",
                                  "a//b",
                                  "/abs",
                                  "a/./b",
                                  "a\\b",
                                  "a\x01"
                                  "b",
                                  "tab\there",
                                  "a/../x",
                                  "..",
                                  ".",
                                  "a/..",
                                  "del\x7f"};
  const Strings bad_keys_only = {"", "a/", "a/b/"};  // fine as list prefixes
  auto check_key = [&](const std::string& key) {
    const std::string what = "key '" + key + "'";
    ExpectCode(store().Stat(key).status(), StatusCode::kInvalidArgument, "path", "stat " + what);
    ExpectCode(store().ReadRange(key, 0, 1).status(), StatusCode::kInvalidArgument, "path",
               "read " + what);
    ExpectCode(store().Write(key, WriteOptions{.overwrite = true}).status(),
               StatusCode::kInvalidArgument, "path", "write " + what);
    ExpectCode(store().Delete(key), StatusCode::kInvalidArgument, "path", "delete " + what);
    if (store().quirks().local_files) {
      ExpectCode(store().OpenLocal(key).status(), StatusCode::kInvalidArgument, "path",
                 "open " + what);
    }
  };
  for (const std::string& key : bad_everywhere) {
    check_key(key);
    for (bool recursive : {false, true}) {
      ExpectCode(store().List(ListRequest{.prefix = key, .recursive = recursive}).status(),
                 StatusCode::kInvalidArgument, "path", "list '" + key + "'");
    }
  }
  for (const std::string& key : bad_keys_only) check_key(key);
  // Nothing was touched on the way.
  EXPECT_EQ(ListAll("", true).objects, (Strings{"a/b", "x"}));
  EXPECT_EQ(Get("x"), "1");
}

TEST_P(ObjectStoreSuite, UnusualKeysAreLiteralNames) {
  const Strings keys = {"%2e%2e/x", "a/%2e%2e/b", "hive/k=v/part-0.parquet", "unicode/日本語-ü.txt",
                        "with space/file name.csv"};
  for (const std::string& key : keys) Put(key, "bytes of " + key);
  for (const std::string& key : keys) EXPECT_EQ(Get(key), "bytes of " + key);
  EXPECT_EQ(ListAll("", true).objects, keys);
  EXPECT_EQ(ListAll("hive/", false).prefixes, Strings{"hive/k=v/"});
  // %2e%2e is a name, never a parent: nothing landed beside or above it.
  ExpectCode(store().Stat("x").status(), StatusCode::kNotFound, "", "x");
  ExpectCode(store().Stat("b").status(), StatusCode::kNotFound, "", "b");
  ExpectCode(store().Stat("a/b").status(), StatusCode::kNotFound, "", "a/b");
}

TEST_P(ObjectStoreSuite, OpenLocalReadsTheObjectWhereStoresHaveLocalFiles) {
  const std::string bytes = RandomBytes(10000);
  Put("local/file.bin", bytes);
  Result<objectstore::LocalFile> file = store().OpenLocal("local/file.bin");
  if (!store().quirks().local_files) {
    ExpectCode(file.status(), StatusCode::kFailedPrecondition, "", "open local");
    return;
  }
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::string read(bytes.size() + 10, '\0');
  const ssize_t n = ::pread(file->fd(), read.data(), read.size(), 0);
  ASSERT_EQ(n, static_cast<ssize_t>(bytes.size()));
  read.resize(static_cast<size_t>(n));
  EXPECT_TRUE(read == bytes);
  ExpectCode(store().OpenLocal("local/missing.bin").status(), StatusCode::kNotFound, "", "missing");
  ExpectCode(store().OpenLocal("local").status(), StatusCode::kNotFound, "", "a directory");
}

}  // namespace
}  // namespace trib
