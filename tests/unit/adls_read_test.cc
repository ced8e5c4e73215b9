// Reading and writing files of an adls data source through the REST API, against Azurite
// (tests/scripts/with_azurite.sh): SharedKey over http, a service principal's and a managed
// identity's bearer tokens (minted by the Azure identity contract fake) over https. Skipped
// without them, failed under CI=true.
#include <gtest/gtest.h>

#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/random.h"
#include "engine/duckdb_engine.h"
#include "objectstore/adls/adls_store.h"
#include "project_fixture.h"
#include "test_files.h"
#include "test_service.h"

namespace trib::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

// The server's Azure settings pointed at the fakes and the test CA.
void UseFakeAzure(TributaryOptions& options) {
  options.environment.azure.authority_host = Env("TRIB_TEST_AZURE_AD_URL");
  options.environment.azure.imds_endpoint = Env("TRIB_TEST_AZURE_IMDS_URL");
  options.environment.azure.ca_file = Env("TRIB_TEST_AZURITE_CA_FILE");
}

// How many tokens the fake has minted at each endpoint.
Json Minted() {
  httplib::Client client(Env("TRIB_TEST_AZURE_AD_URL"));
  auto answer = client.Get("/_fake/requests");
  if (!answer || answer->status != 200) return Json::object();
  return Json::parse(answer->body);
}

class AdlsReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"TRIB_TEST_AZURITE_URL", "TRIB_TEST_AZURITE_TLS_URL", "TRIB_TEST_AZURE_AD_URL"}) {
      if (Env(name).empty()) {
        if (Env("CI") == "true") FAIL() << name << " is not set (required under CI)";
        GTEST_SKIP() << "run under tests/scripts/with_azurite.sh";
      }
    }
    server_ = std::make_unique<TestServer>(UseFakeAzure);
    people_ = ProjectFixture::Build(server_->env());
    // Each test has its own container, so a source's root holds only what the test put there.
    container_ = "read-" + RandomHex(6);
    CreateContainer(false);
    CreateContainer(true);
  }

  // The plain Azurite, or the https one (which holds other data) with the test CA.
  static std::string Url(bool tls) {
    return Env(tls ? "TRIB_TEST_AZURITE_TLS_URL" : "TRIB_TEST_AZURITE_URL");
  }

  // A container is made by a signed PUT with restype=container, which the store does not
  // expose, so its client does it directly.
  void CreateContainer(bool tls) {
    objectstore::AdlsClient client(
        {.address = *objectstore::MakeAdlsAddress(Url(tls), Account(), container_, "endpoint"),
         .auth = {.account_key = Env("TRIB_TEST_AZURITE_KEY")},
         .now_ms = SystemClock(),
         .ca_file = tls ? Env("TRIB_TEST_AZURITE_CA_FILE") : ""});
    auto made = client.Send("create container",
                            {.method = "PUT", .query = {{"restype", "container"}}, .body = ""});
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    ASSERT_EQ(made->status, 201) << made->body;
  }

  static std::string Account() { return Env("TRIB_TEST_AZURITE_ACCOUNT"); }

  void Put(const std::string& key, const std::string& bytes, bool tls = false) {
    objectstore::AdlsStoreConfig config;
    config.account = Account();
    config.container = container_;
    config.endpoint = Url(tls);
    config.ca_file = tls ? Env("TRIB_TEST_AZURITE_CA_FILE") : "";
    config.auth.account_key = Env("TRIB_TEST_AZURITE_KEY");
    auto store = objectstore::MakeAdlsStore(config);
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

  Json SharedKeySource(const std::string& name) const {
    return Json{{"name", name},
                {"type", "adls"},
                {"account_name", Account()},
                {"container_name", container_},
                {"account_key", Env("TRIB_TEST_AZURITE_KEY")},
                {"spark_options", {{"fs.azure.abfs.endpoint", Env("TRIB_TEST_AZURITE_URL")}}}};
  }

  Json ServicePrincipalSource(const std::string& name, const std::string& secret) const {
    const std::string tenant = Env("TRIB_TEST_AZURE_TENANT");
    return Json{{"name", name},
                {"type", "adls"},
                {"account_name", Account()},
                {"container_name", container_},
                {"directory_id", tenant},
                {"application_id", Env("TRIB_TEST_AZURE_CLIENT_ID")},
                {"service_credential", secret},
                {"spark_options",
                 {{"fs.azure.abfs.endpoint", Env("TRIB_TEST_AZURITE_TLS_URL")},
                  {"fs.azure.account.oauth2.client.endpoint",
                   Env("TRIB_TEST_AZURE_AD_URL") + "/" + tenant + "/oauth2/v2.0/token"}}}};
  }

  Answer Create(const Json& definition) {
    return server_->Call("POST", "/api/v1/projects/" + people_.project + "/datasources",
                         people_.owner_key, definition);
  }

  Answer Read(const std::string& source, const Json& body, const std::string& key = "") {
    Json request = body;
    request["format"] = "csv";
    return server_->Post("/api/v1/projects/" + people_.project + "/datasources/" + source + "/read",
                         key.empty() ? people_.scientist_key : key, request, "text/csv");
  }

  std::string Base(const std::string& source) const {
    return "/api/v1/projects/" + people_.project + "/datasources/" + source;
  }

  std::string container_;
  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
};

