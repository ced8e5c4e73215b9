// Master-key rotation through the whole service, on the real catalogs (SQLite, and PostgreSQL
// under tests/scripts/with_postgres.sh): a read from a password-protected PostgreSQL source
// after rotate-master-key; data sources created and updated from other threads while a
// rotation runs (their secrets are sealed by the request, outside any catalog transaction);
// and a crash at every rotation step, with a leftover temporary key file or a damaged staged
// key, followed by a restart. vault_rotation_test.cc covers the vault's steps on an in-memory
// catalog; here every check unseals the stored rows, never only `datasource show`.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "catalog_test_backends.h"
#include "common/random.h"
#include "connectors/builtin_types.h"
#include "pg_test_db.h"
#include "project_fixture.h"
#include "run_command.h"
#include "test_files.h"
#include "test_service.h"
#include "vault/envelope.h"
#include "vault/vault.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kProject = "rotation";

std::string KeyIdOf(const std::string& sealed) {
  auto envelope = ParseEnvelope(sealed);
  return envelope.ok() ? envelope->key_id : "<malformed>";
}

std::set<std::string> KeyIdsInCatalog(Catalog& catalog) {
  auto rows = catalog.ListSealedSecrets();
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  std::set<std::string> ids;
  if (rows.ok()) {
    for (const SealedSecretRow& row : *rows) ids.insert(KeyIdOf(row.sealed));
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// (a) A read from PostgreSQL with a stored password, before and after rotate-master-key.

class PgRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = PgTestDb::FromEnvironment();
    if (!db)
      GTEST_SKIP() << "TRIB_TEST_PG_URL is not set (run under tests/scripts/with_postgres.sh)";
    db_ = *db;
    server_ = std::make_unique<TestServer>();
    people_ = ProjectFixture::Build(server_->env());
    std::tie(role_, password_) = db_.NewRole("rotating");
  }

  Answer ReadCurrentUser(const std::string& key) {
    return server_->Post("/api/v1/projects/fraud/datasources/orders/read", key,
                         Json{{"query", "SELECT current_user AS who"}}, "text/csv");
  }

  PgTestDb db_;
  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
  std::string role_, password_;
};

