// The attacks of the security review, each as a test against the real server: a data owner of
// project "fraud" (olivia), a data scientist of it (sam) with a read-only key, an outsider with
// a project of his own (eve), and the cluster admin, who is not a member of "fraud".
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

#include "connectors/common/host_paths.h"
#include "connectors/common/secret_guard.h"
#include "pg_test_db.h"
#include "project_fixture.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

class SecurityAttackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    const ProjectFixture people = ProjectFixture::Build(server_->env());
    owner_key_ = people.owner_key;
    scientist_key_ = people.scientist_key;
    outsider_key_ = people.outsider_key;
    scientist_read_key_ = ProjectFixture::KeyWithScopes(server_->env(), people.scientist, {"read"});
  }

  Answer Call(const std::string& method, const std::string& path, const std::string& key,
              const Json& body = Json()) {
    return body.is_null() ? server_->Call(method, path, key)
                          : server_->Call(method, path, key, body);
  }
  Answer Create(const Json& definition) {
    return Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, definition);
  }
  Answer Read(const std::string& source, const Json& body, const std::string& key) {
    return server_->Post("/api/v1/projects/fraud/datasources/" + source + "/read", key, body,
                         "text/csv");
  }
  fs::path DataDir() const { return server_->env().dir.path(); }
  int64_t AuditCount(const std::string& action) {
    Answer a = Call("GET", "/api/v1/admin/audit?action=" + action, server_->env().admin_key);
    return static_cast<int64_t>(a.body["events"].size());
  }

  std::unique_ptr<TestServer> server_;
  std::string owner_key_, scientist_key_, scientist_read_key_, outsider_key_;
};

// Attack 1 and 4: the catalog, key files and other projects' stores are not files a definition
// may name; local paths are relative to the project's own directory.
TEST_F(SecurityAttackTest, LocalDatabasesStayInsideTheProject) {
  for (const std::string& url :
       {"jdbc:sqlite:" + (DataDir() / "catalog.db").string(),
        "jdbc:sqlite:" + (DataDir() / "projects" / "fraud" / ".." / ".." / "catalog.db").string(),
        std::string("jdbc:sqlite:../other/online.db"),
        std::string("jdbc:duckdb:../other/offline.duckdb"),
        std::string("jdbc:sqlite:file:..%2f..%2fcatalog.db"),
        std::string("jdbc:sqlite:file:///etc/passwd"), std::string("jdbc:duckdb:/etc/x.duckdb"),
        "jdbc:duckdb:" + (DataDir() / "master.key").string()}) {
    Answer a = Create(Json{{"name", "catdb"}, {"type", "jdbc"}, {"connection_string", url}});
    EXPECT_EQ(a.status, 400) << url << ": " << a.raw;
    EXPECT_EQ(a.body["error"]["field"], "connection_string") << url;
    EXPECT_EQ(a.raw.find(DataDir().string()), std::string::npos) << "names the data dir: " << a.raw;
  }
  // A symlink inside the project that points out of it is refused when used.
  fs::create_symlink(DataDir() / "catalog.db", DataDir() / "projects" / "fraud" / "link.db");
  ASSERT_EQ(
      Create(
          Json{{"name", "linked"}, {"type", "jdbc"}, {"connection_string", "jdbc:sqlite:link.db"}})
          .status,
      201);
  Answer a = Read("linked", Json{{"query", "SELECT name FROM users"}}, scientist_key_);
  EXPECT_EQ(a.status, 403) << a.raw;
  EXPECT_EQ(a.raw.find("admin"), std::string::npos) << a.raw;
}

TEST_F(SecurityAttackTest, DefaultSourcesShowNoHostPath) {
  Answer list = Call("GET", "/api/v1/projects/fraud/datasources", scientist_key_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.raw.find(DataDir().string()), std::string::npos) << list.raw;
  Answer online =
      Call("GET", "/api/v1/projects/fraud/datasources/fraud_onlinefeaturestore", scientist_key_);
  EXPECT_EQ(online.body["connection_string"], "jdbc:sqlite:online.db");
  Answer read = Read("fraud_offline", Json{{"query", "SELECT 42 AS answer"}}, scientist_read_key_);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "answer\r\n42\r\n");
}

