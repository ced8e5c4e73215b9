// Reading files of the internal file system (hopsfs) through the REST API: formats, globs,
// partitions, projection, browse and splits, bad input, and confinement to the project.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "columnar/arrow_handles.h"
#include "engine/duckdb_engine.h"
#include "project_fixture.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

class HopsfsReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    people_ = ProjectFixture::Build(server_->env());
    base_ = "/api/v1/projects/" + people_.project + "/datasources/";
    training_ = people_.project + "_Training_Datasets";
    root_ = server_->env().dir.path() / "fs" / "Projects" / people_.project / training_;
    ASSERT_TRUE(fs::is_directory(root_)) << "the project's training-datasets directory";
  }

  void WriteText(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  // A Parquet file written by DuckDB itself.
  void WriteParquet(const std::string& relative, const std::string& select) {
    fs::create_directories((root_ / relative).parent_path());
    auto engine = engine::DuckDbEngine::Open();
    ASSERT_TRUE(engine.ok());
    auto conn = (*engine)->Connect();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->Execute("COPY (" + select + ") TO '" + (root_ / relative).string() +
                              "' (FORMAT parquet)")
                    .ok());
  }

  Answer Read(const std::string& key, const Json& body, const std::string& source = "") {
    Json request = body;
    request["format"] = "csv";
    return server_->Post(base_ + (source.empty() ? training_ : source) + "/read", key, request,
                         "text/csv");
  }

  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
  std::string base_, training_;
  fs::path root_;
};

TEST_F(HopsfsReadTest, ParquetDirectoryWithPartitionsProjectionAndLimit) {
  WriteParquet("sales/year=2025/part-0.parquet", "SELECT range AS id, 'a' AS tag FROM range(3)");
  WriteParquet("sales/year=2026/part-0.parquet",
               "SELECT range + 10 AS id, 'b' AS tag FROM range(2)");
  WriteText("sales/_SUCCESS", "");
  Answer all = Read(people_.scientist_key, {{"path", "sales"}, {"data_format", "parquet"}});
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_NE(all.raw.find("id,tag,year"), std::string::npos) << all.raw;
  EXPECT_NE(all.raw.find("11,b,2026"), std::string::npos) << all.raw;
  EXPECT_EQ(std::count(all.raw.begin(), all.raw.end(), '\n'), 6) << all.raw;

  Answer some =
      Read(people_.scientist_key, {{"path", "sales/"}, {"columns", {"year", "id"}}, {"limit", 2}});
  ASSERT_EQ(some.status, 200) << some.raw;
  EXPECT_TRUE(some.raw.starts_with("year,id\r\n")) << some.raw;
  EXPECT_EQ(std::count(some.raw.begin(), some.raw.end(), '\n'), 3) << some.raw;
}