TEST_F(PgRotationTest, ReadWithStoredPasswordWorksAfterRotationAndTheEnvelopeChangedKey) {
  Answer created = server_->Call("POST", "/api/v1/projects/fraud/datasources", people_.owner_key,
                                 Json{{"name", "orders"},
                                      {"type", "jdbc"},
                                      {"connection_string", db_.JdbcUrl()},
                                      {"arguments", {{"user", role_}, {"password", password_}}}});
  ASSERT_EQ(created.status, 201) << created.raw;
  const std::string expected = "who\r\n" + role_ + "\r\n";
  // Positive control: the password is needed (a wrong one is refused by the server).
  Answer before = ReadCurrentUser(people_.scientist_key);
  ASSERT_EQ(before.status, 200) << before.raw;
  ASSERT_EQ(before.raw, expected);

  Catalog& catalog = server_->env().service->catalog();
  auto rows_before = catalog.ListSealedSecrets();
  ASSERT_TRUE(rows_before.ok());
  ASSERT_EQ(rows_before->size(), 1u);
  const SealedSecretRow old_row = rows_before->front();
  EXPECT_EQ(old_row.pointer, "/arguments/password");
  const std::string old_key_id = KeyIdOf(old_row.sealed);

  Answer rotated =
      server_->Call("POST", "/api/v1/admin/rotate-master-key", server_->env().admin_key);
  ASSERT_EQ(rotated.status, 200) << rotated.raw;
  const std::string new_key_id = rotated.body["key_id"];
  EXPECT_NE(new_key_id, old_key_id);
  EXPECT_EQ(rotated.body["secrets"], 1);

  // The stored row: same source and field, a new key id, and it opens to the password in a
  // vault freshly opened on the key file (as after a restart).
  auto rows_after = catalog.ListSealedSecrets();
  ASSERT_TRUE(rows_after.ok());
  ASSERT_EQ(rows_after->size(), 1u);
  const SealedSecretRow& row = rows_after->front();
  EXPECT_EQ(row.datasource_id, old_row.datasource_id);
  EXPECT_EQ(row.pointer, old_row.pointer);
  EXPECT_EQ(KeyIdOf(row.sealed), new_key_id);
  EXPECT_NE(row.sealed, old_row.sealed);
  auto fresh = Vault::Open({.key_file = (server_->env().dir.path() / "master.key").string()});
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ((*fresh)->ActiveKeyId(), new_key_id);
  auto opened = (*fresh)->Unseal(row.sealed, SecretContext(row.datasource_id, row.pointer));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, password_);
  // The old envelope needs the old key, which is gone from disk.
  EXPECT_FALSE(
      (*fresh)->Unseal(old_row.sealed, SecretContext(row.datasource_id, row.pointer)).ok());

  // The running server reads with the re-wrapped password, for every member.
  for (const std::string& key : {people_.scientist_key, people_.owner_key}) {
    Answer after = ReadCurrentUser(key);
    ASSERT_EQ(after.status, 200) << after.raw;
    EXPECT_EQ(after.raw, expected);
  }
  // The CLI's rotation (the same route, as an operator runs it) moves the row on once more.
  ASSERT_TRUE(fs::exists(TribBinary())) << "the trib binary is not built";
  CommandResult cli =
      RunCommand(TribAs(server_->port(), server_->env().admin_key) + "admin rotate-master-key");
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  auto rows_cli = catalog.ListSealedSecrets();
  ASSERT_TRUE(rows_cli.ok());
  ASSERT_EQ(rows_cli->size(), 1u);
  const std::string cli_key_id = KeyIdOf(rows_cli->front().sealed);
  EXPECT_NE(cli_key_id, new_key_id);
  EXPECT_NE(cli.output.find(cli_key_id), std::string::npos) << cli.output;
  Answer after_cli = ReadCurrentUser(people_.scientist_key);
  ASSERT_EQ(after_cli.status, 200) << after_cli.raw;
  EXPECT_EQ(after_cli.raw, expected);

  // And the database really checks the password: a changed one fails the same read.
  db_.Exec("ALTER ROLE " + role_ + " PASSWORD 'changed-" + RandomHex(8) + "'");
  EXPECT_NE(ReadCurrentUser(people_.owner_key).status, 200);
}

// ---------------------------------------------------------------------------------------------
// A service on a data dir that can be stopped as by a crash and started again on the same
// catalog and key files.

// Delegates to the real catalog; data-source writes may be held at a gate so that a test
// decides when a secret sealed by a request reaches the catalog.
class GatedCatalog final : public Catalog {
 public:
  explicit GatedCatalog(std::unique_ptr<Catalog> inner) : inner_(std::move(inner)) {}
  std::function<void()> before_source_write;  // called outside any transaction

