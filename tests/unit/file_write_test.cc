// Writing rows to a file data source (hopsfs) through the REST API: bodies in every format,
// the three modes, who may write, bad input, and nothing left behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/duckdb_engine.h"
#include "project_fixture.h"
#include "test_files.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

// Part files are named at random, so rows of several come in no fixed order.
std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

class FileWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    people_ = ProjectFixture::Build(server_->env());
    source_ = "/api/v1/projects/" + people_.project + "/datasources/" + people_.project +
              "_Training_Datasets";
    root_ = server_->env().dir.path() / "fs" / "Projects" / people_.project /
            (people_.project + "_Training_Datasets");
  }

  Answer Write(const std::string& query, const std::string& bytes, const std::string& type,
               const std::string& key = "") {
    return server_->PostBytes(source_ + "/write?" + query, key.empty() ? people_.owner_key : key,
                              bytes, type);
  }

  std::string ReadCsv(const std::string& path) {
    Answer read = server_->Post(source_ + "/read", people_.scientist_key,
                                Json{{"path", path}, {"format", "csv"}}, "text/csv");
    EXPECT_EQ(read.status, 200) << read.raw;
    return read.raw;
  }

  // Every file below the source's directory, hidden ones included.
  std::vector<std::string> FilesOnDisk() {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), root_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
  std::string source_;
  fs::path root_;
};

TEST_F(FileWriteTest, CsvBodyToParquetDirectoryInEveryMode) {
  const std::string rows = "id,name\n1,x\n2,y\n";
  Answer first = Write("path=out/&data_format=parquet", rows, "text/csv");
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["rows"], 2);
  EXPECT_GT(first.body["bytes"].get<int64_t>(), 0);
  ASSERT_EQ(first.body["files"].size(), 1u);
  const std::string file = first.body["files"][0];
  EXPECT_TRUE(file.starts_with("out/part-") && file.ends_with(".parquet")) << file;
  EXPECT_EQ(ReadCsv("out"), "id,name\r\n1,x\r\n2,y\r\n");

  Answer refused = Write("path=out/", rows, "text/csv");
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "path");

  ASSERT_EQ(Write("path=out/&mode=append", "id,name\n3,z\n", "text/csv").status, 201);
  EXPECT_EQ(SortedLines(ReadCsv("out")),
            (std::vector<std::string>{"1,x\r", "2,y\r", "3,z\r", "id,name\r"}));
  Answer replaced = Write("path=out/&mode=overwrite", "id,name\n9,w\n", "text/csv");
  ASSERT_EQ(replaced.status, 201) << replaced.raw;
  EXPECT_EQ(ReadCsv("out"), "id,name\r\n9,w\r\n");
  EXPECT_EQ(FilesOnDisk().size(), 1u) << "the old parts are gone";
}

TEST_F(FileWriteTest, SingleFilesParquetBodyAndArrowBody) {
  // A Parquet body, written as CSV to one file.
  TempDir dir;
  const std::string parquet = (dir.path() / "in.parquet").string();
  {
    auto engine = engine::DuckDbEngine::Open();
    ASSERT_TRUE(engine.ok());
    auto conn = (*engine)->Connect();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->Execute("COPY (SELECT range AS n FROM range(3)) TO '" + parquet +
                              "' (FORMAT parquet)")
                    .ok());
  }
  std::ifstream in(parquet, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  Answer csv = Write("path=day.csv&data_format=csv", bytes.str(), "application/vnd.apache.parquet");
  ASSERT_EQ(csv.status, 201) << csv.raw;
  EXPECT_EQ(csv.body["files"], Json::array({"day.csv"}));
  EXPECT_EQ(ReadCsv("day.csv"), "n\r\n0\r\n1\r\n2\r\n");
  EXPECT_EQ(
      Write("path=day.csv&data_format=csv", bytes.str(), "application/vnd.apache.parquet").status,
      409);
  EXPECT_EQ(Write("path=day.csv&data_format=csv&mode=append", bytes.str(),
                  "application/vnd.apache.parquet")
                .body["error"]["field"],
            "mode");

  // What a read answers as Arrow IPC goes back in as it is.
  Answer arrow = server_->Post(source_ + "/read", people_.scientist_key,
                               Json{{"path", "day.csv"}, {"format", "arrow"}},
                               "application/vnd.apache.arrow.stream");
  ASSERT_EQ(arrow.status, 200);
  Answer copied =
      Write("path=copy/&data_format=json", arrow.raw, "application/vnd.apache.arrow.stream");
  ASSERT_EQ(copied.status, 201) << copied.raw;
  EXPECT_EQ(copied.body["rows"], 3);
  EXPECT_EQ(ReadCsv("copy"), "n\r\n0\r\n1\r\n2\r\n");
}