TEST_F(AdlsReadTest, PartitionedParquetCsvGlobBrowseSplitsAndTest) {
  Put("sales/year=2025/part-0.parquet", ParquetBytes("SELECT range AS id FROM range(3)"));
  Put("sales/year=2026/part-0.parquet", ParquetBytes("SELECT range + 10 AS id FROM range(2)"));
  Put("sales/_SUCCESS", "");
  Put("raw/a.csv", "id,name\n1,x\n");
  Put("raw/b.csv", "id,name\n2,y\n");
  Put("raw/c.json", "{\"id\": 3, \"name\": \"z\"}\n");
  ASSERT_EQ(Create(SharedKeySource("lake")).status, 201);

  Answer sales = Read("lake", {{"path", "sales"}});
  ASSERT_EQ(sales.status, 200) << sales.raw;
  EXPECT_EQ(sales.raw, "id,year\r\n0,2025\r\n1,2025\r\n2,2025\r\n10,2026\r\n11,2026\r\n");
  Answer csv = Read("lake", {{"path", "raw/*.csv"}, {"columns", {"name"}}});
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.raw, "name\r\nx\r\ny\r\n");
  Answer json = Read("lake", {{"path", "raw/c.json"}});
  ASSERT_EQ(json.status, 200) << json.raw;
  EXPECT_EQ(json.raw, "id,name\r\n3,z\r\n");

  Answer browse = server_->Call("GET", Base("lake") + "/browse", people_.scientist_key);
  ASSERT_EQ(browse.status, 200) << browse.raw;
  EXPECT_EQ(browse.body["prefixes"], Json::array({"raw/", "sales/"})) << browse.raw;
  Answer splits = server_->Call("GET", Base("lake") + "/splits?path=sales", people_.scientist_key);
  ASSERT_EQ(splits.status, 200) << splits.raw;
  EXPECT_EQ(splits.body["num_partitions"], 2);
  EXPECT_EQ(splits.body["data_format"], "parquet");
  Answer test = server_->Call("POST", Base("lake") + "/test", people_.scientist_key, Json());
  EXPECT_EQ(test.status, 200) << test.raw;
}