  Result<int> SchemaVersion() override { return inner_->SchemaVersion(); }
  Result<int64_t> CountUsers() override { return inner_->CountUsers(); }
  Status CreateUser(const User& u, const ApiKey& k, const AuditEvent& a) override {
    return inner_->CreateUser(u, k, a);
  }
  Result<User> FindUserByName(const std::string& n) override { return inner_->FindUserByName(n); }
  Result<std::vector<User>> ListUsers() override { return inner_->ListUsers(); }
  Status AddApiKey(const ApiKey& k, const AuditEvent& a) override {
    return inner_->AddApiKey(k, a);
  }
  Result<std::pair<ApiKey, User>> FindApiKey(const std::string& id) override {
    return inner_->FindApiKey(id);
  }
  Status CreateProject(const Project& p, const Member& m, const std::vector<DataSource>& d,
                       const AuditEvent& a) override {
    return inner_->CreateProject(p, m, d, a);
  }
  Result<Project> FindProjectByName(const std::string& n) override {
    return inner_->FindProjectByName(n);
  }
  Result<std::pair<Project, std::optional<ProjectRole>>> FindProjectAccess(
      const std::string& n, const std::string& u) override {
    return inner_->FindProjectAccess(n, u);
  }
  Result<std::vector<Project>> ListProjects(const std::string& u) override {
    return inner_->ListProjects(u);
  }
  Status AddMember(const Member& m, const AuditEvent& a) override {
    return inner_->AddMember(m, a);
  }
  Status RemoveMember(const std::string& p, const std::string& u, const AuditEvent& a) override {
    return inner_->RemoveMember(p, u, a);
  }
  Result<std::vector<Member>> ListMembers(const std::string& p) override {
    return inner_->ListMembers(p);
  }
  Result<std::optional<ProjectRole>> FindMemberRole(const std::string& p,
                                                    const std::string& u) override {
    return inner_->FindMemberRole(p, u);
  }
  Status CreateDataSource(const DataSource& s, const AuditEvent& a) override {
    if (before_source_write) before_source_write();
    return inner_->CreateDataSource(s, a);
  }
  Status UpdateDataSource(const DataSource& s, int64_t v, const AuditEvent& a) override {
    if (before_source_write) before_source_write();
    return inner_->UpdateDataSource(s, v, a);
  }
  Status DeleteDataSource(const std::string& p, const std::string& n,
                          const AuditEvent& a) override {
    return inner_->DeleteDataSource(p, n, a);
  }
  Result<DataSource> GetDataSource(const std::string& p, const std::string& n) override {
    return inner_->GetDataSource(p, n);
  }
  Result<std::vector<DataSource>> ListDataSources(const std::string& p) override {
    return inner_->ListDataSources(p);
  }
  Result<std::vector<SealedSecretRow>> ListSealedSecrets() override {
    return inner_->ListSealedSecrets();
  }
  Status ReplaceSealedSecrets(const std::vector<SealedSecretRow>& r, const AuditEvent& a) override {
    return inner_->ReplaceSealedSecrets(r, a);
  }
  Status CreateRoleMapping(const RoleMapping& m, const AuditEvent& a) override {
    return inner_->CreateRoleMapping(m, a);
  }
  Status DeleteRoleMapping(const std::string& id, const AuditEvent& a) override {
    return inner_->DeleteRoleMapping(id, a);
  }
  Result<std::vector<RoleMapping>> ListRoleMappings(const std::optional<std::string>& p,
                                                    const std::optional<ProjectRole>& r) override {
    return inner_->ListRoleMappings(p, r);
  }
  Result<std::optional<std::string>> GetSetting(const std::string& k) override {
    return inner_->GetSetting(k);
  }
  Status PutSetting(const std::string& k, const std::string& v, const AuditEvent& a) override {
    return inner_->PutSetting(k, v, a);
  }
  Status AppendAudit(const AuditEvent& e) override { return inner_->AppendAudit(e); }
  Result<std::vector<AuditEvent>> QueryAudit(const AuditQuery& q) override {
    return inner_->QueryAudit(q);
  }

 private:
  std::unique_ptr<Catalog> inner_;
};

class Deployment {
 public:
  explicit Deployment(std::string catalog_location) : location_(std::move(catalog_location)) {
    if (location_.empty()) location_ = "sqlite:" + (dir_.path() / "catalog.db").string();
    Start();
  }