// A local driver's message names files by their server path: shown relative to the project.
TEST_F(SecurityAttackTest, DriverMessagesShowNoHostPath) {
  {
    std::ofstream bad(DataDir() / "projects" / "fraud" / "bad.duckdb");
    bad << std::string(8192, 'x');
  }
  ASSERT_EQ(
      Create(
          Json{{"name", "bad"}, {"type", "jdbc"}, {"connection_string", "jdbc:duckdb:bad.duckdb"}})
          .status,
      201);
  for (const std::string& key : {owner_key_, scientist_key_}) {
    Answer a = Read("bad", Json{{"query", "SELECT 1"}}, key);
    EXPECT_GE(a.status, 400) << a.raw;
    EXPECT_EQ(a.raw.find(DataDir().string()), std::string::npos) << a.raw;
    EXPECT_NE(a.raw.find("bad.duckdb"), std::string::npos) << "the file is still named: " << a.raw;
  }
}

TEST(HostPathsTest, ProjectFilesByTheirNameTheRestUnderTheDataDir) {
  const HostPathRewrites rewrites = ProjectPathRewrites("/srv/trib/projects/fraud", "/srv/trib");
  EXPECT_EQ(
      HideHostPaths("IO Error: \"/srv/trib/projects/fraud/sub/a.duckdb\" is locked", rewrites),
      "IO Error: \"sub/a.duckdb\" is locked");
  EXPECT_EQ(HideHostPaths("cannot open /srv/trib/catalog.db or /srv/trib/catalog.db", rewrites),
            "cannot open <data dir>/catalog.db or <data dir>/catalog.db");
  const Status status = HideHostPaths(
      Status(StatusCode::kUnavailable, "at /srv/trib/projects/fraud/x.db", "database"), rewrites);
  EXPECT_EQ(status.message(), "at x.db");
  EXPECT_EQ(status.field(), "database");
  EXPECT_EQ(HideHostPaths("/etc/passwd stays", rewrites), "/etc/passwd stays");
}

// Attack 9: stored credentials go to data owners who are members, with a write-scope key.
TEST_F(SecurityAttackTest, StoredCredentialsOnlyForOwnersWithWriteScope) {
  const std::string password = RandomHex(12);
  ASSERT_EQ(Create(Json{{"name", "pg"},
                        {"type", "jdbc"},
                        {"connection_string", "jdbc:postgresql://127.0.0.1:1/db"},
                        {"arguments", {{"user", "u"}, {"password", password}}}})
                .status,
            201);
  Answer key =
      Call("POST", "/api/v1/users/me/apikeys", owner_key_, Json{{"scopes", Json::array({"read"})}});
  ASSERT_EQ(key.status, 201);
  const std::string path =
      "/api/v1/projects/fraud/datasources/pg/engine-options?include_credentials=true";
  for (const std::string& k :
       {key.body["api_key"].get<std::string>(), server_->env().admin_key, scientist_key_}) {
    Answer a = Call("GET", path, k);
    EXPECT_EQ(a.status, 403) << a.raw;
    EXPECT_EQ(a.raw.find(password), std::string::npos);
  }
  Answer owner = Call("GET", path, owner_key_);
  ASSERT_EQ(owner.status, 200) << owner.raw;
  EXPECT_EQ(owner.body["options"]["password"], password);
}

// Each jdbc definition (without name and type) is refused at create with 400 on its field.
void ExpectRefusedAtCreate(const std::vector<std::pair<Json, std::string>>& definitions,
                           const std::function<Answer(const Json&)>& create) {
  for (const auto& [definition, field] : definitions) {
    Json body = definition;
    body["name"] = "refused";
    body["type"] = "jdbc";
    Answer a = create(body);
    EXPECT_EQ(a.status, 400) << definition.dump() << ": " << a.raw;
    EXPECT_EQ(a.body["error"]["field"], field) << a.raw;
  }
}