TEST_F(AdlsReadTest, WritesInEveryModeCommitWholeFilesAndReadBack) {
  ASSERT_EQ(Create(SharedKeySource("lake")).status, 201);
  const std::string write = Base("lake") + "/write";
  Answer first =
      server_->PostBytes(write + "?path=out/", people_.owner_key, "id,name\n1,x\n", "text/csv");
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["rows"], 1);
  Answer again =
      server_->PostBytes(write + "?path=out/", people_.owner_key, "id,name\n2,y\n", "text/csv");
  EXPECT_EQ(again.status, 409) << again.raw;  // mode error: the directory holds data already
  Answer appended = server_->PostBytes(write + "?path=out/&mode=append", people_.owner_key,
                                       "id,name\n2,y\n", "text/csv");
  ASSERT_EQ(appended.status, 201) << appended.raw;
  Answer both = Read("lake", {{"path", "out"}});
  ASSERT_EQ(both.status, 200) << both.raw;
  EXPECT_NE(both.raw.find("1,x"), std::string::npos) << both.raw;
  EXPECT_NE(both.raw.find("2,y"), std::string::npos) << both.raw;
  Answer replaced = server_->PostBytes(write + "?path=out/&mode=overwrite&data_format=json",
                                       people_.owner_key, "id,name\n3,z\n", "text/csv");
  ASSERT_EQ(replaced.status, 201) << replaced.raw;
  Answer read = Read("lake", {{"path", "out"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "id,name\r\n3,z\r\n") << "only the new file is left";
  // A single named file, refused the second time in mode error.
  Answer named =
      server_->PostBytes(write + "?path=one.parquet", people_.owner_key, "id\n7\n", "text/csv");
  ASSERT_EQ(named.status, 201) << named.raw;
  EXPECT_EQ(
      server_->PostBytes(write + "?path=one.parquet", people_.owner_key, "id\n8\n", "text/csv")
          .status,
      409);
  EXPECT_EQ(Read("lake", {{"path", "one.parquet"}}).raw, "id\r\n7\r\n");
}

TEST_F(AdlsReadTest, WrongAccountKeyIsAClearErrorWithoutTheKey) {
  Put("t.csv", "id\n1\n");
  Json definition = SharedKeySource("wrong");
  std::string key = Env("TRIB_TEST_AZURITE_KEY");
  key[0] = key[0] == 'A' ? 'B' : 'A';
  definition["account_key"] = key;
  ASSERT_EQ(Create(definition).status, 201);
  Answer read = Read("wrong", {{"path", "t.csv"}}, people_.owner_key);
  EXPECT_EQ(read.status, 502) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "account_key") << read.raw;
  EXPECT_EQ(read.raw.find(key), std::string::npos);
  EXPECT_EQ(read.raw.find(Env("TRIB_TEST_AZURITE_KEY")), std::string::npos);
  Answer test = server_->Call("POST", Base("wrong") + "/test", people_.owner_key, Json());
  EXPECT_NE(test.status, 200) << test.raw;
  EXPECT_EQ(test.raw.find(key), std::string::npos);
}

TEST_F(AdlsReadTest, MissingContainerNamesContainerName) {
  Json definition = SharedKeySource("gone");
  definition["container_name"] = "missing-" + RandomHex(4);
  ASSERT_EQ(Create(definition).status, 201);
  Answer read = Read("gone", {{"path", "t.csv"}}, people_.owner_key);
  EXPECT_EQ(read.status, 404) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "container_name") << read.raw;
}

TEST_F(AdlsReadTest, EndpointOutsideTheAllowlistIsRefused) {
  Put("t.csv", "id\n1\n");
  ASSERT_EQ(Create(SharedKeySource("lake")).status, 201);
  ASSERT_EQ(Read("lake", {{"path", "t.csv"}}).status, 200);  // positive control
  ASSERT_EQ(server_
                ->Call("PUT", "/api/v1/admin/egress-allowlist", server_->env().admin_key,
                       Json{{"entries", {"10.0.0.0/8"}}})
                .status,
            200);
  Answer read = Read("lake", {{"path", "t.csv"}});
  EXPECT_EQ(read.status, 403) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "spark_options.fs.azure.abfs.endpoint") << read.raw;
}

TEST_F(AdlsReadTest, GenerationOneIsRefusedNamingGeneration) {
  Json definition = SharedKeySource("old");
  definition["generation"] = 1;
  Answer created = Create(definition);
  EXPECT_EQ(created.status, 400) << created.raw;
  EXPECT_EQ(created.body["error"]["field"], "generation") << created.raw;
  EXPECT_NE(created.body["error"]["message"].get<std::string>().find("Gen1"), std::string::npos);
}

TEST_F(AdlsReadTest, ServicePrincipalTokensReadOverHttpsAndAreCached) {
  Put("t.csv", "id\n1\n", true);
  const std::string secret = Env("TRIB_TEST_AZURE_CLIENT_SECRET");
  ASSERT_EQ(Create(ServicePrincipalSource("sp", secret)).status, 201);
  const int64_t before = Minted().value("ad", 0);
  for (int i = 0; i < 3; ++i) {
    Answer read = Read("sp", {{"path", "t.csv"}});
    ASSERT_EQ(read.status, 200) << read.raw;
    EXPECT_EQ(read.raw, "id\r\n1\r\n");
  }
  EXPECT_EQ(Minted().value("ad", 0), before + 1) << "one token for three reads";

  Answer options = server_->Call("GET", Base("sp") + "/engine-options", people_.owner_key);
  ASSERT_EQ(options.status, 200) << options.raw;
  EXPECT_EQ(options.raw.find(secret), std::string::npos);
  EXPECT_EQ(options.body["options"]["fs.azure.account.auth.type"], "OAuth") << options.raw;
  EXPECT_EQ(options.body["options"]["path"],
            "abfss://" + container_ + "@" + Account() + ".dfs.core.windows.net/");

  // A wrong secret is Azure AD's refusal, naming the field, never quoting either secret, and
  // never served a token cached for the right one.
  const std::string wrong = "wrong-" + RandomHex(12);
  ASSERT_EQ(Create(ServicePrincipalSource("sp_wrong", wrong)).status, 201);
  Answer refused = Read("sp_wrong", {{"path", "t.csv"}}, people_.owner_key);
  EXPECT_EQ(refused.status, 502) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "service_credential") << refused.raw;
  EXPECT_NE(refused.raw.find("AADSTS7000215"), std::string::npos) << refused.raw;
  EXPECT_EQ(refused.raw.find(wrong), std::string::npos);
  EXPECT_EQ(refused.raw.find(secret), std::string::npos);
}