  void Start() {
    auto vault = Vault::Open({.key_file = key_file().string()});
    if (!vault.ok()) throw std::runtime_error("vault: " + vault.status().ToString());
    auto catalog = OpenCatalog(location_);
    if (!catalog.ok()) throw std::runtime_error("catalog: " + catalog.status().ToString());
    vault_ = vault->get();
    auto gated = std::make_unique<GatedCatalog>(std::move(catalog).value());
    catalog_ = gated.get();
    TributaryOptions options;
    options.data_dir = dir_.path().string();
    service_ = std::make_unique<Tributary>(std::move(gated), std::move(vault).value(),
                                           BuiltinTypes(), options);
    if (admin_key_.empty()) {
      auto key = service_->BootstrapAdmin();
      if (!key.ok() || !*key) throw std::runtime_error("bootstrap failed");
      admin_key_ = **key;
    }
    auto admin = service_->Authenticate(admin_key_);
    if (!admin.ok()) throw std::runtime_error("admin key: " + admin.status().ToString());
    admin_ = *admin;
  }
  // Drops the service without any shutdown step, as a crash would.
  void Crash() {
    service_.reset();
    vault_ = nullptr;
    catalog_ = nullptr;
  }
  void Restart() {
    Crash();
    Start();
  }

  fs::path key_file() const { return dir_.path() / "master.key"; }
  const fs::path& dir() const { return dir_.path(); }
  Tributary& service() { return *service_; }
  Vault& vault() { return *vault_; }
  GatedCatalog& catalog() { return *catalog_; }
  const Principal& admin() const { return admin_; }
  AuditEvent RotationEvent() const {
    return AuditEvent{0, 0, admin_.user.name, "vault.rotate", "", "master-key", "{}"};
  }

 private:
  TempDir dir_;
  std::string location_;
  std::string admin_key_;
  Principal admin_;
  std::unique_ptr<Tributary> service_;
  Vault* vault_ = nullptr;
  GatedCatalog* catalog_ = nullptr;
};

// The data sources a test made, each with the password it last stored.
class StoredPasswords {
 public:
  explicit StoredPasswords(std::string project) : project_(std::move(project)) {}

  static Json Definition(const std::string& name, const std::string& password) {
    return Json{{"name", name},
                {"type", "jdbc"},
                {"connection_string", "jdbc:postgresql://127.0.0.1:1/db"},
                {"arguments", {{"user", "reader"}, {"password", password}}}};
  }
  Status Create(Tributary& service, const Principal& caller, const std::string& name) {
    const std::string password = "pw-" + RandomToken(18);
    auto created = service.CreateDataSource(caller, project_, Definition(name, password));
    if (created.ok()) Remember(name, password);
    return created.ok() ? Status::Ok() : created.status();
  }
  Status Update(Tributary& service, const Principal& caller, const std::string& name) {
    auto current = service.GetDataSource(caller, project_, name);
    if (!current.ok()) return current.status();
    const std::string password = "pw-" + RandomToken(18);
    Json body = Definition(name, password);
    body["version"] = (*current)["version"];
    auto updated = service.UpdateDataSource(caller, project_, name, body);
    if (updated.ok()) Remember(name, password);
    return updated.ok() ? Status::Ok() : updated.status();
  }
  // Every source's stored password opens, in `service`, to the one last stored.
  void ExpectEveryPasswordOpens(Tributary& service, const Principal& caller) {
    std::lock_guard lock(mu_);
    ASSERT_FALSE(passwords_.empty());
    for (const auto& [name, password] : passwords_) {
      auto resolved = service.ResolveDataSource(caller, project_, name);
      ASSERT_TRUE(resolved.ok()) << name << ": " << resolved.status().ToString();
      EXPECT_EQ(resolved->secrets["/arguments/password"], password) << name;
    }
  }
  size_t size() {
    std::lock_guard lock(mu_);
    return passwords_.size();
  }

 private:
  void Remember(const std::string& name, const std::string& password) {
    std::lock_guard lock(mu_);
    passwords_[name] = password;
  }
  std::string project_;
  std::mutex mu_;
  std::map<std::string, std::string> passwords_;
};