// Attack 2: the definition switched DuckDB's sandbox off and then read the key files.
TEST_F(SecurityAttackTest, DuckDbSandboxCannotBeSwitchedOff) {
  const std::vector<std::pair<Json, std::string>> definitions = {
      {Json{{"connection_string", "jdbc:duckdb::memory:"},
            {"arguments", {{"enable_external_access", "true"}}}},
       "arguments.enable_external_access"},
      {Json{{"connection_string", "jdbc:duckdb::memory:?enable_external_access=true"}},
       "connection_string"},
      {Json{{"connection_string", "jdbc:duckdb:offline.duckdb"},
            {"arguments", {{"allow_unsigned_extensions", "true"}}}},
       "arguments.allow_unsigned_extensions"},
      {Json{{"connection_string", "jdbc:duckdb:offline.duckdb"},
            {"arguments", {{"access_mode", "read_write"}}}},
       "arguments.access_mode"},
      {Json{{"connection_string", "jdbc:sqlite:online.db"}, {"arguments", {{"mode", "rwc"}}}},
       "arguments.mode"}};
  ExpectRefusedAtCreate(definitions, [this](const Json& d) { return Create(d); });
  // The project's offline store: key files stay out of reach, and no file is written.
  const fs::path written = DataDir() / "written-by-a-read.csv";
  for (const std::string& sql : std::vector<std::string>{
           "SELECT content FROM read_text('" + (DataDir() / "admin-api-key").string() + "')",
           "SELECT content FROM read_text('" + (DataDir() / "master.key").string() + "')",
           "COPY (SELECT 1) TO '" + written.string() + "'",
           std::string("SET enable_external_access = true"), std::string("INSTALL httpfs"),
           std::string("CREATE TABLE t AS SELECT 1")}) {
    Answer a = Read("fraud_offline", Json{{"query", sql}}, scientist_read_key_);
    EXPECT_NE(a.status, 200) << sql << ": " << a.raw;
    EXPECT_EQ(a.raw.find(server_->env().admin_key), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(written));
}

// Attack 3: a read-only key ran writes on the default online store and wrote files anywhere.
TEST_F(SecurityAttackTest, ReadsOfTheOnlineStoreWriteNothing) {
  const fs::path online = DataDir() / "projects" / "fraud" / "online.db";
  ASSERT_TRUE(fs::exists(online));
  const auto size_before = fs::file_size(online);
  const fs::path written = DataDir() / "vacuumed.db";
  for (const std::string& sql : std::vector<std::string>{
           std::string("CREATE TABLE t (a INTEGER)"),
           std::string("INSERT INTO sqlite_master VALUES (1)"),
           std::string("DROP TABLE IF EXISTS features"), "VACUUM INTO '" + written.string() + "'",
           std::string("ATTACH '/etc/shadow' AS s"), std::string("PRAGMA user_version = 5")}) {
    Answer a = Read("fraud_onlinefeaturestore", Json{{"query", sql}}, scientist_read_key_);
    EXPECT_EQ(a.status, 400) << sql << ": " << a.raw;
    EXPECT_EQ(a.body["error"]["field"], "query") << a.raw;
  }
  EXPECT_FALSE(fs::exists(written));
  EXPECT_EQ(fs::file_size(online), size_before);
  Answer version =
      Read("fraud_onlinefeaturestore", Json{{"query", "PRAGMA user_version"}}, scientist_read_key_);
  ASSERT_EQ(version.status, 200) << version.raw;
  EXPECT_EQ(version.raw, "user_version\r\n0\r\n");
}

// Driver options that name files are project files; other driver options are declared.
TEST_F(SecurityAttackTest, DriverOptionsAreDeclaredAndConfined) {
  const std::vector<std::pair<Json, std::string>> definitions = {
      {Json{{"connection_string", "jdbc:postgresql://127.0.0.1:5432/db"},
            {"arguments", {{"service", "x"}}}},
       "arguments.service"},
      {Json{{"connection_string", "jdbc:postgresql://127.0.0.1:5432/db?passfile=/etc/passwd"}},
       "connection_string"},
      {Json{{"connection_string", "jdbc:postgresql://127.0.0.1:5432/db"},
            {"arguments", {{"sslrootcert", "/etc/ssl/private/server.pem"}}}},
       "arguments.sslrootcert"},
      {Json{{"connection_string", "jdbc:mysql://127.0.0.1:3306/db"},
            {"arguments", {{"sslCa", "../other/ca.pem"}}}},
       "arguments.sslCa"},
      {Json{{"connection_string", "jdbc:postgresql://127.0.0.1:5432/db"},
            {"arguments", {{"sslmode", "sideways"}}}},
       "arguments.sslmode"}};
  ExpectRefusedAtCreate(definitions, [this](const Json& d) { return Create(d); });
  Answer ok =
      Create(Json{{"name", "opts"},
                  {"type", "jdbc"},
                  {"connection_string", "jdbc:postgresql://127.0.0.1:5432/db?sslmode=require"},
                  {"arguments", {{"sslrootcert", "certs/ca.pem"}}}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
  // The declared tables are published with the type.
  Answer types = Call("GET", "/api/v1/datasource-types", scientist_key_);
  ASSERT_EQ(types.status, 200);
  bool found = false;
  for (const Json& type : types.body["types"]) {
    if (type["type"] != "jdbc") continue;
    for (const Json& field : type["fields"]) {
      if (field["name"] == "arguments") {
        found = field["declared_keys"].contains("postgresql") &&
                field["declared_keys"].contains("duckdb");
      }
    }
  }
  EXPECT_TRUE(found) << types.raw.substr(0, 2000);
}

// Attack 5: `Driver=` is a name registered in odbcinst.ini, never a library path; FILEDSN,
// SAVEFILE and trace attributes are refused. Refused at create, naming the field.
TEST_F(SecurityAttackTest, OdbcDriverPathsAreRefusedAtCreate) {
  struct Case {
    Json definition;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"connection_string", "jdbc:odbc:Driver=/lib/x86_64-linux-gnu/libc.so.6"}},
       "connection_string"},
      {{{"connection_string", "jdbc:odbc:Driver={libc.so.6};Server=h"}}, "connection_string"},
      {{{"connection_string", "jdbc:sqlserver://h:1433/db"},
        {"arguments", {{"odbc_driver", "/lib/x86_64-linux-gnu/libc.so.6"}}}},
       "arguments.odbc_driver"},
      {{{"connection_string", "jdbc:odbc:FILEDSN=/etc/odbc.ini"}}, "connection_string"},
      {{{"connection_string", "jdbc:odbc:Driver={PostgreSQL Unicode};SAVEFILE=/tmp/x.dsn"}},
       "connection_string"},
      {{{"connection_string", "jdbc:odbc:Driver={PostgreSQL Unicode};Server=h"},
        {"arguments", {{"TraceFile", "/tmp/trace.log"}}}},
       "arguments.TraceFile"},
      // Names, but not registered on this server.
      {{{"connection_string", "jdbc:odbc:Driver={No Such Driver};Server=h"}}, "connection_string"},
      {{{"connection_string", "jdbc:sqlserver://h:1433/db"},
        {"arguments", {{"odbc_driver", "FreeTDS"}}}},
       "arguments.odbc_driver"},
      {{{"connection_string", "jdbc:odbc:NoSuchDsn"}}, "connection_string"},
  };
  for (const Case& c : cases) {
    Json definition = c.definition;
    definition["name"] = "lib";
    definition["type"] = "jdbc";
    Answer a = Create(definition);
    EXPECT_EQ(a.status, 400) << definition.dump() << ": " << a.raw;
    EXPECT_EQ(a.body["error"]["field"], c.field) << definition.dump() << ": " << a.raw;
  }
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/datasources/lib", owner_key_).status, 404)
      << "nothing was stored";
  // The same driver by its registered name, braced or not, is accepted.
  EXPECT_EQ(Create(Json{{"name", "ok1"},
                        {"type", "jdbc"},
                        {"connection_string",
                         "jdbc:odbc:Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1"}})
                .status,
            201);
  EXPECT_EQ(Create(Json{{"name", "ok2"},
                        {"type", "jdbc"},
                        {"connection_string", "jdbc:sqlserver://127.0.0.1:1/db"},
                        {"arguments", {{"odbc_driver", "{PostgreSQL Unicode}"}}}})
                .status,
            201);
}