TEST_F(HopsfsReadTest, CsvGlobWithOptions) {
  WriteText("raw/2026-01/a.csv", "id;name\n1;x\n2;NA\n");
  WriteText("raw/2026-02/b.csv", "id;name\n3;z\n");
  WriteText("raw/2026-02/notes.txt", "not data\n");
  Answer read = Read(people_.scientist_key, {{"path", "raw/*/*.csv"},
                                             {"data_format", "csv"},
                                             {"options",
                                              {{"header", "true"},
                                               {"sep", ";"},
                                               {"nullValue", "NA"},
                                               {"schema", "id BIGINT, name STRING"}}}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id,name\r\n1,x\r\n2,\r\n3,z\r\n");
}

TEST_F(HopsfsReadTest, FormatFromExtensionsOrAskedFor) {
  WriteText("mixed/a.csv", "id\n1\n");
  WriteText("mixed/b.jsonl", "{\"id\": 2}\n");
  Answer mixed = Read(people_.scientist_key, {{"path", "mixed"}});
  EXPECT_EQ(mixed.status, 400) << mixed.raw;
  EXPECT_EQ(mixed.body["error"]["field"], "data_format") << mixed.raw;
  Answer json = Read(people_.scientist_key, {{"path", "mixed/b.jsonl"}});
  ASSERT_EQ(json.status, 200) << json.raw;
  EXPECT_EQ(json.raw, "id\r\n2\r\n");
  Answer orc = Read(people_.scientist_key, {{"path", "mixed"}, {"data_format", "orc"}});
  EXPECT_EQ(orc.status, 400);
  EXPECT_EQ(orc.body["error"]["field"], "data_format");
}

TEST_F(HopsfsReadTest, RaggedCsvFailsWithTheLineOrPadsWithNulls) {
  // Short: the layout cannot be detected; the error says what to do, in tributary's options.
  WriteText("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
  Answer strict =
      Read(people_.scientist_key, {{"path", "ragged.csv"}, {"options", {{"header", "true"}}}});
  EXPECT_EQ(strict.status, 400) << strict.raw;
  const std::string message = strict.body["error"].value("message", "");
  EXPECT_NE(message.find("'ragged.csv'"), std::string::npos) << message;
  EXPECT_NE(message.find("options.mode PERMISSIVE"), std::string::npos) << message;
  Answer padded =
      Read(people_.scientist_key,
           {{"path", "ragged.csv"}, {"options", {{"header", "true"}, {"mode", "PERMISSIVE"}}}});
  ASSERT_EQ(padded.status, 200) << padded.raw;
  EXPECT_EQ(padded.raw, "a,b,c\r\n1,2,3\r\n4,5,\r\n6,7,8\r\n");
  Answer skipped =
      Read(people_.scientist_key,
           {{"path", "ragged.csv"}, {"options", {{"header", "true"}, {"mode", "DROPMALFORMED"}}}});
  ASSERT_EQ(skipped.status, 200) << skipped.raw;
  EXPECT_EQ(skipped.raw, "a,b,c\r\n1,2,3\r\n6,7,8\r\n");

  // Long: the short row comes after the sniffed sample, and the error names its line.
  std::string rows = "a,b,c\n";
  for (int i = 0; i < 30000; ++i) rows += "1,2,3\n";
  rows += "4,5\n";
  WriteText("long.csv", rows);
  // Rows have streamed by then (over HTTP the answer breaks off); the stream's error says where.
  ReadRequest request;
  request.payload = FileRead{.path = "long.csv", .options = {{"header", "true"}}};
  auto stream = server_->env().service->ReadDataSource(people_.scientist, people_.project,
                                                       training_, request);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  StreamReader reader(stream->get());
  Status failed;
  while (failed.ok()) {
    ArrayHandle batch;
    failed = reader.Next(batch.get());
    if (failed.ok() && !batch.valid()) break;
  }
  EXPECT_EQ(failed.code(), StatusCode::kInvalidArgument) << failed.ToString();
  EXPECT_NE(failed.message().find("30002"), std::string::npos) << failed.message();
  EXPECT_EQ(failed.message().find(server_->env().dir.path().string()), std::string::npos);
}

TEST_F(HopsfsReadTest, CorruptParquetIsAClearError) {
  WriteText("bad.parquet", "PAR1 this is not parquet");
  Answer read = Read(people_.scientist_key, {{"path", "bad.parquet"}});
  EXPECT_EQ(read.status, 400) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "path") << read.raw;
  EXPECT_EQ(read.raw.find(server_->env().dir.path().string()), std::string::npos)
      << "the data dir's host path reached the answer: " << read.raw;
  EXPECT_EQ(read.raw.find("LINE 1"), std::string::npos) << read.raw;
  WriteText("rag.csv", "a,b\n1,2\n3\n");
  Answer ragged = Read(people_.scientist_key, {{"path", "rag.csv"}});
  EXPECT_EQ(ragged.status, 400) << ragged.raw;
  EXPECT_EQ(ragged.raw.find(server_->env().dir.path().string()), std::string::npos) << ragged.raw;
}

TEST_F(HopsfsReadTest, PatternCharactersInNamesAreNames) {
  // DuckDB would expand these as globs; each file must be read once, as itself, in key order
  // ('1' sorts before '[').
  WriteText("odd/b*.csv", "id\n1\n");
  WriteText("odd/bb.csv", "id\n2\n");
  WriteText("odd/c[1].csv", "id\n3\n");
  WriteText("odd/c1.csv", "id\n4\n");
  Answer read = Read(people_.scientist_key, {{"path", "odd"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id\r\n1\r\n2\r\n4\r\n3\r\n");
}

TEST_F(HopsfsReadTest, GlobsAreBounded) {
  WriteText("g/a.csv", "id\n1\n");
  Answer read = Read(people_.scientist_key, {{"path", std::string(20, '*') + "x"}});
  EXPECT_EQ(read.status, 400) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "path");
}

TEST_F(HopsfsReadTest, BrowseAndSplits) {
  WriteText("b/x.csv", "id\n1\n");
  WriteText("b/sub/y.csv", "id\n2\n");
  Answer top = server_->Call("GET", base_ + training_ + "/browse?path=b", people_.scientist_key);
  ASSERT_EQ(top.status, 200) << top.raw;
  EXPECT_EQ(top.body["prefixes"], Json::array({"b/sub/"})) << top.raw;
  ASSERT_EQ(top.body["files"].size(), 1u) << top.raw;
  EXPECT_EQ(top.body["files"][0]["path"], "b/x.csv");
  EXPECT_EQ(top.body["files"][0]["size"], 5);
  Answer splits = server_->Call("GET", base_ + training_ + "/splits?path=b", people_.scientist_key);
  ASSERT_EQ(splits.status, 200) << splits.raw;
  EXPECT_EQ(splits.body["kind"], "files");
  EXPECT_EQ(splits.body["num_partitions"], 2);
  EXPECT_EQ(splits.body["splits"][0]["path"], "b/sub/y.csv");
  Answer test = server_->Call("POST", base_ + training_ + "/test", people_.scientist_key, Json());
  EXPECT_EQ(test.status, 200) << test.raw;
}

TEST_F(HopsfsReadTest, FieldsOfTheOtherKindAreNamed) {
  Answer sql = Read(people_.scientist_key, {{"query", "SELECT 1"}});
  EXPECT_EQ(sql.status, 400);
  EXPECT_EQ(sql.body["error"]["field"], "query") << sql.raw;
  Answer on_jdbc =
      Read(people_.scientist_key, {{"path", "x.csv"}}, people_.project + "_onlinefeaturestore");
  EXPECT_EQ(on_jdbc.status, 400);
  EXPECT_EQ(on_jdbc.body["error"]["field"], "path") << on_jdbc.raw;
  Answer both = Read(people_.scientist_key, {{"path", "x.csv"}, {"query", "SELECT 1"}});
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.body["error"]["field"], "query") << both.raw;
  Answer schema =
      server_->Call("GET", base_ + training_ + "/browse?schema=public", people_.scientist_key);
  EXPECT_EQ(schema.status, 400);
  EXPECT_EQ(schema.body["error"]["field"], "schema");
}

TEST_F(HopsfsReadTest, ConfinedToTheProject) {
  // Another project's path is refused when the definition is written.
  Answer other = server_->Call(
      "POST", "/api/v1/projects/" + people_.project + "/datasources", people_.owner_key,
      Json{{"name", "theirs"}, {"type", "hopsfs"}, {"hopsfs_path", "/Projects/other/x"}});
  EXPECT_EQ(other.status, 400) << other.raw;
  EXPECT_EQ(other.body["error"]["field"], "hopsfs_path");
  Answer prefix_trick = server_->Call(
      "POST", "/api/v1/projects/" + people_.project + "/datasources", people_.owner_key,
      Json{{"name", "trick"},
           {"type", "hopsfs"},
           {"hopsfs_path", "/Projects/" + people_.project + "x/data"}});
  EXPECT_EQ(prefix_trick.status, 400) << prefix_trick.raw;

  // Paths of a read: no parent segments; an encoded one is a plain (missing) name.
  for (const char* bad : {"../x.csv", "a/../../x.csv", "/etc/passwd", "a//b.csv"}) {
    Answer read = Read(people_.scientist_key, {{"path", bad}, {"data_format", "csv"}});
    EXPECT_EQ(read.status, 400) << bad << ": " << read.raw;
    EXPECT_EQ(read.body["error"]["field"], "path") << bad;
  }
  Answer encoded = Read(people_.scientist_key, {{"path", "%2e%2e/x.csv"}, {"data_format", "csv"}});
  EXPECT_EQ(encoded.status, 404) << encoded.raw;

  // A symlink planted in the project's tree that points at the data dir is not followed out.
  const fs::path secret_dir = server_->env().dir.path() / "outside";
  fs::create_directories(secret_dir);
  std::ofstream(secret_dir / "secret.csv") << "token\nhunter2\n";
  fs::create_symlink(secret_dir, root_ / "escape");
  fs::create_symlink(server_->env().dir.path() / "master.key", root_ / "key.csv");
  for (const char* path : {"escape/secret.csv", "escape", "key.csv"}) {
    Answer read = Read(people_.scientist_key, {{"path", path}, {"data_format", "csv"}});
    EXPECT_NE(read.status, 200) << path << ": " << read.raw;
    EXPECT_EQ(read.raw.find("hunter2"), std::string::npos) << path;
    EXPECT_EQ(read.raw.find(server_->env().dir.path().string()), std::string::npos)
        << "no host path in the answer: " << read.raw;
  }
}

TEST_F(HopsfsReadTest, ReadsLeaveNothingBehindAndNeedMembership) {
  WriteText("t.csv", "id\n1\n");
  Answer read = Read(people_.scientist_key, {{"path", "t.csv"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  // The read's working directory goes with its stream, which the server drops once the answer
  // is sent (possibly just after the client has it all).
  const fs::path tmp = server_->env().dir.path() / "tmp";
  const auto working_dirs = [&tmp] {
    int count = 0;
    if (!fs::exists(tmp)) return count;
    for (const auto& entry : fs::directory_iterator(tmp)) {
      count += entry.path().filename().string().starts_with("read-");
    }
    return count;
  };
  for (int i = 0; i < 100 && working_dirs() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(working_dirs(), 0);
  Answer outsider = Read(people_.outsider_key, {{"path", "t.csv"}});
  EXPECT_EQ(outsider.status, 404) << outsider.raw;
}

}  // namespace
}  // namespace trib::testing