// A catalog location on `backend` ("sqlite": a file in the deployment's dir; "postgres": a new
// database on the server of tests/scripts/with_postgres.sh, dropped by `pg` at the end), or
// nullopt when that server is not there.
std::optional<std::string> CatalogLocation(const std::string& backend,
                                           std::unique_ptr<PostgresBackend>& pg) {
  if (backend == "sqlite") return std::string();
  if (PgTestUrl().empty()) return std::nullopt;
  pg = std::make_unique<PostgresBackend>(PgTestUrl());
  auto made = pg->NewLocation();
  if (!made.ok()) throw std::runtime_error("catalog database: " + made.status().ToString());
  return *made;
}

const std::vector<std::string> kBackends = {"sqlite", "postgres"};

// ---------------------------------------------------------------------------------------------
// (b) Seals outside the catalog lock, racing the rotation.

class RotationRaceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto location = CatalogLocation(GetParam(), pg_);
    if (!location) GTEST_SKIP() << kPgUrlVariable << " is not set (run under with_postgres.sh)";
    deployment_ = std::make_unique<Deployment>(*location);
    auto project = deployment_->service().CreateProject(admin(), Json{{"name", kProject}});
    ASSERT_TRUE(project.ok()) << project.status().ToString();
  }
  Tributary& service() { return deployment_->service(); }
  const Principal& admin() { return deployment_->admin(); }

  std::unique_ptr<PostgresBackend> pg_;
  std::unique_ptr<Deployment> deployment_;
  StoredPasswords stored_{kProject};
};

// A create and an update seal their passwords under the old key, then stall before their
// catalog write until the rotation has committed its main transaction: the rotation must catch
// them in a follow-up pass, so that the old key can go.
TEST_P(RotationRaceTest, SecretsSealedBeforeTheRotationAndStoredAfterItsCommitAreRewrapped) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(stored_.Create(service(), admin(), "s" + std::to_string(i)).ok());
  const std::string old_key = deployment_->vault().ActiveKeyId();

  std::mutex mu;
  std::condition_variable cv;
  int waiting = 0;
  bool open = false;
  deployment_->catalog().before_source_write = [&] {
    std::unique_lock lock(mu);
    ++waiting;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
  };
  Status created, updated;
  std::thread creator([&] { created = stored_.Create(service(), admin(), "late_new"); });
  std::thread updater([&] { updated = stored_.Update(service(), admin(), "s1"); });
  const auto release = [&] {
    {
      std::lock_guard lock(mu);
      open = true;
    }
    cv.notify_all();
    if (creator.joinable()) creator.join();
    if (updater.joinable()) updater.join();
  };
  bool both_waiting = false;
  {
    std::unique_lock lock(mu);
    both_waiting = cv.wait_for(lock, std::chrono::seconds(30), [&] { return waiting == 2; });
  }
  if (!both_waiting) release();
  ASSERT_TRUE(both_waiting) << "the writers did not reach the catalog";
  // Both have sealed (under the old key) and wait at the catalog.
  std::vector<std::string> steps;
  Status rotated = deployment_->vault().RotateMasterKey(
      deployment_->catalog(), deployment_->RotationEvent(), [&](std::string_view step) {
        steps.emplace_back(step);
        if (step == "committed") release();  // the writes land after the main commit
        return Status::Ok();
      });
  release();
  deployment_->catalog().before_source_write = nullptr;
  ASSERT_TRUE(rotated.ok()) << rotated.ToString();
  ASSERT_TRUE(created.ok()) << created.ToString();
  ASSERT_TRUE(updated.ok()) << updated.ToString();
  EXPECT_EQ(steps,
            (std::vector<std::string>{"new_key_written", "rewrapped", "committed", "installed"}));

  const std::string new_key = deployment_->vault().ActiveKeyId();
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(KeyIdsInCatalog(deployment_->catalog()), std::set<std::string>{new_key});
  AuditQuery late;
  late.action = "vault.rotate";
  late.limit = 100;
  auto events = deployment_->catalog().QueryAudit(late);
  ASSERT_TRUE(events.ok());
  bool caught_late = false;
  for (const AuditEvent& e : *events)
    caught_late |= e.detail.find("rewrap_late") != std::string::npos;
  EXPECT_TRUE(caught_late) << "the late writes were not re-wrapped by a follow-up pass";

  stored_.ExpectEveryPasswordOpens(service(), admin());
  deployment_->Restart();
  stored_.ExpectEveryPasswordOpens(service(), admin());
}