// A definition that slipped into the catalog (stored before the rule, or written around the
// API) is refused again at use, before the driver manager loads anything.
TEST_F(SecurityAttackTest, OdbcDriverPathsAreRefusedAtUse) {
  ASSERT_EQ(Create(Json{{"name", "lib"},
                        {"type", "jdbc"},
                        {"connection_string",
                         "jdbc:odbc:Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1"}})
                .status,
            201);
  Catalog& catalog = server_->env().service->catalog();
  auto project = catalog.FindProjectByName("fraud");
  ASSERT_TRUE(project.ok());
  for (const std::string& url : {std::string("jdbc:odbc:Driver=/lib/x86_64-linux-gnu/libc.so.6"),
                                 std::string("jdbc:odbc:FILEDSN=/etc/odbc.ini"),
                                 std::string("jdbc:odbc:Driver={Not Registered};Server=h")}) {
    auto stored = catalog.GetDataSource(project->id, "lib");
    ASSERT_TRUE(stored.ok());
    DataSource changed = *stored;
    changed.config["connection_string"] = url;
    ASSERT_TRUE(catalog.UpdateDataSource(changed, stored->version, AuditEvent{}).ok());
    Answer read = Read("lib", Json{{"query", "SELECT 1"}}, owner_key_);
    EXPECT_EQ(read.status, 400) << url << ": " << read.raw;
    EXPECT_EQ(read.body["error"]["field"], "connection_string") << url;
    EXPECT_EQ(read.raw.find("SQLAllocHandle"), std::string::npos) << "the library was loaded";
    Answer test =
        Call("POST", "/api/v1/projects/fraud/datasources/lib/test", owner_key_, Json::object());
    EXPECT_EQ(test.status, 400) << url << ": " << test.raw;
  }
}

