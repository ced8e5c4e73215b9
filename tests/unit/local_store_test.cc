// LocalStore: the shared object-store suite, and the confinement only a local directory needs
// (symlinks, swapped directories, leftover temp files, host paths kept out of messages).
#include "objectstore/local/local_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "object_store_suite.h"
#include "test_files.h"

namespace trib {
namespace {

namespace fs = std::filesystem;
using objectstore::ListPage;
using objectstore::ListRequest;
using objectstore::LocalFile;
using objectstore::LocalStore;
using objectstore::ObjectStore;
using objectstore::ObjectWriter;
using objectstore::Resolution;
using objectstore::WriteOptions;
using testing::ObjectStoreSuite;
using testing::StoreUnderTest;

// A fresh directory under the system temp dir, removed with everything below it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "trib-local-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A LocalStore that owns its temp root, so the suite's factory hands back one object.
class TempLocalStore : public ObjectStore {
 public:
  explicit TempLocalStore(Resolution resolution) {
    auto store = LocalStore::Open(dir_.path().string(), resolution);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (store.ok()) store_ = std::move(store).value();
  }
  std::string_view kind() const override { return store_->kind(); }
  const objectstore::StoreQuirks& quirks() const override { return store_->quirks(); }
  Result<ListPage> List(const ListRequest& request) override { return store_->List(request); }
  Result<objectstore::ObjectInfo> Stat(std::string_view key) override { return store_->Stat(key); }
  Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) override {
    return store_->ReadRange(key, offset, length);
  }
  Result<std::unique_ptr<ObjectWriter>> Write(std::string_view key,
                                              const WriteOptions& options) override {
    return store_->Write(key, options);
  }
  Status Delete(std::string_view key) override { return store_->Delete(key); }
  Result<LocalFile> OpenLocal(std::string_view key) override { return store_->OpenLocal(key); }

