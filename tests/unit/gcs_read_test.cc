// gcs data sources through the REST API, against tests/fakes/gcs_fake.py (with_gcs_fake.sh):
// the server's administrator settings point storage and token requests at the fake; each test
// registers a service account whose key is generated now, and uses its own bucket. Skipped
// without the fake, failed under CI=true.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cloud/gcp/oauth_token.h"
#include "common/random.h"
#include "connectors/gcs/gcs_fields.h"
#include "engine/duckdb_engine.h"
#include "gcs_fake_fixture.h"
#include "objectstore/gcs/gcs_store.h"
#include "project_fixture.h"
#include "test_files.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

const TestServiceAccount& Account() {
  static const TestServiceAccount account = MakeTestServiceAccount();
  return account;
}

class GcsReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = GcsFakeUnavailable();
    if (!why.empty()) {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") FAIL() << why << " (required under CI)";
      GTEST_SKIP() << why;
    }
    ASSERT_TRUE(RegisterWithFake(Account()));
    bucket_ = CreateFakeBucket();
    ASSERT_FALSE(bucket_.empty());
    prefix_ = "read-" + RandomHex(4) + "/";
    server_ = std::make_unique<TestServer>([](TributaryOptions& options) {
      // The administrator's settings: nothing a definition can set.
      options.environment.gcp.storage_endpoint = GcsFakeUrl();
      options.environment.gcp.token_endpoint = GcsFakeUrl() + "/token";
    });
    people_ = ProjectFixture::Build(server_->env());
    base_ = "/api/v1/projects/" + people_.project + "/datasources";
  }

  // An object in the bucket, below this test's prefix, written by the store itself.
  void Put(const std::string& key, const std::string& bytes) {
    objectstore::GcsStoreConfig config;
    config.bucket = bucket_;
    config.prefix = prefix_;
    config.endpoint = GcsFakeUrl();
    gcp::TokenSource source;
    source.key = *gcp::ParseServiceAccountKey(Account().KeyJson(GcsFakeUrl() + "/token"), "k");
    source.scope = std::string(gcp::kStorageReadWriteScope);
    source.endpoint = GcsFakeUrl() + "/token";
    config.token = [source]() -> Result<std::string> {
      TRIB_ASSIGN_OR_RETURN(gcp::AccessToken token, gcp::ObtainAccessToken(source));
      return token.token;
    };
    auto store = objectstore::MakeGcsStore(config);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto writer = (*store)->Write(key, {.overwrite = true});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Append(bytes).ok());
    auto committed = (*writer)->Commit();
    ASSERT_TRUE(committed.ok()) << committed.status().ToString();
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

  Json Definition(const std::string& name) const {
    return Json{{"name", name},
                {"type", "gcs"},
                {"bucket", bucket_},
                {"path", prefix_},
                {"key_json", Account().KeyJson(GcsFakeUrl() + "/token")}};
  }

  Answer Create(const Json& definition) {
    return server_->Call("POST", base_, people_.owner_key, definition);
  }

  Answer Read(const std::string& source, const Json& body, const std::string& key = "") {
    Json request = body;
    request["format"] = "csv";
    return server_->Post(base_ + "/" + source + "/read", key.empty() ? people_.scientist_key : key,
                         request, "text/csv");
  }

  Answer Write(const std::string& source, const std::string& query, const std::string& csv) {
    return server_->PostBytes(base_ + "/" + source + "/write?" + query, people_.owner_key, csv,
                              "text/csv");
  }

  // No answer may hold the private key, a CSEK or a token.
  static void ExpectNoSecrets(const Answer& answer, const std::vector<std::string>& secrets) {
    EXPECT_EQ(answer.raw.find("PRIVATE KEY"), std::string::npos) << answer.raw;
    EXPECT_EQ(answer.raw.find("ya29."), std::string::npos) << answer.raw;
    for (const std::string& secret : secrets) {
      EXPECT_EQ(answer.raw.find(secret), std::string::npos) << answer.raw;
    }
  }

  std::string bucket_, prefix_, base_;
  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
};