// The administrator narrows the registered drivers (admin REST, audited); create and use both
// follow the setting, and null restores every registered driver.
TEST_F(SecurityAttackTest, AdministratorNarrowsOdbcDrivers) {
  const std::string route = "/api/v1/admin/odbc-drivers";
  const std::string admin = server_->env().admin_key;
  Answer initial = Call("GET", route, admin);
  ASSERT_EQ(initial.status, 200) << initial.raw;
  EXPECT_TRUE(initial.body["odbc_drivers"].is_null());
  EXPECT_NE(initial.raw.find("PostgreSQL Unicode"), std::string::npos) << initial.raw;
  const Json unicode = {{"name", "uni"},
                        {"type", "jdbc"},
                        {"connection_string", "jdbc:sqlserver://127.0.0.1:1/db"},
                        {"arguments", {{"odbc_driver", "PostgreSQL Unicode"}}}};
  ASSERT_EQ(Create(unicode).status, 201);

  EXPECT_EQ(Call("PUT", route, owner_key_, Json{{"odbc_drivers", {"PostgreSQL ANSI"}}}).status,
            403);
  Answer typo = Call("PUT", route, admin, Json{{"odbc_drivers", {"PostgreSQL Unicod"}}});
  EXPECT_EQ(typo.status, 400) << typo.raw;
  EXPECT_EQ(typo.body["error"]["field"], "odbc_drivers");
  Answer set = Call("PUT", route, admin, Json{{"odbc_drivers", {"PostgreSQL ANSI"}}});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["odbc_drivers"], Json({"PostgreSQL ANSI"}));
  EXPECT_EQ(AuditCount("odbc_drivers.set"), 1) << "only the accepted change is audited";

  Json again = unicode;
  again["name"] = "uni2";
  Answer refused = Create(again);
  EXPECT_EQ(refused.status, 400) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "arguments.odbc_driver");
  Answer read = Read("uni", Json{{"query", "SELECT 1"}}, owner_key_);
  EXPECT_EQ(read.status, 400) << "the stored source follows the setting: " << read.raw;
  EXPECT_EQ(read.body["error"]["field"], "arguments.odbc_driver");

  ASSERT_EQ(Call("PUT", route, admin, Json{{"odbc_drivers", nullptr}}).status, 200);
  EXPECT_TRUE(Call("GET", route, admin).body["odbc_drivers"].is_null());
  EXPECT_EQ(Create(again).status, 201);
}