TEST_F(AdlsReadTest, TokensNeverTravelOverPlainHttpToAnotherMachine) {
  Json definition = ServicePrincipalSource("clear", RandomHex(16));
  definition["spark_options"]["fs.azure.account.oauth2.client.endpoint"] =
      "http://login.example.com/tenant/oauth2/v2.0/token";
  Answer refused = Create(definition);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "spark_options.fs.azure.account.oauth2.client.endpoint")
      << refused.raw;
  // Bearer tokens to a plain-http storage endpoint: refused when used.
  definition = ServicePrincipalSource("plain", RandomHex(16));
  definition["spark_options"]["fs.azure.abfs.endpoint"] = Env("TRIB_TEST_AZURITE_URL");
  ASSERT_EQ(Create(definition).status, 201);
  Answer read = Read("plain", {{"path", "t.csv"}}, people_.owner_key);
  EXPECT_EQ(read.status, 400) << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "spark_options.fs.azure.abfs.endpoint") << read.raw;
}

TEST_F(AdlsReadTest, ManagedIdentityOnlyForMappedMembersAndAudited) {
  Put("t.csv", "id\n1\n", true);
  const std::string identity = Env("TRIB_TEST_AZURE_MI_CLIENT_ID");
  Json definition = {
      {"name", "mi"},
      {"type", "adls"},
      {"account_name", Account()},
      {"container_name", container_},
      {"application_id", identity},
      {"spark_options", {{"fs.azure.abfs.endpoint", Env("TRIB_TEST_AZURITE_TLS_URL")}}}};
  ASSERT_EQ(Create(definition).status, 201);
  Answer unmapped = Read("mi", {{"path", "t.csv"}});
  EXPECT_EQ(unmapped.status, 403) << unmapped.raw;
  EXPECT_EQ(unmapped.body["error"]["field"], "application_id") << unmapped.raw;

  TestService& env = server_->env();
  ASSERT_TRUE(env.service
                  ->CreateRoleMapping(env.admin, Json{{"project", people_.project},
                                                      {"project_role", "data_scientist"},
                                                      {"cloud_role", identity}})
                  .ok());
  Answer mapped = Read("mi", {{"path", "t.csv"}});
  ASSERT_EQ(mapped.status, 200) << mapped.raw;
  EXPECT_EQ(mapped.raw, "id\r\n1\r\n");
  AuditQuery query;
  query.action = "datasource.assume_role";
  auto events = env.service->QueryAudit(env.admin, query);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_NE(events->dump().find(identity), std::string::npos) << events->dump();

  // An identity IMDS does not know (mapped, so the check passes): IMDS's refusal, named.
  const std::string stranger = "00000000-0000-0000-0000-" + RandomHex(6);
  definition["name"] = "mi_unknown";
  definition["application_id"] = stranger;
  ASSERT_EQ(Create(definition).status, 201);
  ASSERT_TRUE(env.service
                  ->CreateRoleMapping(env.admin, Json{{"project", people_.project},
                                                      {"project_role", "data_scientist"},
                                                      {"cloud_role", stranger}})
                  .ok());
  Answer unknown = Read("mi_unknown", {{"path", "t.csv"}}, people_.owner_key);
  EXPECT_NE(unknown.status, 200) << unknown.raw;
  EXPECT_EQ(unknown.body["error"]["field"], "application_id") << unknown.raw;
}

}  // namespace
}  // namespace trib::testing
