// Key-file internals: creation never overwrites, installation replaces atomically, and no
// temporary file is left behind.
#include "vault/key_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "test_files.h"

namespace trib {
namespace {

using trib::testing::ReadAll;

namespace fs = std::filesystem;

class VaultKeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "trib-keyfile-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  size_t FileCount() {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(VaultKeyFileTest, CreateNeverOverwritesAnExistingKey) {
  const std::string path = (dir_ / "k").string();
  auto first = MasterKey::Generate();
  auto second = MasterKey::Generate();
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(CreateKeyFile(path, **first).ok());
  const std::string content = ReadAll(path);
  Status again = CreateKeyFile(path, **second);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadAll(path), content);
  EXPECT_EQ(FileCount(), 1u);  // the temporary file is gone too
  auto loaded = ReadKeyFile(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->id(), (*first)->id());
}

TEST_F(VaultKeyFileTest, InstallReplacesTheTargetAndStampsNoticeIt) {
  const std::string active = (dir_ / "k").string();
  const std::string next = NextKeyFilePath(active);
  auto a = MasterKey::Generate();
  auto b = MasterKey::Generate();
  ASSERT_TRUE(CreateKeyFile(active, **a).ok());
  ASSERT_TRUE(CreateKeyFile(next, **b).ok());
  KeyFileStamp before;
  ASSERT_TRUE(ReadKeyFile(active, &before).ok());
  EXPECT_TRUE(before.exists);
  ASSERT_TRUE(InstallKeyFile(next, active).ok());
  EXPECT_FALSE(fs::exists(next));
  EXPECT_NE(StatKeyFile(active).value(), before);
  EXPECT_FALSE(StatKeyFile(next).value().exists);
  EXPECT_EQ(ReadKeyFile(active).value()->id(), (*b)->id());
}

TEST_F(VaultKeyFileTest, ASymlinkToAPrivateKeyFileIsFollowed) {
  // Mounted secrets (e.g. Kubernetes) are symlinks; the mode that counts is the target's.
  const std::string target = (dir_ / "real.key").string();
  auto key = MasterKey::Generate();
  ASSERT_TRUE(CreateKeyFile(target, **key).ok());
  fs::create_symlink(target, dir_ / "link.key");
  auto loaded = ReadKeyFile((dir_ / "link.key").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->id(), (*key)->id());
  ASSERT_EQ(::chmod(target.c_str(), 0644), 0);
  EXPECT_EQ(ReadKeyFile((dir_ / "link.key").string()).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(VaultKeyFileTest, OnlyOneLockHolderAtATime) {
  const std::string path = (dir_ / "k.lock").string();
  auto first = FileLock::TryAcquire(path);
  ASSERT_TRUE(first.ok());
  auto second = FileLock::TryAcquire(path);
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  first->reset();
  EXPECT_TRUE(FileLock::TryAcquire(path).ok());
}

}  // namespace
}  // namespace trib