// Local database files may lie in directories the administrator allows, and nowhere else
// outside the project: not in the data directory, not through a symlink.
TEST_F(SecurityAttackTest, AdministratorAllowsLocalDirectories) {
  const fs::path outside = fs::temp_directory_path() / ("trib-local-" + RandomHex(6));
  fs::create_directories(outside);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() { fs::remove_all(dir); }
  } cleanup{outside};
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((outside / "ref.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE codes (c TEXT); INSERT INTO codes VALUES ('x1');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  fs::create_symlink(DataDir() / "catalog.db", outside / "link.db");
  const std::string admin = server_->env().admin_key;
  const std::string route = "/api/v1/admin/local-directories";
  const Json ref = {{"name", "ref"},
                    {"type", "jdbc"},
                    {"connection_string", "jdbc:sqlite:" + (outside / "ref.db").string()}};

  Answer before = Create(ref);
  EXPECT_EQ(before.status, 400) << before.raw;
  EXPECT_EQ(before.body["error"]["field"], "connection_string");

  for (const std::string& bad :
       {std::string("relative/dir"), (outside / "missing").string(), DataDir().string(),
        (DataDir() / "projects").string(), DataDir().parent_path().string(), std::string("/")}) {
    Answer a = Call("PUT", route, admin, Json{{"directories", Json::array({bad})}});
    EXPECT_EQ(a.status, 400) << bad << ": " << a.raw;
    EXPECT_EQ(a.body["error"]["field"], "directories");
  }
  EXPECT_EQ(Call("PUT", route, owner_key_, Json{{"directories", Json::array()}}).status, 403);
  EXPECT_EQ(AuditCount("local_directories.set"), 0) << "refused changes are not stored";

  Answer set =
      Call("PUT", route, admin, Json{{"directories", Json::array({outside.string() + "/"})}});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["directories"], Json::array({fs::canonical(outside).string()}));
  EXPECT_EQ(AuditCount("local_directories.set"), 1);

  Answer created = Create(ref);
  ASSERT_EQ(created.status, 201) << created.raw;
  Answer read = Read("ref", Json{{"query", "SELECT c FROM codes"}}, scientist_read_key_);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.raw, "c\r\nx1\r\n");
  EXPECT_EQ(Read("ref", Json{{"query", "DELETE FROM codes"}}, owner_key_).status, 400)
      << "still read-only";

  // A symlink in the allowed directory that leads into the data directory is refused at use.
  Json link = ref;
  link["name"] = "link";
  link["connection_string"] = "jdbc:sqlite:" + (outside / "link.db").string();
  ASSERT_EQ(Create(link).status, 201);
  Answer escaped = Read("link", Json{{"query", "SELECT name FROM users"}}, owner_key_);
  EXPECT_EQ(escaped.status, 403) << escaped.raw;

  // Taken back: the stored source is refused at its next use.
  ASSERT_EQ(Call("PUT", route, admin, Json{{"directories", Json::array()}}).status, 200);
  Answer after = Read("ref", Json{{"query", "SELECT c FROM codes"}}, scientist_read_key_);
  EXPECT_EQ(after.status, 400) << after.raw;
  EXPECT_EQ(after.body["error"]["field"], "connection_string");
}

