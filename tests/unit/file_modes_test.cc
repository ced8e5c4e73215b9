// What `trib serve` reports at start about files that hold secrets.
#include "server/file_modes.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "test_service.h"

namespace trib {
namespace {

std::string MakeFile(const std::filesystem::path& path, mode_t mode) {
  std::ofstream(path) << "x\n";
  ::chmod(path.c_str(), mode);
  return path.string();
}

TEST(FileModesTest, GroupOrOtherAccessIsReportedWithTheFix) {
  testing::TempDir dir;
  const std::string catalog = MakeFile(dir.path() / "catalog.db", 0644);
  const std::string key = MakeFile(dir.path() / "admin-api-key", 0640);
  const std::string tight = MakeFile(dir.path() / "tight", 0600);
  const auto warnings =
      LooseFileModeWarnings({catalog, key, tight, (dir.path() / "missing").string()});
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find(catalog), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("0644"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("chmod 600 " + catalog), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("0640"), std::string::npos) << warnings[1];
  EXPECT_NE(warnings[1].find("chmod 600 " + key), std::string::npos) << warnings[1];
}

TEST(FileModesTest, NewCatalogFilesStartPrivate) {
  testing::TempDir dir;
  const std::string fresh = (dir.path() / "catalog.db").string();
  CreatePrivateFileIfMissing(fresh);
  struct stat st {};
  ASSERT_EQ(::stat(fresh.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(LooseFileModeWarnings({fresh}).empty());
  // An existing file is left as it is (and reported).
  const std::string old = MakeFile(dir.path() / "old.db", 0644);
  CreatePrivateFileIfMissing(old);
  ASSERT_EQ(::stat(old.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(FileModesTest, CatalogLocations) {
  EXPECT_EQ(CatalogFilePath("sqlite:/d/catalog.db"), "/d/catalog.db");
  EXPECT_EQ(CatalogFilePath("sqlite:///d/catalog.db"), "/d/catalog.db");
  EXPECT_EQ(CatalogFilePath("/d/catalog.db"), "/d/catalog.db");
  EXPECT_EQ(CatalogFilePath("postgresql://u@h/db"), "");
}

}  // namespace
}  // namespace trib