// Writers on other threads create and update sources through the service (each request seals
// before its own catalog transaction) while the main thread rotates several times.
TEST_P(RotationRaceTest, WritersOnOtherThreadsDuringRotationsKeepEverySecretReadable) {
  // Each writer updates only its own two sources, so that no update is refused as stale.
  const auto base = [](int writer, int i) {
    return "base" + std::to_string(writer) + "_" + std::to_string(i % 2);
  };
  for (int t = 0; t < 2; ++t) {
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(stored_.Create(service(), admin(), base(t, i)).ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> writes{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 500 && !stop.load(); ++i) {
        const std::string name = "w" + std::to_string(t) + "_" + std::to_string(i);
        if (!stored_.Create(service(), admin(), name).ok()) ++failures;
        if (!stored_.Update(service(), admin(), base(t, i)).ok()) ++failures;
        writes += 2;
      }
    });
  }
  // Each rotation starts while the writers are busy (they have made progress since the last).
  for (int r = 0; r < 3; ++r) {
    const int seen = writes.load();
    for (int wait = 0; wait < 3000 && writes.load() < seen + 10; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto rotated = service().RotateMasterKey(admin());
    EXPECT_TRUE(rotated.ok()) << rotated.status().ToString();
  }
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(stored_.size(), 10u);
  stored_.ExpectEveryPasswordOpens(service(), admin());
  // One more rotation with no writer left: afterwards only the newest key wraps anything.
  ASSERT_TRUE(service().RotateMasterKey(admin()).ok());
  EXPECT_EQ(KeyIdsInCatalog(deployment_->catalog()),
            std::set<std::string>{deployment_->vault().ActiveKeyId()});
  deployment_->Restart();
  stored_.ExpectEveryPasswordOpens(service(), admin());
}

INSTANTIATE_TEST_SUITE_P(Catalogs, RotationRaceTest, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return info.param; });

// ---------------------------------------------------------------------------------------------
// (c) A crash inside a rotation step on the real catalogs, then a restart.

struct CrashCase {
  std::string backend;  // "sqlite" | "postgres"
  std::string step;     // the rotation step at which the process dies
};

void PrintTo(const CrashCase& c, std::ostream* out) { *out << c.backend << "/" << c.step; }

std::string CaseName(const ::testing::TestParamInfo<CrashCase>& info) {
  return info.param.backend + "_" + info.param.step;
}

class RotationCrashOnCatalogTest : public ::testing::TestWithParam<CrashCase> {
 protected:
  void SetUp() override {
    auto location = CatalogLocation(GetParam().backend, pg_);
    if (!location) GTEST_SKIP() << kPgUrlVariable << " is not set (run under with_postgres.sh)";
    deployment_ = std::make_unique<Deployment>(*location);
    auto project = deployment_->service().CreateProject(admin(), Json{{"name", kProject}});
    ASSERT_TRUE(project.ok()) << project.status().ToString();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(stored_.Create(service(), admin(), "s" + std::to_string(i)).ok());
    }
  }
  Tributary& service() { return deployment_->service(); }
  const Principal& admin() { return deployment_->admin(); }
  fs::path NextFile() const { return deployment_->dir() / "master.key.next"; }

  // Runs a rotation that dies at `step`, leaving what a crash there leaves.
  void RotateAndCrashAt(const std::string& step) {
    Status rotated = deployment_->vault().RotateMasterKey(
        deployment_->catalog(), deployment_->RotationEvent(), [&](std::string_view at) {
          return at == step ? Status::Internal("simulated crash") : Status::Ok();
        });
    ASSERT_EQ(rotated.code(), StatusCode::kInternal) << rotated.ToString();
    deployment_->Crash();
  }

  std::unique_ptr<PostgresBackend> pg_;
  std::unique_ptr<Deployment> deployment_;
  StoredPasswords stored_{kProject};
};