TEST(SecretGuardTest, WithholdsMessagesHoldingASecretOrAToken) {
  std::vector<std::pair<std::string, Json>> audited;
  SecretGuard guard({"correct-horse-battery", "abc"}, [&](const std::string& action, Json detail) {
    audited.emplace_back(action, std::move(detail));
  });
  const Status clean(StatusCode::kInvalidArgument, "syntax error at \"SELEC\"", "query");
  EXPECT_EQ(guard.Filter(clean).message(), clean.message());
  for (const std::string text :
       {"invalid input: \"correct-horse-battery\"", "near 'horse'", "x BATTERY battery y"}) {
    Status withheld = guard.Filter(Status(StatusCode::kInvalidArgument, text, "query"));
    EXPECT_EQ(withheld.field(), "query");
    EXPECT_EQ(withheld.message().find("horse"), std::string::npos) << withheld.message();
    EXPECT_EQ(withheld.message().find("battery"), std::string::npos) << withheld.message();
    EXPECT_EQ(withheld.message().find("<redacted>"), std::string::npos)
        << "no marker that tells where the secret was: " << withheld.message();
    EXPECT_NE(withheld.message().find("error id"), std::string::npos);
  }
  ASSERT_EQ(audited.size(), 3u);
  EXPECT_EQ(audited[0].first, "datasource.secret_echo");
  EXPECT_EQ(audited[1].second["message"], "near '<redacted>'");
  // Short secrets (under 4 characters) would match ordinary words: they are not looked for.
  EXPECT_EQ(guard.Filter(Status(StatusCode::kInvalidArgument, "abc", "query")).message(), "abc");
}

class PgSecurityAttackTest : public SecurityAttackTest {
 protected:
  void SetUp() override {
    auto db = PgTestDb::FromEnvironment();
    if (!db)
      GTEST_SKIP() << "TRIB_TEST_PG_URL is not set (run under tests/scripts/with_postgres.sh)";
    db_ = *db;
    SecurityAttackTest::SetUp();
    std::tie(role_, password_) = db_.NewRole("probe");
  }
  void CreatePg(const std::string& name, const std::string& url, const std::string& password) {
    ASSERT_EQ(Create(Json{{"name", name},
                          {"type", "jdbc"},
                          {"connection_string", url},
                          {"arguments", {{"user", role_}, {"password", password}}}})
                  .status,
              201);
  }
  PgTestDb db_;
  std::string role_, password_;
};

// Attack 6: a data scientist cannot tell a closed port from an open one, from a database that
// refused the password: one answer, after the whole connect timeout.
TEST_F(PgSecurityAttackTest, NonOwnersSeeOneConnectError) {
  CreatePg("wrong_pw", db_.JdbcUrl(), "not-" + password_);
  CreatePg("closed", "jdbc:postgresql://127.0.0.1:1/postgres", password_);
  CreatePg("not_pg", "jdbc:postgresql://127.0.0.1:" + std::to_string(server_->port()) + "/postgres",
           password_);
  const Json body = {{"query", "SELECT 1"}, {"options", {{"connect_timeout_ms", 700}}}};
  std::string first_message;
  for (const char* source : {"wrong_pw", "closed", "not_pg"}) {
    const auto started = std::chrono::steady_clock::now();
    Answer a = Read(source, body, scientist_key_);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(a.status, 503) << source << ": " << a.raw;
    EXPECT_EQ(a.body["error"]["field"], "connection") << source;
    if (first_message.empty()) first_message = a.body["error"]["message"];
    EXPECT_EQ(a.body["error"]["message"], first_message) << source;
    EXPECT_GE(elapsed, std::chrono::milliseconds(700)) << source << " answered early";
    EXPECT_EQ(a.raw.find(password_), std::string::npos);
  }
  // The data owner learns the cause, and it is audited.
  Answer owner = Read("wrong_pw", body, owner_key_);
  EXPECT_EQ(owner.status, 502) << owner.raw;
  EXPECT_EQ(owner.body["error"]["code"], "upstream_rejected");
  EXPECT_EQ(AuditCount("datasource.connect_failed"), 1);
}