 private:
  TempDir dir_;  // destroyed after store_, which holds an fd of it
  std::unique_ptr<LocalStore> store_;
};

INSTANTIATE_TEST_SUITE_P(
    Local, ObjectStoreSuite,
    ::testing::Values(
        StoreUnderTest{"openat2",
                       [] { return std::make_unique<TempLocalStore>(Resolution::kAuto); }},
        StoreUnderTest{"segment_walk",
                       [] { return std::make_unique<TempLocalStore>(Resolution::kSegmentWalk); }}),
    testing::StoreUnderTestName);

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// Runs under both resolutions: openat2 (follows symlinks that stay inside) and the walk
// used without it (refuses every symlink).
class LocalStoreTest : public ::testing::TestWithParam<Resolution> {
 protected:
  void SetUp() override {
    root_ = root_dir_.path() / "root";
    fs::create_directory(root_);
    WriteFile(outside_.path() / "secret.txt", "outside secret");
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<LocalStore> OpenStore() {
    auto store = LocalStore::Open(root_.string(), GetParam());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  bool FollowsInsideSymlinks() const { return GetParam() == Resolution::kAuto; }

  // Refused as a confinement breach, and the message names neither host directory.
  void ExpectDenied(const Status& status, const std::string& what) {
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << what << ": " << status.ToString();
    EXPECT_EQ(status.field(), "path") << what << ": " << status.ToString();
    ExpectNoHostPath(status, what);
  }

  void ExpectNoHostPath(const Status& status, const std::string& what) {
    EXPECT_EQ(status.message().find(root_dir_.path().string()), std::string::npos)
        << what << ": " << status.message();
    EXPECT_EQ(status.message().find(outside_.path().string()), std::string::npos)
        << what << ": " << status.message();
  }

  // Every operation on `key` that reaches outside is refused.
  void ExpectAllDenied(const std::string& key) {
    ExpectDenied(store_->Stat(key).status(), "stat " + key);
    ExpectDenied(store_->ReadRange(key, 0, 100).status(), "read " + key);
    ExpectDenied(store_->OpenLocal(key).status(), "open " + key);
    ExpectDenied(store_->Write(key, WriteOptions{.overwrite = true}).status(), "write " + key);
    ExpectDenied(store_->Delete(key), "delete " + key);
  }

  Status CommitBytes(const std::string& key, const std::string& bytes, bool overwrite = false) {
    auto writer = store_->Write(key, WriteOptions{.overwrite = overwrite});
    if (!writer.ok()) return writer.status();
    TRIB_RETURN_IF_ERROR((*writer)->Append(bytes));
    return (*writer)->Commit().status();
  }

  std::vector<std::string> AllKeys() {
    auto page = store_->List(ListRequest{.recursive = true});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> keys;
    if (page.ok()) {
      for (const auto& object : page->objects) keys.push_back(object.key);
    }
    return keys;
  }

  TempDir root_dir_;
  TempDir outside_;
  fs::path root_;
  std::unique_ptr<LocalStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Resolutions, LocalStoreTest,
                         ::testing::Values(Resolution::kAuto, Resolution::kSegmentWalk),
                         [](const ::testing::TestParamInfo<Resolution>& info) {
                           return info.param == Resolution::kAuto ? "openat2" : "segment_walk";
                         });

TEST_P(LocalStoreTest, OpeningAMissingRootIsNotFoundWithoutItsPath) {
  const std::string missing = (root_dir_.path() / "missing").string();
  auto store = LocalStore::Open(missing, GetParam());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  ExpectNoHostPath(store.status(), "open");
}

TEST_P(LocalStoreTest, ListingARemovedRootIsNotFound) {
  ASSERT_TRUE(CommitBytes("x", "1").ok());
  fs::remove_all(root_);
  auto page = store_->List(ListRequest{});
  EXPECT_EQ(page.status().code(), StatusCode::kNotFound) << page.status().ToString();
  ExpectNoHostPath(page.status(), "list");
}

TEST_P(LocalStoreTest, SymlinksLeavingTheRootAreRefused) {
  fs::create_directory_symlink(outside_.path(), root_ / "escape");
  fs::create_directory_symlink("../../" + outside_.path().filename().string(), root_ / "relative");
  fs::create_symlink(outside_.path() / "secret.txt", root_ / "leak.txt");
  ASSERT_TRUE(CommitBytes("inside.txt", "mine").ok());

  ExpectAllDenied("escape/secret.txt");
  ExpectAllDenied("escape/new/deeper.txt");
  ExpectAllDenied("relative/secret.txt");
  ExpectAllDenied("leak.txt");
  for (const char* prefix : {"escape/", "relative/", "escape/se"}) {
    for (bool recursive : {false, true}) {
      ExpectDenied(store_->List(ListRequest{.prefix = prefix, .recursive = recursive}).status(),
                   std::string("list ") + prefix);
    }
  }
  // Listing the root skips them rather than following them.
  EXPECT_EQ(AllKeys(), std::vector<std::string>{"inside.txt"});
  auto top = store_->List(ListRequest{});
  ASSERT_TRUE(top.ok());
  EXPECT_TRUE(top->prefixes.empty());
  // Nothing outside was read, replaced or added.
  EXPECT_EQ(testing::ReadAll(outside_.path() / "secret.txt"), "outside secret");
  EXPECT_EQ(std::distance(fs::directory_iterator(outside_.path()), fs::directory_iterator()), 1);
  EXPECT_TRUE(fs::is_symlink(root_ / "leak.txt"));
}

TEST_P(LocalStoreTest, SymlinksInsideTheRootWorkWithOpenat2) {
  WriteFile(root_ / "data" / "real.csv", "a,b\n");
  fs::create_symlink("data/real.csv", root_ / "link.csv");
  fs::create_directory_symlink("data", root_ / "alias");
  if (!FollowsInsideSymlinks()) {
    ExpectDenied(store_->Stat("link.csv").status(), "walk refuses every symlink");
    ExpectDenied(store_->Stat("alias/real.csv").status(), "walk refuses every symlink");
    EXPECT_EQ(AllKeys(), std::vector<std::string>{"data/real.csv"});
    return;
  }
  auto info = store_->Stat("link.csv");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, 4);
  auto read = store_->ReadRange("alias/real.csv", 0, 10);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, "a,b\n");
  EXPECT_TRUE(store_->OpenLocal("link.csv").ok());
  EXPECT_EQ(AllKeys(), (std::vector<std::string>{"alias/real.csv", "data/real.csv", "link.csv"}));
}

TEST_P(LocalStoreTest, ASymlinkLoopInsideTheRootEndsTheWalk) {
  WriteFile(root_ / "d" / "f", "1");
  fs::create_directory_symlink("..", root_ / "d" / "up");
  // With openat2, d/up is the root itself: an ancestor of the walk, never entered again.
  const std::vector<std::string> keys = AllKeys();
  EXPECT_EQ(keys, std::vector<std::string>{"d/f"});
}

TEST_P(LocalStoreTest, SwappingADirectoryForASymlinkAfterOpenIsRefused) {
  ASSERT_TRUE(CommitBytes("d/f.txt", "inside").ok());
  auto pending = store_->Write("d/pending.txt", WriteOptions{});
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  ASSERT_TRUE((*pending)->Append("late").ok());

  fs::rename(root_ / "d", root_ / "d-old");
  WriteFile(outside_.path() / "f.txt", "outside");
  fs::create_directory_symlink(outside_.path(), root_ / "d");

  ExpectAllDenied("d/f.txt");
  ExpectDenied(store_->List(ListRequest{.prefix = "d/"}).status(), "list d/");
  // A write begun before the swap lands in the directory it resolved, never outside.
  ASSERT_TRUE((*pending)->Commit().ok());
  EXPECT_EQ(testing::ReadAll(root_ / "d-old" / "pending.txt"), "late");
  EXPECT_FALSE(fs::exists(outside_.path() / "pending.txt"));
  EXPECT_EQ(testing::ReadAll(outside_.path() / "f.txt"), "outside");
}

TEST_P(LocalStoreTest, WritesGoThroughAHiddenTempFileBesideTheKey) {
  auto writer = store_->Write("a/b/object.csv", WriteOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Append("x").ok());
  std::vector<fs::path> entries(fs::directory_iterator(root_ / "a" / "b"), {});
  ASSERT_EQ(entries.size(), 1u);
  const std::string name = entries[0].filename().string();
  EXPECT_TRUE(name.starts_with(".trib-tmp-") && name.ends_with("-object.csv")) << name;
  EXPECT_EQ(fs::status(entries[0]).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_TRUE(AllKeys().empty());
  // The temp name is not an object of its own.
  EXPECT_EQ(store_->Stat("a/b/" + name).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Write("a/b/.trib-tmp-mine", WriteOptions{}).status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE((*writer)->Commit().ok());
  entries.assign(fs::directory_iterator(root_ / "a" / "b"), {});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].filename(), "object.csv");
}

TEST_P(LocalStoreTest, WritingBelowAFileIsRefused) {
  ASSERT_TRUE(CommitBytes("file", "1").ok());
  const Status status = CommitBytes("file/below", "2");
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status.ToString();
  EXPECT_EQ(status.field(), "path");
  ExpectNoHostPath(status, "write below a file");
  EXPECT_EQ(testing::ReadAll(root_ / "file"), "1");
}

TEST_P(LocalStoreTest, RemoveTemporaryFilesCleansWhatACrashLeft) {
  WriteFile(root_ / ".trib-tmp-0123-x.csv", "partial");
  WriteFile(root_ / "sub" / "deeper" / ".trib-tmp-4567-y.csv", "partial");
  WriteFile(root_ / "sub" / "kept.csv", "kept");
  WriteFile(root_ / "sub" / ".hidden-but-mine", "kept");
  WriteFile(outside_.path() / ".trib-tmp-89ab-z.csv", "not ours");
  fs::create_directory_symlink(outside_.path(), root_ / "escape");
  fs::create_symlink(outside_.path() / ".trib-tmp-89ab-z.csv", root_ / ".trib-tmp-link");

  ASSERT_TRUE(store_->RemoveTemporaryFiles().ok());
  EXPECT_FALSE(fs::exists(root_ / ".trib-tmp-0123-x.csv"));
  EXPECT_FALSE(fs::exists(root_ / "sub" / "deeper" / ".trib-tmp-4567-y.csv"));
  EXPECT_TRUE(fs::exists(root_ / "sub" / "kept.csv"));
  EXPECT_TRUE(fs::exists(root_ / "sub" / ".hidden-but-mine"));
  EXPECT_TRUE(fs::is_symlink(root_ / ".trib-tmp-link")) << "only regular files are removed";
  EXPECT_EQ(testing::ReadAll(outside_.path() / ".trib-tmp-89ab-z.csv"), "not ours");
}

TEST_P(LocalStoreTest, OpenLocalGivesABlockingReadOnlyFdOfTheSameBytes) {
  ASSERT_TRUE(CommitBytes("data/file.parquet", "PAR1 bytes PAR1").ok());
  auto file = store_->OpenLocal("data/file.parquet");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const int flags = ::fcntl(file->fd(), F_GETFL);
  EXPECT_EQ(flags & O_ACCMODE, O_RDONLY);
  EXPECT_EQ(flags & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(file->fd(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_EQ(testing::ReadAll(file->ProcPath()), "PAR1 bytes PAR1");
}

TEST_P(LocalStoreTest, SpecialFilesAreNotObjects) {
  ASSERT_EQ(::mkfifo((root_ / "pipe").c_str(), 0600), 0);
  // Opening a FIFO for reading would block without a writer: these must answer at once.
  EXPECT_EQ(store_->Stat("pipe").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ReadRange("pipe", 0, 10).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->OpenLocal("pipe").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(AllKeys().empty());
}

TEST_P(LocalStoreTest, ErrorMessagesNeverShowHostPaths) {
  ASSERT_TRUE(CommitBytes("exists.csv", "1").ok());
  WriteFile(root_ / "dir" / "f", "1");
  ExpectNoHostPath(store_->Stat("missing.csv").status(), "stat missing");
  ExpectNoHostPath(store_->ReadRange("missing.csv", 0, 1).status(), "read missing");
  ExpectNoHostPath(store_->Delete("dir"), "delete a directory");
  ExpectNoHostPath(store_->Write("../x", WriteOptions{}).status(), "bad key");
  ExpectNoHostPath(CommitBytes("exists.csv", "2"), "already exists");
  ExpectNoHostPath(CommitBytes("dir", "2", true), "over a directory");
  ExpectNoHostPath(store_->OpenLocal("dir").status(), "open a directory");
}

}  // namespace
}  // namespace trib