TEST_F(FileWriteTest, WhoMayWriteAndBadInput) {
  const std::string rows = "id\n1\n";
  const std::string read_only =
      ProjectFixture::KeyWithScopes(server_->env(), people_.scientist, {"read"});
  EXPECT_EQ(Write("path=a/", rows, "text/csv", read_only).status, 403);
  EXPECT_EQ(Write("path=a/", rows, "text/csv", people_.outsider_key).status, 404);
  EXPECT_EQ(Write("path=a/", rows, "text/csv", people_.scientist_key).status, 201)
      << "data scientists write training data";
  Answer overwrite = Write("path=a/&mode=overwrite", rows, "text/csv", people_.scientist_key);
  EXPECT_EQ(overwrite.status, 403) << "overwrite deletes: data owners only";
  EXPECT_EQ(overwrite.body["error"]["field"], "mode");

  Answer type = Write("path=b/", rows, "application/json");
  EXPECT_EQ(type.status, 400);
  EXPECT_EQ(type.body["error"]["field"], "Content-Type");
  Answer corrupt = Write("path=b/", "PAR1 not parquet", "application/vnd.apache.parquet");
  EXPECT_EQ(corrupt.status, 400);
  EXPECT_EQ(corrupt.body["error"]["field"], "body");
  EXPECT_EQ(corrupt.raw.find(server_->env().dir.path().string()), std::string::npos) << corrupt.raw;
  for (const char* bad : {"path=../x/", "path=/etc/", "path=a//b/"}) {
    Answer traversal = Write(bad, rows, "text/csv");
    EXPECT_EQ(traversal.status, 400) << bad;
    EXPECT_EQ(traversal.body["error"]["field"], "path") << bad;
  }
  EXPECT_EQ(Write("path=b/&data_format=orc", rows, "text/csv").body["error"]["field"],
            "data_format");
  EXPECT_EQ(Write("path=b/&mode=upsert", rows, "text/csv").body["error"]["field"], "mode");
  Answer jdbc = server_->PostBytes("/api/v1/projects/" + people_.project + "/datasources/" +
                                       people_.project + "_onlinefeaturestore/write?path=x/",
                                   people_.owner_key, rows, "text/csv");
  EXPECT_EQ(jdbc.status, 409) << jdbc.raw;

  // Nothing half-written: only the scientist's file, no temp files anywhere.
  const std::vector<std::string> files = FilesOnDisk();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(files[0].starts_with("a/part-")) << files[0];
  const fs::path tmp = server_->env().dir.path() / "tmp";
  if (fs::exists(tmp)) {
    for (const auto& entry : fs::directory_iterator(tmp)) {
      const std::string name = entry.path().filename().string();
      EXPECT_FALSE(name.starts_with("write-") || name.starts_with("upload-")) << name;
    }
  }
}

TEST_F(FileWriteTest, WhatACrashLeftIsRemovedAtStart) {
  ASSERT_EQ(Write("path=kept/", "id\n1\n", "text/csv").status, 201);
  // As a server killed mid-write leaves them: a hidden temp file and working directories.
  std::ofstream(root_ / "kept" / ".trib-tmp-0123456789abcdef-part-9.parquet") << "half";
  const fs::path tmp = server_->env().dir.path() / "tmp";
  for (const char* dir : {"read-00ff", "write-00ff", "upload-00ff"}) {
    fs::create_directories(tmp / dir);
  }
  std::ofstream(tmp / "unrelated.txt") << "kept";
  ASSERT_TRUE(server_->env().service->RemoveLeftovers().ok());
  EXPECT_EQ(FilesOnDisk().size(), 1u) << "only the committed part is left";
  for (const char* dir : {"read-00ff", "write-00ff", "upload-00ff"}) {
    EXPECT_FALSE(fs::exists(tmp / dir)) << dir;
  }
  EXPECT_TRUE(fs::exists(tmp / "unrelated.txt"));
}

}  // namespace
}  // namespace trib::testing