// A registered driver, by name, still reads: psqlODBC against the real PostgreSQL, in the
// jdbc:odbc: form and in the generic form with arguments.odbc_driver.
TEST_F(PgSecurityAttackTest, RegisteredOdbcDriverReads) {
  // jdbc:postgresql://HOST:PORT/postgres -> HOST and PORT.
  const std::string url = db_.JdbcUrl();
  const std::string authority = url.substr(18, url.rfind('/') - 18);
  const std::string host = authority.substr(0, authority.rfind(':'));
  const std::string port = authority.substr(authority.rfind(':') + 1);
  const Json credentials = {{"user", role_}, {"password", password_}};
  ASSERT_EQ(Create(Json{{"name", "pg_odbc"},
                        {"type", "jdbc"},
                        {"connection_string", "jdbc:odbc:Driver={PostgreSQL Unicode};Server=" +
                                                  host + ";Port=" + port + ";Database=postgres"},
                        {"arguments", credentials}})
                .status,
            201);
  Json generic_arguments = credentials;
  generic_arguments["odbc_driver"] = "{PostgreSQL Unicode}";
  ASSERT_EQ(Create(Json{{"name", "pg_generic"},
                        {"type", "jdbc"},
                        {"connection_string", "jdbc:pgodbc://" + authority + "/postgres"},
                        {"arguments", generic_arguments}})
                .status,
            201);
  for (const char* source : {"pg_odbc", "pg_generic"}) {
    Answer a = Read(source, Json{{"query", "SELECT 42 AS answer"}}, scientist_read_key_);
    ASSERT_EQ(a.status, 200) << source << ": " << a.raw;
    EXPECT_EQ(a.raw, "answer\r\n42\r\n") << source;
  }
}

// Attack 7: the database echoes the guesses; the stored password among them must not be
// marked, and repeated echoes suspend the caller until a data owner clears it.
TEST_F(PgSecurityAttackTest, EchoedPasswordIsWithheldAndSuspends) {
  CreatePg("orders", db_.JdbcUrl(), password_);
  const std::string guesses = "guess1 guess2 " + password_ + " guess4";
  const Json body = {{"query", "SELECT ('" + guesses + "')::int AS n"}};
  for (int i = 0; i < 3; ++i) {
    Answer a = Read("orders", body, scientist_read_key_);
    EXPECT_EQ(a.status, 400) << a.raw;
    EXPECT_EQ(a.raw.find(password_), std::string::npos) << a.raw;
    EXPECT_EQ(a.raw.find("guess2"), std::string::npos) << "the message is withheld whole";
    EXPECT_EQ(a.raw.find("redacted"), std::string::npos) << a.raw;
  }
  EXPECT_EQ(AuditCount("datasource.secret_echo"), 3);
  Answer audit =
      Call("GET", "/api/v1/admin/audit?action=datasource.secret_echo", server_->env().admin_key);
  EXPECT_EQ(audit.raw.find(password_), std::string::npos) << "the audit row is scrubbed";
  EXPECT_NE(audit.raw.find("guess2"), std::string::npos) << "and keeps the rest of the text";
  // The reads' own audit rows record the query, with the guessed password taken out.
  Answer reads =
      Call("GET", "/api/v1/admin/audit?action=datasource.read", server_->env().admin_key);
  ASSERT_EQ(reads.body["events"].size(), 3u) << reads.raw;
  EXPECT_EQ(reads.raw.find(password_), std::string::npos) << reads.raw;
  EXPECT_NE(reads.raw.find("guess4"), std::string::npos) << reads.raw;

  // A guess list without the password is answered as the database said it.
  Answer suspended = Read("orders", Json{{"query", "SELECT 1 AS n"}}, scientist_read_key_);
  EXPECT_EQ(suspended.status, 403) << suspended.raw;
  EXPECT_EQ(suspended.body["error"]["field"], "name");
  const std::string clear = "/api/v1/projects/fraud/datasources/orders/clear-suspension";
  EXPECT_EQ(Call("POST", clear, scientist_key_, Json{{"user", "sam"}}).status, 403);
  ASSERT_EQ(Call("POST", clear, owner_key_, Json{{"user", "sam"}}).status, 200);
  Answer again = Read("orders", Json{{"query", "SELECT 1 AS n"}}, scientist_read_key_);
  EXPECT_EQ(again.status, 200) << again.raw;
  Answer plain = Read("orders", Json{{"query", "SELECT ('guess1 guess2')::int"}}, scientist_key_);
  EXPECT_EQ(plain.status, 400);
  EXPECT_NE(plain.raw.find("guess1 guess2"), std::string::npos) << plain.raw;
}

}  // namespace
}  // namespace trib::testing