TEST_P(RotationCrashOnCatalogTest, EverySecretOpensAfterRestartAndTheNextRotationFinishes) {
  const std::string step = GetParam().step;
  RotateAndCrashAt(step);
  // A key file being written when the process died: a half-written temporary beside it.
  {
    std::ofstream torn(deployment_->dir() / "master.key.next.tmp-0badc0de");
    torn << "trib-master-key v1 0123456789abcdef AAAA";
  }
  EXPECT_EQ(fs::exists(NextFile()), step != "installed");

  deployment_->Start();
  stored_.ExpectEveryPasswordOpens(service(), admin());
  // The restarted server seals new secrets, under the staged key when there is one.
  ASSERT_TRUE(stored_.Create(service(), admin(), "after_crash").ok());
  ASSERT_TRUE(stored_.Update(service(), admin(), "s0").ok());
  stored_.ExpectEveryPasswordOpens(service(), admin());

  auto rotated = service().RotateMasterKey(admin());
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_EQ((*rotated)["secrets"], 6);  // five sources and the one made after the crash
  EXPECT_FALSE(fs::exists(NextFile()));
  EXPECT_EQ(KeyIdsInCatalog(deployment_->catalog()),
            std::set<std::string>{deployment_->vault().ActiveKeyId()});
  deployment_->Restart();
  stored_.ExpectEveryPasswordOpens(service(), admin());
}

// A staged key file that cannot be read (damaged on disk) stops the start with a message that
// names it, rather than starting without a key that may wrap secrets; before the rotation's
// commit nothing is wrapped by it, so once the operator removes it every secret opens.
class DamagedStagedKeyTest : public RotationCrashOnCatalogTest {};

TEST_P(DamagedStagedKeyTest, StopsTheStartNamingTheFileAndNoSecretIsLost) {
  RotateAndCrashAt(GetParam().step);
  const std::string whole = ReadAll(NextFile());
  ASSERT_FALSE(whole.empty());
  fs::resize_file(NextFile(), whole.size() / 2);

  auto vault = Vault::Open({.key_file = deployment_->key_file().string()});
  ASSERT_FALSE(vault.ok());
  EXPECT_EQ(vault.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(vault.status().message().find("master.key.next"), std::string::npos)
      << vault.status().ToString();
  EXPECT_EQ(vault.status().message().find(whole.substr(whole.rfind(' ') + 1, 12)),
            std::string::npos)
      << "the message shows key material";

  fs::remove(NextFile());
  deployment_->Start();
  stored_.ExpectEveryPasswordOpens(service(), admin());
  ASSERT_TRUE(service().RotateMasterKey(admin()).ok());
  deployment_->Restart();
  stored_.ExpectEveryPasswordOpens(service(), admin());
}

std::vector<CrashCase> CrashCases(const std::vector<std::string>& steps) {
  std::vector<CrashCase> cases;
  for (const std::string& backend : kBackends) {
    for (const std::string& step : steps) cases.push_back({backend, step});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryStep, RotationCrashOnCatalogTest,
                         ::testing::ValuesIn(CrashCases({"new_key_written", "rewrapped",
                                                         "committed", "installed"})),
                         CaseName);
// After the commit the staged key wraps secrets: losing it then is data loss, which no start-up
// check can undo, so only the steps before it are cases here.
INSTANTIATE_TEST_SUITE_P(BeforeTheCommit, DamagedStagedKeyTest,
                         ::testing::ValuesIn(CrashCases({"new_key_written", "rewrapped"})),
                         CaseName);

}  // namespace
}  // namespace trib::testing