TEST_F(GcsReadTest, PartitionedParquetCsvGlobBrowseSplitsTestAndEngineOptions) {
  Put("sales/year=2025/part-0.parquet", ParquetBytes("SELECT range AS id FROM range(3)"));
  Put("sales/year=2026/part-0.parquet", ParquetBytes("SELECT range + 10 AS id FROM range(2)"));
  Put("sales/_SUCCESS", "");
  Put("raw/a.csv", "id,name\n1,x\n");
  Put("raw/b.csv", "id,name\n2,y\n");
  Put("raw/c.json", "{\"id\": 3, \"name\": \"z\"}\n");
  ASSERT_EQ(Create(Definition("lake")).status, 201);

  Answer sales = Read("lake", {{"path", "sales"}});
  ASSERT_EQ(sales.status, 200) << sales.raw;
  EXPECT_EQ(sales.raw, "id,year\r\n0,2025\r\n1,2025\r\n2,2025\r\n10,2026\r\n11,2026\r\n");
  Answer csv = Read("lake", {{"path", "raw/*.csv"}, {"columns", {"name"}}});
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.raw, "name\r\nx\r\ny\r\n");
  Answer json = Read("lake", {{"path", "raw/c.json"}});
  ASSERT_EQ(json.status, 200) << json.raw;
  EXPECT_EQ(json.raw, "id,name\r\n3,z\r\n");

  const std::string lake = base_ + "/lake";
  Answer browse = server_->Call("GET", lake + "/browse", people_.scientist_key);
  ASSERT_EQ(browse.status, 200) << browse.raw;
  EXPECT_EQ(browse.body["prefixes"], Json::array({"raw/", "sales/"})) << browse.raw;
  Answer splits = server_->Call("GET", lake + "/splits?path=sales", people_.scientist_key);
  ASSERT_EQ(splits.status, 200) << splits.raw;
  EXPECT_EQ(splits.body["num_partitions"], 2);
  EXPECT_EQ(splits.body["data_format"], "parquet");
  Answer test = server_->Call("POST", lake + "/test", people_.scientist_key, Json());
  EXPECT_EQ(test.status, 200) << test.raw;
  Answer engine = server_->Call("GET", lake + "/engine-options", people_.owner_key);
  ASSERT_EQ(engine.status, 200) << engine.raw;
  EXPECT_EQ(engine.body["options"]["path"], "gs://" + bucket_ + "/" + prefix_) << engine.raw;
  ExpectNoSecrets(engine, {});
}

