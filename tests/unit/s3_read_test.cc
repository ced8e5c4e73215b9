// Reading files of an s3 data source through the REST API, against moto: the lax server
// (with_moto_lax.sh) holds the data, the signature-checking one (with_moto.sh) the wrong-key and
// role cases. Skipped without them, failed under CI=true.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/random.h"
#include "engine/duckdb_engine.h"
#include "objectstore/s3/s3_store.h"
#include "project_fixture.h"
#include "test_files.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

class S3ReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lax_url_ = Env("TRIB_TEST_MOTO_LAX_URL");
    strict_url_ = Env("TRIB_TEST_MOTO_URL");
    if (lax_url_.empty() || strict_url_.empty()) {
      if (Env("CI") == "true") FAIL() << "moto is not running (required under CI)";
      GTEST_SKIP() << "run under tests/scripts/with_moto.sh and with_moto_lax.sh";
    }
    server_ = std::make_unique<TestServer>();
    people_ = ProjectFixture::Build(server_->env());
    prefix_ = "read-" + RandomHex(6) + "/";
  }

  // An object in the lax bucket, below this test's prefix.
  void Put(const std::string& key, const std::string& bytes) {
    objectstore::S3StoreConfig config;
    config.bucket = Env("TRIB_TEST_MOTO_LAX_BUCKET");
    config.prefix = prefix_;
    config.region = "us-east-1";
    config.endpoint = lax_url_;
    config.path_style = true;
    config.credentials = []() -> Result<aws::AwsCredentials> {
      return aws::AwsCredentials{"lax", "lax", "", 0};
    };
    auto store = objectstore::MakeS3Store(config);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto writer = (*store)->Write(key, {.overwrite = true});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Append(bytes).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }

  std::string ParquetBytes(const std::string& select) {
    TempDir dir;
    const std::string path = (dir.path() / "x.parquet").string();
    auto engine = engine::DuckDbEngine::Open();
    EXPECT_TRUE(engine.ok());
    auto conn = (*engine)->Connect();
    EXPECT_TRUE(conn.ok());
    EXPECT_TRUE((*conn)->Execute("COPY (" + select + ") TO '" + path + "' (FORMAT parquet)").ok());
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  Answer CreateLaxSource(const std::string& name) {
    return server_->Call(
        "POST", "/api/v1/projects/" + people_.project + "/datasources", people_.owner_key,
        Json{{"name", name},
             {"type", "s3"},
             {"bucket", Env("TRIB_TEST_MOTO_LAX_BUCKET")},
             {"path", prefix_},
             {"region", "us-east-1"},
             {"access_key", "lax-" + RandomHex(4)},
             {"secret_key", RandomHex(16)},
             {"arguments", {{"fs.s3a.endpoint", lax_url_}, {"fs.s3a.path.style.access", "true"}}}});
  }

  Answer Read(const std::string& source, const Json& body, const std::string& key = "") {
    Json request = body;
    request["format"] = "csv";
    return server_->Post("/api/v1/projects/" + people_.project + "/datasources/" + source + "/read",
                         key.empty() ? people_.scientist_key : key, request, "text/csv");
  }

  std::string lax_url_, strict_url_, prefix_;
  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
};

TEST_F(S3ReadTest, PartitionedParquetCsvGlobBrowseAndSplits) {
  Put("sales/year=2025/part-0.parquet", ParquetBytes("SELECT range AS id FROM range(3)"));
  Put("sales/year=2026/part-0.parquet", ParquetBytes("SELECT range + 10 AS id FROM range(2)"));
  Put("sales/_SUCCESS", "");
  Put("raw/a.csv", "id,name\n1,x\n");
  Put("raw/b.csv", "id,name\n2,y\n");
  ASSERT_EQ(CreateLaxSource("lake").status, 201);

  Answer sales = Read("lake", {{"path", "sales"}});
  ASSERT_EQ(sales.status, 200) << sales.raw;
  EXPECT_EQ(sales.raw, "id,year\r\n0,2025\r\n1,2025\r\n2,2025\r\n10,2026\r\n11,2026\r\n");
  Answer csv = Read("lake", {{"path", "raw/*.csv"}, {"columns", {"name"}}});
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.raw, "name\r\nx\r\ny\r\n");

  const std::string base = "/api/v1/projects/" + people_.project + "/datasources/lake";
  Answer browse = server_->Call("GET", base + "/browse", people_.scientist_key);
  ASSERT_EQ(browse.status, 200) << browse.raw;
  EXPECT_EQ(browse.body["prefixes"], Json::array({"raw/", "sales/"})) << browse.raw;
  Answer splits = server_->Call("GET", base + "/splits?path=sales", people_.scientist_key);
  ASSERT_EQ(splits.status, 200) << splits.raw;
  EXPECT_EQ(splits.body["num_partitions"], 2);
  EXPECT_EQ(splits.body["data_format"], "parquet");
  Answer test = server_->Call("POST", base + "/test", people_.scientist_key, Json());
  EXPECT_EQ(test.status, 200) << test.raw;
}

TEST_F(S3ReadTest, WritesCommitWholeFilesAndReadBack) {
  ASSERT_EQ(CreateLaxSource("lake").status, 201);
  const std::string write = "/api/v1/projects/" + people_.project + "/datasources/lake/write";
  Answer first =
      server_->PostBytes(write + "?path=out/", people_.owner_key, "id,name\n1,x\n", "text/csv");
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["rows"], 1);
  Answer again =
      server_->PostBytes(write + "?path=out/", people_.owner_key, "id,name\n2,y\n", "text/csv");
  EXPECT_EQ(again.status, 409) << again.raw;
  Answer replaced = server_->PostBytes(write + "?path=out/&mode=overwrite&data_format=json",
                                       people_.owner_key, "id,name\n3,z\n", "text/csv");
  ASSERT_EQ(replaced.status, 201) << replaced.raw;
  Answer read = Read("lake", {{"path", "out"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id,name\r\n3,z\r\n") << "only the new file is left";
}

TEST_F(S3ReadTest, SessionTokensTravelOverHttpOnlyToThisMachine) {
  const std::string base = "/api/v1/projects/" + people_.project + "/datasources";
  Json definition = {{"name", "clear"},
                     {"type", "s3"},
                     {"bucket", "lake-raw"},
                     {"region", "us-east-1"},
                     {"access_key", "AKIA" + RandomHex(8)},
                     {"secret_key", RandomHex(16)},
                     {"session_token", RandomHex(16)},
                     {"arguments", {{"fs.s3a.endpoint", "http://s3.example.com"}}}};
  Answer refused = server_->Call("POST", base, people_.owner_key, definition);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "arguments.fs.s3a.endpoint") << refused.raw;
  definition["arguments"]["fs.s3a.endpoint"] = "https://s3.example.com";
  EXPECT_EQ(server_->Call("POST", base, people_.owner_key, definition).status, 201);
  definition["name"] = "loopback";
  definition["arguments"]["fs.s3a.endpoint"] = "http://127.0.0.1:9000";
  EXPECT_EQ(server_->Call("POST", base, people_.owner_key, definition).status, 201);
}

TEST_F(S3ReadTest, EndpointOutsideTheAllowlistIsRefused) {
  Put("t.csv", "id\n1\n");
  ASSERT_EQ(CreateLaxSource("lake").status, 201);
  ASSERT_EQ(server_
                ->Call("PUT", "/api/v1/admin/egress-allowlist", server_->env().admin_key,
                       Json{{"entries", {"10.0.0.0/8"}}})
                .status,
            200);
  Answer read = Read("lake", {{"path", "t.csv"}});
  EXPECT_EQ(read.status, 403) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "arguments.fs.s3a.endpoint") << read.raw;
}

TEST_F(S3ReadTest, WrongSecretKeyIsAClearErrorWithoutTheKey) {
  const std::string secret = RandomHex(20);
  Answer created = server_->Call(
      "POST", "/api/v1/projects/" + people_.project + "/datasources", people_.owner_key,
      Json{
          {"name", "strict"},
          {"type", "s3"},
          {"bucket", Env("TRIB_TEST_MOTO_BUCKET")},
          {"region", "us-east-1"},
          {"access_key", Env("TRIB_TEST_MOTO_ACCESS_KEY_ID")},
          {"secret_key", secret},
          {"arguments", {{"fs.s3a.endpoint", strict_url_}, {"fs.s3a.path.style.access", "true"}}}});
  ASSERT_EQ(created.status, 201) << created.raw;
  Answer read = Read("strict", {{"path", "missing-" + RandomHex(4) + ".csv"}}, people_.owner_key);
  EXPECT_NE(read.status, 200) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "access_key") << read.raw;
  EXPECT_EQ(read.raw.find(secret), std::string::npos);
}

// An s3 source with an iam_role, on the signature-checking moto: only members whose project
// role is mapped to the role may make the server assume it, and each assumption is audited.
TEST(S3RoleTest, TheRoleIsAssumedOnlyForMappedMembersAndAudited) {
  const std::string url = Env("TRIB_TEST_MOTO_URL");
  if (url.empty()) {
    if (Env("CI") == "true") FAIL() << "moto is not running (required under CI)";
    GTEST_SKIP() << "run under tests/scripts/with_moto.sh";
  }
  TestService env("", [&url](TributaryOptions& options) {
    options.environment.aws.credentials.access_key_id = Env("TRIB_TEST_MOTO_ACCESS_KEY_ID");
    options.environment.aws.credentials.secret_access_key = Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY");
    options.environment.aws.region = "us-east-1";
    options.environment.aws.sts_endpoint = url;
  });
  ASSERT_TRUE(env.service->CreateProject(env.admin, Json{{"name", "lake"}}).ok());
  const std::string role = Env("TRIB_TEST_MOTO_ROLE_ARN");
  ASSERT_TRUE(
      env.service
          ->CreateDataSource(
              env.admin, "lake",
              Json{{"name", "by_role"},
                   {"type", "s3"},
                   {"bucket", Env("TRIB_TEST_MOTO_BUCKET")},
                   {"region", "us-east-1"},
                   {"iam_role", role},
                   {"arguments", {{"fs.s3a.endpoint", url}, {"fs.s3a.path.style.access", "true"}}}})
          .status()
          .ok());
  ReadRequest request;
  request.payload = FileRead{.path = "missing-" + RandomHex(4) + ".csv"};
  auto unmapped = env.service->ReadDataSource(env.admin, "lake", "by_role", request);
  ASSERT_FALSE(unmapped.ok());
  EXPECT_EQ(unmapped.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(unmapped.status().field(), "iam_role");

  ASSERT_TRUE(env.service
                  ->CreateRoleMapping(env.admin, Json{{"project", "lake"},
                                                      {"project_role", "data_owner"},
                                                      {"cloud_role", role}})
                  .ok());
  auto mapped = env.service->ReadDataSource(env.admin, "lake", "by_role", request);
  ASSERT_FALSE(mapped.ok()) << "the object does not exist";
  EXPECT_NE(mapped.status().field(), "iam_role") << mapped.status().ToString();
  AuditQuery query;
  query.action = "datasource.assume_role";
  auto events = env.service->QueryAudit(env.admin, query);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_NE(events->dump().find(role), std::string::npos) << events->dump();
}

}  // namespace
}  // namespace trib::testing