TEST_F(GcsReadTest, WritesInEveryModeCommitWholeFilesAndReadBack) {
  ASSERT_EQ(Create(Definition("lake")).status, 201);
  Answer first = Write("lake", "path=out/", "id,name\n1,x\n");
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["rows"], 1);
  Answer again = Write("lake", "path=out/", "id,name\n2,y\n");
  EXPECT_EQ(again.status, 409) << again.raw;
  Answer appended = Write("lake", "path=out/&mode=append", "id,name\n2,y\n");
  ASSERT_EQ(appended.status, 201) << appended.raw;
  Answer read = Read("lake", {{"path", "out"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_NE(read.raw.find("1,x"), std::string::npos) << read.raw;
  EXPECT_NE(read.raw.find("2,y"), std::string::npos) << read.raw;
  Answer replaced = Write("lake", "path=out/&mode=overwrite&data_format=json", "id,name\n3,z\n");
  ASSERT_EQ(replaced.status, 201) << replaced.raw;
  read = Read("lake", {{"path", "out"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id,name\r\n3,z\r\n") << "only the new file is left";
}

TEST_F(GcsReadTest, ReadsAskForAReadOnlyTokenAndOnlyWritesForAReadWriteOne) {
  Put("t.csv", "id\n1\n");  // the test's own write: one read_write token
  ASSERT_EQ(Create(Definition("lake")).status, 201);
  const Json before = FakeGrants(Account());
  ASSERT_EQ(Read("lake", {{"path", "t.csv"}}).status, 200);
  Answer browse = server_->Call("GET", base_ + "/lake/browse", people_.scientist_key);
  ASSERT_EQ(browse.status, 200) << browse.raw;
  Json after = FakeGrants(Account());
  EXPECT_EQ(after["read_only"], before["read_only"].get<int>() + 1) << after;
  EXPECT_EQ(after["read_write"], before["read_write"]) << "a read never holds write access";
  ASSERT_EQ(Write("lake", "path=out/", "id\n2\n").status, 201);
  after = FakeGrants(Account());
  EXPECT_EQ(after["read_write"], before["read_write"].get<int>() + 1) << after;
}

TEST_F(GcsReadTest, CustomerSuppliedKeyRoundTripsAndAWrongKeyNamesTheField) {
  const std::string key = NewEncryptionKey();
  Json definition = Definition("sealed");
  definition["algorithm"] = "AES256";
  definition["encryption_key"] = key;
  definition["encryption_key_hash"] = EncryptionKeyHash(key);
  ASSERT_EQ(Create(definition).status, 201);
  Answer written = Write("sealed", "path=enc/", "id\n7\n");
  ASSERT_EQ(written.status, 201) << written.raw;
  Answer read = Read("sealed", {{"path", "enc"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id\r\n7\r\n");
  Answer engine = server_->Call("GET", base_ + "/sealed/engine-options", people_.owner_key);
  EXPECT_EQ(engine.body["options"]["fs.gs.encryption.key.hash"], EncryptionKeyHash(key));
  ExpectNoSecrets(engine, {key});

  const std::string other = NewEncryptionKey();
  definition = Definition("other_key");
  definition["algorithm"] = "AES256";
  definition["encryption_key"] = other;
  definition["encryption_key_hash"] = EncryptionKeyHash(other);
  ASSERT_EQ(Create(definition).status, 201);
  ASSERT_EQ(Create(Definition("no_key")).status, 201);
  for (const std::string source : {"other_key", "no_key"}) {
    Answer refused = Read(source, {{"path", "enc"}}, people_.owner_key);
    EXPECT_EQ(refused.status, 409) << source << ": " << refused.raw;
    EXPECT_EQ(refused.body["error"]["field"], "encryption_key") << source << ": " << refused.raw;
    ExpectNoSecrets(refused, {key, other});
  }
}

TEST_F(GcsReadTest, AMismatchedKeyHashIsRefusedAtCreateAndUpdateWithoutEchoingEither) {
  const std::string key = NewEncryptionKey();
  const std::string wrong_hash = EncryptionKeyHash(NewEncryptionKey());
  Json definition = Definition("sealed");
  definition["algorithm"] = "AES256";
  definition["encryption_key"] = key;
  definition["encryption_key_hash"] = wrong_hash;
  Answer refused = Create(definition);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "encryption_key_hash") << refused.raw;
  ExpectNoSecrets(refused, {key, wrong_hash});

  definition["encryption_key_hash"] = EncryptionKeyHash(key);
  Answer created = Create(definition);
  ASSERT_EQ(created.status, 201) << created.raw;
  // Update: a new key with the old hash is refused as well.
  Json update = created.body;
  update["encryption_key"] = NewEncryptionKey();
  Answer changed = server_->Call("PUT", base_ + "/sealed", people_.owner_key, update);
  EXPECT_EQ(changed.status, 400) << changed.raw;
  EXPECT_EQ(changed.body["error"]["field"], "encryption_key_hash") << changed.raw;
  // The kept key ("<redacted>" sent back) with a changed hash: caught when the source is used.
  update = created.body;
  update["encryption_key_hash"] = wrong_hash;
  Answer kept = server_->Call("PUT", base_ + "/sealed", people_.owner_key, update);
  ASSERT_EQ(kept.status, 200) << kept.raw;
  Answer used = Read("sealed", {{"path", "x.csv"}}, people_.owner_key);
  EXPECT_EQ(used.status, 400) << used.raw;
  EXPECT_EQ(used.body["error"]["field"], "encryption_key_hash") << used.raw;
  ExpectNoSecrets(used, {key});
}

TEST_F(GcsReadTest, ARefusedKeyIsAClearAuthErrorNamingTheField) {
  const TestServiceAccount stranger = MakeTestServiceAccount();  // never registered
  Json definition = Definition("stranger");
  definition["key_json"] = stranger.KeyJson(GcsFakeUrl() + "/token");
  ASSERT_EQ(Create(definition).status, 201);
  Answer read = Read("stranger", {{"path", "x.csv"}}, people_.owner_key);
  EXPECT_EQ(read.status, 502) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "key_json") << read.raw;
  EXPECT_NE(read.raw.find("invalid_grant"), std::string::npos) << read.raw;
  ExpectNoSecrets(read, {});

  // A token_uri other than Google's or the administrator's is refused before anything is kept.
  definition = Definition("elsewhere");
  definition["key_json"] = Account().KeyJson("http://169.254.169.254/token");
  Answer refused = Create(definition);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "key_json") << refused.raw;
  ExpectNoSecrets(refused, {});
}

TEST_F(GcsReadTest, AMissingBucketNamesTheBucket) {
  Json definition = Definition("missing");
  definition["bucket"] = "trib-missing-" + RandomHex(4);
  ASSERT_EQ(Create(definition).status, 201);
  Answer read = Read("missing", {{"path", "x.csv"}}, people_.owner_key);
  EXPECT_EQ(read.status, 404) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "bucket") << read.raw;
  Answer test = server_->Call("POST", base_ + "/missing/test", people_.owner_key, Json());
  EXPECT_NE(test.status, 200) << test.raw;
  EXPECT_NE(test.raw.find("bucket"), std::string::npos) << test.raw;
}

TEST_F(GcsReadTest, EndpointOutsideTheAllowlistIsRefused) {
  Put("t.csv", "id\n1\n");
  ASSERT_EQ(Create(Definition("lake")).status, 201);
  ASSERT_EQ(Read("lake", {{"path", "t.csv"}}).status, 200) << "positive control";
  ASSERT_EQ(server_
                ->Call("PUT", "/api/v1/admin/egress-allowlist", server_->env().admin_key,
                       Json{{"entries", {"10.0.0.0/8"}}})
                .status,
            200);
  Answer read = Read("lake", {{"path", "t.csv"}});
  EXPECT_EQ(read.status, 403) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "bucket") << read.raw;
}

TEST_F(GcsReadTest, AKeyFileIsReadOnlyFromADirectoryTheAdministratorAllows) {
  TempDir keys;
  const fs::path file = keys.path() / "sa.json";
  {
    std::ofstream out(file);
    out << Account().KeyJson(GcsFakeUrl() + "/token");
  }
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  Put("k.csv", "id\n5\n");
  Json definition = Definition("by_file");
  definition.erase("key_json");
  definition["key_path"] = file.string();
  ASSERT_EQ(Create(definition).status, 201);
  Answer refused = Read("by_file", {{"path", "k.csv"}}, people_.owner_key);
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "key_path") << refused.raw;

  Answer allowed =
      server_->Call("PUT", "/api/v1/admin/local-directories", server_->env().admin_key,
                    Json{{"directories", Json::array({fs::canonical(keys.path()).string()})}});
  ASSERT_EQ(allowed.status, 200) << allowed.raw;
  Answer read = Read("by_file", {{"path", "k.csv"}}, people_.owner_key);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id\r\n5\r\n");
}

}  // namespace
}  // namespace trib::testing
