// One behavioural suite for every catalog backend (SQLite file, PostgreSQL server).
#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/migrations.h"
#include "catalog_test_backends.h"
#include "common/random.h"

namespace trib {
namespace {

using testing::CatalogBackend;
using testing::PostgresBackend;
using testing::SqliteBackend;

class CatalogSuiteTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const std::string url = testing::PgTestUrl();
      if (url.empty()) {
        GTEST_SKIP() << testing::kPgUrlVariable
                     << " is not set: run the tests under tests/scripts/with_postgres.sh to "
                        "include the PostgreSQL backend";
      }
      backend_ = std::make_unique<PostgresBackend>(url);
    } else {
      backend_ = std::make_unique<SqliteBackend>();
    }
    Result<std::string> location = backend_->NewLocation();
    ASSERT_TRUE(location.ok()) << location.status().ToString();
    location_ = *location;
    catalog_ = Open(location_);
    ASSERT_NE(catalog_, nullptr);
  }

  void TearDown() override {
    catalog_.reset();
    backend_.reset();
  }

  static std::unique_ptr<Catalog> Open(const std::string& location) {
    Result<std::unique_ptr<Catalog>> catalog = OpenCatalog(location);
    EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
    return catalog.ok() ? std::move(catalog).value() : nullptr;
  }

  std::unique_ptr<SqlConnection> Raw(const std::string& location) {
    Result<std::unique_ptr<SqlConnection>> connection = backend_->Connect(location);
    EXPECT_TRUE(connection.ok()) << connection.status().ToString();
    return connection.ok() ? std::move(connection).value() : nullptr;
  }

  int64_t CountRows(SqlConnection& connection, const std::string& table) {
    Result<SqlRows> rows = connection.Exec("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? IntAt(rows->rows.at(0), 0) : -1;
  }

  int64_t Tick() { return now_ += 1000; }

  AuditEvent Audit(std::string action, std::string project = "", std::string target = "",
                   std::string actor = "alice") {
    AuditEvent event;
    event.ts_ms = Tick();
    event.actor = std::move(actor);
    event.action = std::move(action);
    event.project = std::move(project);
    event.target = std::move(target);
    event.detail = R"({"why":"test"})";
    return event;
  }

  std::vector<AuditEvent> AuditOf(const std::string& action) {
    AuditQuery query;
    query.action = action;
    Result<std::vector<AuditEvent>> events = catalog_->QueryAudit(query);
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    return events.ok() ? *events : std::vector<AuditEvent>{};
  }

  User CreateUser(const std::string& name, bool admin = false) {
    User user{RandomHex(), name, admin, Tick()};
    ApiKey key{RandomHex(), user.id, RandomHex(), RandomHex(32), {"all"}, Tick()};
    Status status = catalog_->CreateUser(user, key, Audit("user.create", "", name));
    EXPECT_TRUE(status.ok()) << status.ToString();
    return user;
  }

  DataSource Source(const std::string& project_id, const std::string& name,
                    bool with_secret = true) {
    DataSource source;
    source.id = RandomHex();
    source.project_id = project_id;
    source.name = name;
    source.type = "jdbc";
    source.description = "orders database";
    source.config = Json::parse(
        R"({"url":"jdbc:postgresql://db:5432/orders","user":"reader","arguments":{"sslmode":"require","fetch":500}})");
    if (with_secret) source.sealed_secrets["/password"] = "sealed:" + RandomToken();
    source.created_ms = Tick();
    source.updated_ms = source.created_ms;
    source.created_by = "alice";
    return source;
  }

  std::vector<DataSource> Defaults(const std::string& project) {
    std::vector<DataSource> defaults = {Source("", project + "_onlinefeaturestore"),
                                        Source("", project + "_Training_Datasets", false),
                                        Source("", project + "_offline", false)};
    defaults[0].sealed_secrets["/arguments/password"] = "sealed:" + RandomToken();
    return defaults;
  }

  Project CreateProject(const std::string& name, const User& owner) {
    Project project{RandomHex(), name, "a project", owner.name, Tick()};
    Member first{project.id, owner.id, "", ProjectRole::kDataOwner, Tick()};
    Status status =
        catalog_->CreateProject(project, first, Defaults(name), Audit("project.create", name));
    EXPECT_TRUE(status.ok()) << status.ToString();
    return project;
  }

  std::unique_ptr<CatalogBackend> backend_;
  std::string location_;
  std::unique_ptr<Catalog> catalog_;
  int64_t now_ = 1'700'000'000'000;
};

// --- migrations

TEST_P(CatalogSuiteTest, OpenAppliesEveryMigrationOnceAndReopeningChangesNothing) {
  Result<int> version = catalog_->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, LatestSchemaVersion());
  const User alice = CreateUser("alice");

  catalog_ = Open(location_);
  ASSERT_NE(catalog_, nullptr);
  version = catalog_->SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, LatestSchemaVersion());
  Result<User> found = catalog_->FindUserByName("alice");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, alice.id);

  auto raw = Raw(location_);
  ASSERT_NE(raw, nullptr);
  Result<SqlRows> rows = raw->Exec("SELECT version FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->rows.size(), CatalogMigrations().size());
  for (size_t i = 0; i < rows->rows.size(); ++i) {
    EXPECT_EQ(IntAt(rows->rows[i], 0), CatalogMigrations()[i].version);
  }
}

TEST_P(CatalogSuiteTest, MigrationRunnerAppliesOnlyPendingStepsAndRollsBackAFailedOne) {
  Result<std::string> fresh = backend_->NewLocation();
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  auto raw = Raw(*fresh);
  ASSERT_NE(raw, nullptr);
  const Migration one{1, "one", {"CREATE TABLE t1 (id {{TEXT}} PRIMARY KEY)"}};
  const Migration two{2, "two", {"CREATE TABLE t2 (n INTEGER)", "INSERT INTO t2 (n) VALUES (7)"}};
  const Migration broken{3, "three", {"CREATE TABLE t3 (n INTEGER)", "THIS IS NOT SQL"}};
  const Clock clock = [] { return int64_t{42}; };

  ASSERT_TRUE(ApplyMigrations(*raw, {one}, clock).ok());
  EXPECT_EQ(AppliedSchemaVersion(*raw).value(), 1);
  ASSERT_TRUE(ApplyMigrations(*raw, {one, two}, clock).ok());
  ASSERT_TRUE(ApplyMigrations(*raw, {one, two}, clock).ok());
  EXPECT_EQ(AppliedSchemaVersion(*raw).value(), 2);
  EXPECT_EQ(CountRows(*raw, "t2"), 1) << "migration 2 ran twice";
  Result<SqlRows> stamps = raw->Exec("SELECT applied_ms FROM schema_migrations");
  ASSERT_TRUE(stamps.ok());
  for (const SqlRow& row : stamps->rows) EXPECT_EQ(IntAt(row, 0), 42);

  Status failed = ApplyMigrations(*raw, {one, two, broken}, clock);
  EXPECT_EQ(failed.code(), StatusCode::kInternal);
  EXPECT_NE(failed.message().find("schema migration 3"), std::string::npos) << failed.ToString();
  EXPECT_EQ(AppliedSchemaVersion(*raw).value(), 2);
  EXPECT_FALSE(raw->Exec("SELECT COUNT(*) FROM t3").ok()) << "half of migration 3 stayed";

  // A database newer than the code is refused, not silently used.
  Status older = ApplyMigrations(*raw, {one}, clock);
  EXPECT_EQ(older.code(), StatusCode::kFailedPrecondition) << older.ToString();
}

TEST_P(CatalogSuiteTest, OpeningASchemaNewerThanTheServerFails) {
  auto raw = Raw(location_);
  ASSERT_NE(raw, nullptr);
  ASSERT_TRUE(
      raw->Exec("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
                {int64_t{LatestSchemaVersion() + 1}, std::string("future"), int64_t{0}})
          .ok());
  Result<std::unique_ptr<Catalog>> reopened = OpenCatalog(location_);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(CatalogSuiteTest, ServersStartingTogetherApplyEachMigrationOnce) {
  Result<std::string> fresh = backend_->NewLocation();
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  constexpr int kServers = 4;
  std::vector<Status> results(kServers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      Result<std::unique_ptr<Catalog>> catalog = OpenCatalog(*fresh);
      results[i] = catalog.status();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Status& status : results) EXPECT_TRUE(status.ok()) << status.ToString();
  auto raw = Raw(*fresh);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(CountRows(*raw, "schema_migrations"), static_cast<int64_t>(CatalogMigrations().size()));
}

// --- users and keys

TEST_P(CatalogSuiteTest, UsersAndApiKeysRoundTrip) {
  EXPECT_EQ(catalog_->CountUsers().value(), 0);
  User bob{RandomHex(), "bob", true, Tick()};
  ApiKey key{RandomHex(), bob.id, RandomHex(), RandomHex(32), {"project", "datasource.read"},
             Tick()};
  ASSERT_TRUE(catalog_->CreateUser(bob, key, Audit("user.create", "", "bob")).ok());
  CreateUser("alice");
  EXPECT_EQ(catalog_->CountUsers().value(), 2);

  Result<User> found = catalog_->FindUserByName("bob");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, bob.id);
  EXPECT_TRUE(found->is_admin);
  EXPECT_EQ(found->created_ms, bob.created_ms);
  EXPECT_EQ(catalog_->FindUserByName("carol").status().code(), StatusCode::kNotFound);

  Result<std::vector<User>> users = catalog_->ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "alice");
  EXPECT_FALSE((*users)[0].is_admin);
  EXPECT_EQ((*users)[1].name, "bob");

  Result<std::pair<ApiKey, User>> by_key = catalog_->FindApiKey(key.id);
  ASSERT_TRUE(by_key.ok()) << by_key.status().ToString();
  EXPECT_EQ(by_key->first.user_id, bob.id);
  EXPECT_EQ(by_key->first.salt, key.salt);
  EXPECT_EQ(by_key->first.hash, key.hash);
  EXPECT_EQ(by_key->first.scopes, key.scopes);
  EXPECT_EQ(by_key->first.created_ms, key.created_ms);
  EXPECT_EQ(by_key->second.name, "bob");

  ApiKey second{RandomHex(), bob.id, RandomHex(), RandomHex(32), {}, Tick()};
  ASSERT_TRUE(catalog_->AddApiKey(second, Audit("apikey.create", "", "bob")).ok());
  Result<std::pair<ApiKey, User>> second_found = catalog_->FindApiKey(second.id);
  ASSERT_TRUE(second_found.ok());
  EXPECT_TRUE(second_found->first.scopes.empty());
  EXPECT_EQ(catalog_->FindApiKey(RandomHex()).status().code(), StatusCode::kNotFound);

  ApiKey orphan{RandomHex(), RandomHex(), RandomHex(), RandomHex(32), {}, Tick()};
  EXPECT_EQ(catalog_->AddApiKey(orphan, Audit("apikey.create")).code(), StatusCode::kNotFound);
  EXPECT_EQ(AuditOf("user.create").size(), 2u);
  EXPECT_EQ(AuditOf("apikey.create").size(), 1u) << "a failed change left an audit event";
}

TEST_P(CatalogSuiteTest, TakenUserNameIsAlreadyExistsAndStoresNothing) {
  CreateUser("alice");
  User again{RandomHex(), "alice", false, Tick()};
  ApiKey key{RandomHex(), again.id, RandomHex(), RandomHex(32), {}, Tick()};
  Status status = catalog_->CreateUser(again, key, Audit("user.create", "", "alice-again"));
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(status.field(), "name");
  EXPECT_EQ(catalog_->FindApiKey(key.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->CountUsers().value(), 1);
  EXPECT_EQ(AuditOf("user.create").size(), 1u);
}

// --- projects and members

TEST_P(CatalogSuiteTest, CreateProjectStoresOwnerDefaultSourcesAndAudit) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);

  Result<Project> found = catalog_->FindProjectByName("fraud");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, project.id);
  EXPECT_EQ(found->description, "a project");
  EXPECT_EQ(found->created_by, "alice");
  EXPECT_EQ(found->created_ms, project.created_ms);

  Result<std::vector<Member>> members = catalog_->ListMembers(project.id);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].user_id, alice.id);
  EXPECT_EQ((*members)[0].user_name, "alice");
  EXPECT_EQ((*members)[0].role, ProjectRole::kDataOwner);

  Result<std::vector<DataSource>> sources = catalog_->ListDataSources(project.id);
  ASSERT_TRUE(sources.ok()) << sources.status().ToString();
  ASSERT_EQ(sources->size(), 3u);
  // Byte order on both backends: upper case sorts first.
  EXPECT_EQ((*sources)[0].name, "fraud_Training_Datasets");
  EXPECT_EQ((*sources)[1].name, "fraud_offline");
  EXPECT_EQ((*sources)[2].name, "fraud_onlinefeaturestore");
  for (const DataSource& source : *sources) {
    EXPECT_TRUE(source.is_default) << source.name;
    EXPECT_EQ(source.project_id, project.id);
    EXPECT_EQ(source.version, 1);
  }
  EXPECT_EQ((*sources)[2].sealed_secrets.size(), 2u);
  EXPECT_EQ(catalog_->ListSealedSecrets().value().size(), 2u);

  std::vector<AuditEvent> events = AuditOf("project.create");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].project, "fraud");
  EXPECT_GT(events[0].id, 0);
}

TEST_P(CatalogSuiteTest, CreateProjectIsAllOrNothing) {
  const User alice = CreateUser("alice");
  Project project{RandomHex(), "fraud", "", "alice", Tick()};
  std::vector<DataSource> defaults = Defaults("fraud");
  defaults.push_back(Source("", "fraud_offline"));  // the same name twice
  Status status =
      catalog_->CreateProject(project, {project.id, alice.id, "", ProjectRole::kDataOwner, Tick()},
                              defaults, Audit("project.create", "fraud"));
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists) << status.ToString();
  EXPECT_EQ(status.field(), "name");

  EXPECT_EQ(catalog_->FindProjectByName("fraud").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(catalog_->ListMembers(project.id).value().empty());
  EXPECT_TRUE(catalog_->ListDataSources(project.id).value().empty());
  EXPECT_TRUE(catalog_->ListSealedSecrets().value().empty());
  EXPECT_TRUE(catalog_->ListProjects(alice.id).value().empty());
  EXPECT_TRUE(AuditOf("project.create").empty());

  // The name is still free.
  CreateProject("fraud", alice);
  EXPECT_TRUE(catalog_->FindProjectByName("fraud").ok());
}

TEST_P(CatalogSuiteTest, TakenProjectNameIsAlreadyExists) {
  const User alice = CreateUser("alice");
  CreateProject("fraud", alice);
  Project again{RandomHex(), "fraud", "", "alice", Tick()};
  Status status =
      catalog_->CreateProject(again, {again.id, alice.id, "", ProjectRole::kDataOwner, Tick()}, {},
                              Audit("project.create", "fraud"));
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(status.field(), "name");
  EXPECT_EQ(catalog_->ListProjects("").value().size(), 1u);
  EXPECT_EQ(AuditOf("project.create").size(), 1u);
}

TEST_P(CatalogSuiteTest, ListProjectsAllOrThoseOfAMember) {
  const User alice = CreateUser("alice");
  const User bob = CreateUser("bob");
  const User carol = CreateUser("carol");
  CreateProject("zeta", alice);
  const Project alpha = CreateProject("alpha", bob);
  CreateProject("mid", bob);
  ASSERT_TRUE(catalog_
                  ->AddMember({alpha.id, alice.id, "", ProjectRole::kDataScientist, Tick()},
                              Audit("member.add", "alpha"))
                  .ok());

  auto names = [](const std::vector<Project>& projects) {
    std::vector<std::string> out;
    for (const Project& project : projects) out.push_back(project.name);
    return out;
  };
  EXPECT_EQ(names(catalog_->ListProjects("").value()),
            (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_EQ(names(catalog_->ListProjects(alice.id).value()),
            (std::vector<std::string>{"alpha", "zeta"}));
  EXPECT_EQ(names(catalog_->ListProjects(bob.id).value()),
            (std::vector<std::string>{"alpha", "mid"}));
  EXPECT_TRUE(catalog_->ListProjects(carol.id).value().empty());
}

TEST_P(CatalogSuiteTest, MembersAreAddedWithARoleAndRemoved) {
  const User alice = CreateUser("alice");
  const User bob = CreateUser("bob");
  const Project project = CreateProject("fraud", alice);

  EXPECT_EQ(catalog_->FindMemberRole(project.id, bob.id).value(), std::nullopt);
  Member member{project.id, bob.id, "", ProjectRole::kDataScientist, Tick()};
  ASSERT_TRUE(catalog_->AddMember(member, Audit("member.add", "fraud", "bob")).ok());
  EXPECT_EQ(catalog_->FindMemberRole(project.id, bob.id).value(), ProjectRole::kDataScientist);
  EXPECT_EQ(catalog_->FindMemberRole(project.id, alice.id).value(), ProjectRole::kDataOwner);

  member.role = ProjectRole::kDataOwner;
  Status again = catalog_->AddMember(member, Audit("member.add", "fraud", "bob"));
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.field(), "user");
  EXPECT_EQ(catalog_->FindMemberRole(project.id, bob.id).value(), ProjectRole::kDataScientist);

  Member stranger{RandomHex(), bob.id, "", ProjectRole::kDataScientist, Tick()};
  EXPECT_EQ(catalog_->AddMember(stranger, Audit("member.add")).code(), StatusCode::kNotFound);
  Member ghost{project.id, RandomHex(), "", ProjectRole::kDataScientist, Tick()};
  EXPECT_EQ(catalog_->AddMember(ghost, Audit("member.add")).code(), StatusCode::kNotFound);

  Result<std::vector<Member>> members = catalog_->ListMembers(project.id);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[1].user_name, "bob");
  EXPECT_EQ((*members)[1].role, ProjectRole::kDataScientist);
  EXPECT_EQ((*members)[1].added_ms, member.added_ms);

  ASSERT_TRUE(catalog_->RemoveMember(project.id, bob.id, Audit("member.remove", "fraud")).ok());
  EXPECT_EQ(catalog_->FindMemberRole(project.id, bob.id).value(), std::nullopt);
  EXPECT_EQ(catalog_->RemoveMember(project.id, bob.id, Audit("member.remove", "fraud")).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditOf("member.add").size(), 1u);
  EXPECT_EQ(AuditOf("member.remove").size(), 1u);
}

// --- data sources

TEST_P(CatalogSuiteTest, DataSourceRoundTripsEveryField) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  DataSource source = Source(project.id, "orders");
  source.sealed_secrets["/arguments/token"] = "sealed:" + RandomToken();
  source.config["unicode"] = "Zürich ✓";
  ASSERT_TRUE(
      catalog_->CreateDataSource(source, Audit("datasource.create", "fraud", "orders")).ok());

  Result<DataSource> got = catalog_->GetDataSource(project.id, "orders");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, source.id);
  EXPECT_EQ(got->project_id, project.id);
  EXPECT_EQ(got->type, "jdbc");
  EXPECT_EQ(got->description, source.description);
  EXPECT_EQ(got->config, source.config);
  EXPECT_EQ(got->config.dump(), source.config.dump()) << "key order changed";
  EXPECT_EQ(got->sealed_secrets, source.sealed_secrets);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->created_ms, source.created_ms);
  EXPECT_EQ(got->updated_ms, source.updated_ms);
  EXPECT_EQ(got->created_by, "alice");
  EXPECT_FALSE(got->is_default);

  Result<std::vector<DataSource>> listed = catalog_->ListDataSources(project.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 4u);
  const DataSource& orders = listed->back();  // "orders" sorts after the "fraud_" defaults
  EXPECT_EQ(orders.name, "orders");
  EXPECT_EQ(orders.sealed_secrets, source.sealed_secrets);

  EXPECT_EQ(catalog_->GetDataSource(project.id, "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->GetDataSource(RandomHex(), "orders").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(AuditOf("datasource.create").size(), 1u);
}

TEST_P(CatalogSuiteTest, DataSourceNamesAreUniquePerProject) {
  const User alice = CreateUser("alice");
  const Project fraud = CreateProject("fraud", alice);
  const Project churn = CreateProject("churn", alice);
  ASSERT_TRUE(
      catalog_->CreateDataSource(Source(fraud.id, "orders"), Audit("datasource.create")).ok());
  ASSERT_TRUE(
      catalog_->CreateDataSource(Source(churn.id, "orders"), Audit("datasource.create")).ok());

  Status taken = catalog_->CreateDataSource(Source(fraud.id, "orders"), Audit("datasource.create"));
  EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(taken.field(), "name");
  Status orphan =
      catalog_->CreateDataSource(Source(RandomHex(), "orders"), Audit("datasource.create"));
  EXPECT_EQ(orphan.code(), StatusCode::kNotFound);
  EXPECT_EQ(AuditOf("datasource.create").size(), 2u);
  // Only the two stored ones (plus the default online stores) keep secrets.
  EXPECT_EQ(catalog_->ListSealedSecrets().value().size(), 2u + 2u + 2u);
}

TEST_P(CatalogSuiteTest, UpdateReplacesDefinitionAndTheWholeSetOfSecrets) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  DataSource source = Source(project.id, "orders");
  source.sealed_secrets["/arguments/token"] = "sealed:" + RandomToken();
  ASSERT_TRUE(catalog_->CreateDataSource(source, Audit("datasource.create")).ok());

  DataSource changed = source;
  changed.description = "orders, replica";
  changed.config = Json::parse(R"({"url":"jdbc:postgresql://replica:5432/orders"})");
  changed.sealed_secrets = {{"/password", "sealed:" + RandomToken()},
                            {"/arguments/key", "sealed:" + RandomToken()}};
  changed.updated_ms = Tick();
  changed.created_ms = 1;  // ignored: creation facts stay
  changed.created_by = "mallory";
  ASSERT_TRUE(
      catalog_->UpdateDataSource(changed, 1, Audit("datasource.update", "fraud", "orders")).ok());

  Result<DataSource> got = catalog_->GetDataSource(project.id, "orders");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->description, "orders, replica");
  EXPECT_EQ(got->config, changed.config);
  EXPECT_EQ(got->sealed_secrets, changed.sealed_secrets);
  EXPECT_EQ(got->updated_ms, changed.updated_ms);
  EXPECT_EQ(got->created_ms, source.created_ms);
  EXPECT_EQ(got->created_by, "alice");

  std::set<std::string> pointers;
  const std::vector<SealedSecretRow> stored = catalog_->ListSealedSecrets().value();
  for (const SealedSecretRow& row : stored) {
    if (row.datasource_id == source.id) pointers.insert(row.pointer);
  }
  EXPECT_EQ(pointers, (std::set<std::string>{"/arguments/key", "/password"}));

  // Dropping every secret is a replacement too.
  changed.sealed_secrets.clear();
  ASSERT_TRUE(catalog_->UpdateDataSource(changed, 2, Audit("datasource.update")).ok());
  EXPECT_TRUE(catalog_->GetDataSource(project.id, "orders").value().sealed_secrets.empty());
  EXPECT_EQ(catalog_->GetDataSource(project.id, "orders").value().version, 3);

  // Renaming works, and the id keeps the secrets' owner the same.
  changed.name = "orders_v2";
  ASSERT_TRUE(catalog_->UpdateDataSource(changed, 3, Audit("datasource.update")).ok());
  EXPECT_EQ(catalog_->GetDataSource(project.id, "orders_v2").value().id, source.id);
  EXPECT_EQ(AuditOf("datasource.update").size(), 3u);
}

TEST_P(CatalogSuiteTest, UpdateWithStaleVersionConflictsAndAbsentIsNotFound) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  DataSource source = Source(project.id, "orders");
  ASSERT_TRUE(catalog_->CreateDataSource(source, Audit("datasource.create")).ok());
  ASSERT_TRUE(catalog_->UpdateDataSource(source, 1, Audit("datasource.update")).ok());

  DataSource stale = source;
  stale.description = "stale";
  stale.sealed_secrets = {{"/password", "sealed:stale"}};
  Status conflict = catalog_->UpdateDataSource(stale, 1, Audit("datasource.update"));
  EXPECT_EQ(conflict.code(), StatusCode::kConflict) << conflict.ToString();
  EXPECT_EQ(conflict.field(), "version");
  Result<DataSource> got = catalog_->GetDataSource(project.id, "orders");
  EXPECT_EQ(got->description, source.description);
  EXPECT_EQ(got->sealed_secrets, source.sealed_secrets);
  EXPECT_EQ(got->version, 2);

  DataSource ghost = Source(project.id, "ghost");
  EXPECT_EQ(catalog_->UpdateDataSource(ghost, 1, Audit("datasource.update")).code(),
            StatusCode::kNotFound);
  ghost.id.clear();  // looked up by name instead
  EXPECT_EQ(catalog_->UpdateDataSource(ghost, 1, Audit("datasource.update")).code(),
            StatusCode::kNotFound);
  DataSource elsewhere = source;  // the right id under another project is not found
  elsewhere.project_id = RandomHex();
  EXPECT_EQ(catalog_->UpdateDataSource(elsewhere, 2, Audit("datasource.update")).code(),
            StatusCode::kNotFound);

  DataSource by_name = source;
  by_name.id.clear();
  by_name.description = "by name";
  ASSERT_TRUE(catalog_->UpdateDataSource(by_name, 2, Audit("datasource.update")).ok());
  EXPECT_EQ(catalog_->GetDataSource(project.id, "orders").value().description, "by name");
  EXPECT_EQ(AuditOf("datasource.update").size(), 2u);
}

TEST_P(CatalogSuiteTest, RenamingOntoATakenNameIsAlreadyExists) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  DataSource orders = Source(project.id, "orders");
  ASSERT_TRUE(catalog_->CreateDataSource(orders, Audit("datasource.create")).ok());
  ASSERT_TRUE(
      catalog_->CreateDataSource(Source(project.id, "users"), Audit("datasource.create")).ok());
  DataSource renamed = orders;
  renamed.name = "users";
  Status status = catalog_->UpdateDataSource(renamed, 1, Audit("datasource.update"));
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(status.field(), "name");
  EXPECT_EQ(catalog_->GetDataSource(project.id, "orders").value().version, 1);
}

TEST_P(CatalogSuiteTest, DeleteRemovesTheSourceAndItsSecrets) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  DataSource source = Source(project.id, "orders");
  ASSERT_TRUE(catalog_->CreateDataSource(source, Audit("datasource.create")).ok());
  const size_t secrets_before = catalog_->ListSealedSecrets().value().size();

  ASSERT_TRUE(catalog_->DeleteDataSource(project.id, "orders", Audit("datasource.delete")).ok());
  EXPECT_EQ(catalog_->GetDataSource(project.id, "orders").status().code(), StatusCode::kNotFound);
  const std::vector<SealedSecretRow> secrets = catalog_->ListSealedSecrets().value();
  EXPECT_EQ(secrets.size(), secrets_before - 1);
  for (const SealedSecretRow& row : secrets) EXPECT_NE(row.datasource_id, source.id);

  EXPECT_EQ(catalog_->DeleteDataSource(project.id, "orders", Audit("datasource.delete")).code(),
            StatusCode::kNotFound);
  // The catalog does not guard defaults; the service does.
  EXPECT_TRUE(
      catalog_->DeleteDataSource(project.id, "fraud_offline", Audit("datasource.delete")).ok());
  EXPECT_EQ(AuditOf("datasource.delete").size(), 2u);
}

TEST_P(CatalogSuiteTest, FindProjectAccessGivesTheRoleOrNone) {
  const User alice = CreateUser("alice");
  const User bob = CreateUser("bob");
  const Project project = CreateProject("fraud", alice);
  auto owner = catalog_->FindProjectAccess("fraud", alice.id);
  ASSERT_TRUE(owner.ok()) << owner.status().ToString();
  EXPECT_EQ(owner->first.id, project.id);
  EXPECT_EQ(owner->first.name, "fraud");
  EXPECT_EQ(owner->second, ProjectRole::kDataOwner);
  auto outsider = catalog_->FindProjectAccess("fraud", bob.id);
  ASSERT_TRUE(outsider.ok());
  EXPECT_EQ(outsider->first.id, project.id);
  EXPECT_FALSE(outsider->second.has_value());
  EXPECT_EQ(catalog_->FindProjectAccess("nosuch", alice.id).status().code(), StatusCode::kNotFound);
}

TEST_P(CatalogSuiteTest, ReplaceSealedSecretsNeverOverwritesAConcurrentUpdate) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  ASSERT_TRUE(
      catalog_->CreateDataSource(Source(project.id, "orders"), Audit("datasource.create")).ok());
  DataSource current = catalog_->GetDataSource(project.id, "orders").value();
  std::vector<SealedSecretRow> listed = catalog_->ListSealedSecrets().value();
  // The secret a concurrent update changes comes first; other sources' rows follow.
  std::stable_partition(listed.begin(), listed.end(), [&](const SealedSecretRow& row) {
    return row.datasource_id == current.id;
  });
  ASSERT_FALSE(listed.empty());
  ASSERT_EQ(listed[0].datasource_id, current.id);
  std::vector<SealedSecretRow> rewrapped = listed;
  for (SealedSecretRow& row : rewrapped) {
    row.expected_sealed = row.sealed;
    row.sealed = "sealed:rotated:" + RandomToken();
  }
  // An update stores a fresh envelope for one secret between the listing and the commit.
  const std::string fresh = "sealed:fresh:" + RandomToken();
  current.sealed_secrets.at(listed[0].pointer) = fresh;
  ASSERT_TRUE(
      catalog_->UpdateDataSource(current, current.version, Audit("datasource.update")).ok());

  ASSERT_TRUE(catalog_->ReplaceSealedSecrets(rewrapped, Audit("vault.rotate")).ok());
  const DataSource after = catalog_->GetDataSource(project.id, "orders").value();
  EXPECT_EQ(after.sealed_secrets.at(listed[0].pointer), fresh) << "rotation undid an update";
  for (size_t i = 1; i < rewrapped.size(); ++i) {
    if (rewrapped[i].datasource_id != after.id) continue;
    EXPECT_EQ(after.sealed_secrets.at(rewrapped[i].pointer), rewrapped[i].sealed);
  }
}

TEST_P(CatalogSuiteTest, ReplaceSealedSecretsIsAllOrNothing) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  ASSERT_TRUE(
      catalog_->CreateDataSource(Source(project.id, "orders"), Audit("datasource.create")).ok());
  const std::vector<SealedSecretRow> before = catalog_->ListSealedSecrets().value();
  ASSERT_EQ(before.size(), 3u);

  std::vector<SealedSecretRow> rewrapped = before;
  for (SealedSecretRow& row : rewrapped) row.sealed = "sealed:v2:" + RandomToken();
  std::vector<SealedSecretRow> with_missing = rewrapped;
  with_missing.push_back({RandomHex(), "/password", "sealed:v2:" + RandomToken()});
  EXPECT_EQ(catalog_->ReplaceSealedSecrets(with_missing, Audit("vault.rotate")).code(),
            StatusCode::kNotFound);
  const std::vector<SealedSecretRow> unchanged_rows = catalog_->ListSealedSecrets().value();
  EXPECT_EQ(unchanged_rows.size(), before.size());
  for (const SealedSecretRow& row : unchanged_rows) {
    bool unchanged = false;
    for (const SealedSecretRow& old : before) {
      unchanged |= old.datasource_id == row.datasource_id && old.pointer == row.pointer &&
                   old.sealed == row.sealed;
    }
    EXPECT_TRUE(unchanged) << "a secret changed although the batch failed";
  }
  EXPECT_TRUE(AuditOf("vault.rotate").empty());

  ASSERT_TRUE(catalog_->ReplaceSealedSecrets(rewrapped, Audit("vault.rotate")).ok());
  std::vector<SealedSecretRow> after = catalog_->ListSealedSecrets().value();
  ASSERT_EQ(after.size(), rewrapped.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].datasource_id, rewrapped[i].datasource_id);
    EXPECT_EQ(after[i].pointer, rewrapped[i].pointer);
    EXPECT_EQ(after[i].sealed, rewrapped[i].sealed);
  }
  EXPECT_EQ(catalog_->GetDataSource(project.id, "orders")
                .value()
                .sealed_secrets.at("/password")
                .rfind("sealed:v2:", 0),
            0u);
  EXPECT_EQ(AuditOf("vault.rotate").size(), 1u);
}

// --- role mappings, settings

TEST_P(CatalogSuiteTest, RoleMappingsFilterByProjectAndRole) {
  const User alice = CreateUser("alice");
  const Project fraud = CreateProject("fraud", alice);
  const Project churn = CreateProject("churn", alice);
  const std::string reader = "arn:aws:iam::123456789012:role/reader";
  const std::string writer = "arn:aws:iam::123456789012:role/writer";
  RoleMapping m1{RandomHex(), fraud.id, "", ProjectRole::kDataOwner, writer, true, Tick()};
  RoleMapping m2{RandomHex(), fraud.id, "", ProjectRole::kDataScientist, reader, true, Tick()};
  RoleMapping m3{RandomHex(), fraud.id, "", ProjectRole::kDataOwner, reader, false, Tick()};
  RoleMapping m4{RandomHex(), churn.id, "", ProjectRole::kDataScientist, reader, false, Tick()};
  for (const RoleMapping& mapping : {m1, m2, m3, m4}) {
    ASSERT_TRUE(catalog_->CreateRoleMapping(mapping, Audit("rolemapping.create")).ok());
  }
  RoleMapping duplicate = m1;
  duplicate.id = RandomHex();
  Status taken = catalog_->CreateRoleMapping(duplicate, Audit("rolemapping.create"));
  EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(taken.field(), "cloud_role");
  RoleMapping orphan = m1;
  orphan.id = RandomHex();
  orphan.project_id = RandomHex();
  EXPECT_EQ(catalog_->CreateRoleMapping(orphan, Audit("rolemapping.create")).code(),
            StatusCode::kNotFound);

  auto ids = [](const Result<std::vector<RoleMapping>>& mappings) {
    EXPECT_TRUE(mappings.ok()) << mappings.status().ToString();
    std::set<std::string> out;
    if (mappings.ok()) {
      for (const RoleMapping& mapping : *mappings) out.insert(mapping.id);
    }
    return out;
  };
  EXPECT_EQ(ids(catalog_->ListRoleMappings(std::nullopt, std::nullopt)),
            (std::set<std::string>{m1.id, m2.id, m3.id, m4.id}));
  EXPECT_EQ(ids(catalog_->ListRoleMappings(fraud.id, std::nullopt)),
            (std::set<std::string>{m1.id, m2.id, m3.id}));
  EXPECT_EQ(ids(catalog_->ListRoleMappings(fraud.id, ProjectRole::kDataOwner)),
            (std::set<std::string>{m1.id, m3.id}));
  EXPECT_EQ(ids(catalog_->ListRoleMappings(churn.id, ProjectRole::kDataOwner)),
            std::set<std::string>{});

  Result<std::vector<RoleMapping>> scientist =
      catalog_->ListRoleMappings(fraud.id, ProjectRole::kDataScientist);
  ASSERT_TRUE(scientist.ok());
  ASSERT_EQ(scientist->size(), 1u);
  EXPECT_EQ((*scientist)[0].project_name, "fraud");
  EXPECT_EQ((*scientist)[0].cloud_role, reader);
  EXPECT_TRUE((*scientist)[0].is_default);
  EXPECT_EQ((*scientist)[0].created_ms, m2.created_ms);

  ASSERT_TRUE(catalog_->DeleteRoleMapping(m1.id, Audit("rolemapping.delete")).ok());
  EXPECT_EQ(ids(catalog_->ListRoleMappings(fraud.id, ProjectRole::kDataOwner)),
            (std::set<std::string>{m3.id}));
  EXPECT_EQ(catalog_->DeleteRoleMapping(m1.id, Audit("rolemapping.delete")).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditOf("rolemapping.create").size(), 4u);
  EXPECT_EQ(AuditOf("rolemapping.delete").size(), 1u);
}

TEST_P(CatalogSuiteTest, SettingsAreStoredAndOverwritten) {
  EXPECT_EQ(catalog_->GetSetting("egress.allowlist").value(), std::nullopt);
  ASSERT_TRUE(catalog_->PutSetting("egress.allowlist", "10.0.0.0/8", Audit("setting.put")).ok());
  EXPECT_EQ(catalog_->GetSetting("egress.allowlist").value(), "10.0.0.0/8");
  ASSERT_TRUE(catalog_->PutSetting("egress.allowlist", "", Audit("setting.put")).ok());
  EXPECT_EQ(catalog_->GetSetting("egress.allowlist").value(), "");
  ASSERT_TRUE(
      catalog_->PutSetting("cluster.role", "arn:aws:iam::1:role/x", Audit("setting.put")).ok());
  EXPECT_EQ(catalog_->GetSetting("cluster.role").value(), "arn:aws:iam::1:role/x");
  EXPECT_EQ(catalog_->GetSetting("egress.allowlist").value(), "");
  EXPECT_EQ(AuditOf("setting.put").size(), 3u);
}

// --- audit

TEST_P(CatalogSuiteTest, AuditQueriesFilterAndReturnNewestFirst) {
  ASSERT_TRUE(
      catalog_->AppendAudit(Audit("datasource.read_secrets", "fraud", "orders", "bob")).ok());
  ASSERT_TRUE(
      catalog_->AppendAudit(Audit("datasource.read_secrets", "churn", "users", "bob")).ok());
  ASSERT_TRUE(catalog_->AppendAudit(Audit("datasource.create", "fraud", "orders", "alice")).ok());
  const int64_t middle = now_;
  ASSERT_TRUE(catalog_->AppendAudit(Audit("user.create", "", "carol", "system")).ok());
  ASSERT_TRUE(
      catalog_->AppendAudit(Audit("datasource.read_secrets", "fraud", "orders", "alice")).ok());

  auto targets = [this](const AuditQuery& query) {
    Result<std::vector<AuditEvent>> events = catalog_->QueryAudit(query);
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    std::vector<std::string> out;
    if (events.ok()) {
      for (const AuditEvent& event : *events) out.push_back(event.actor + ":" + event.target);
    }
    return out;
  };
  AuditQuery all;
  EXPECT_EQ(targets(all), (std::vector<std::string>{"alice:orders", "system:carol", "alice:orders",
                                                    "bob:users", "bob:orders"}));
  AuditQuery by_actor;
  by_actor.actor = "bob";
  EXPECT_EQ(targets(by_actor), (std::vector<std::string>{"bob:users", "bob:orders"}));
  AuditQuery by_project_and_action;
  by_project_and_action.project = "fraud";
  by_project_and_action.action = "datasource.read_secrets";
  EXPECT_EQ(targets(by_project_and_action),
            (std::vector<std::string>{"alice:orders", "bob:orders"}));
  AuditQuery cluster_wide;
  cluster_wide.project = "";
  EXPECT_EQ(targets(cluster_wide), (std::vector<std::string>{"system:carol"}));
  AuditQuery since;
  since.since_ms = middle;
  EXPECT_EQ(targets(since),
            (std::vector<std::string>{"alice:orders", "system:carol", "alice:orders"}));
  AuditQuery limited;
  limited.limit = 2;
  EXPECT_EQ(targets(limited), (std::vector<std::string>{"alice:orders", "system:carol"}));

  Result<std::vector<AuditEvent>> events = catalog_->QueryAudit(all);
  ASSERT_TRUE(events.ok());
  EXPECT_GT((*events)[0].id, (*events)[1].id);
  EXPECT_EQ((*events)[0].detail, R"({"why":"test"})");
  EXPECT_EQ((*events)[0].ts_ms, now_);
  EXPECT_EQ((*events)[0].project, "fraud");
  EXPECT_EQ((*events)[0].action, "datasource.read_secrets");
}

TEST_P(CatalogSuiteTest, AuditEventsWithTheSameTimeComeNewestInsertedFirst) {
  AuditEvent first = Audit("a");
  AuditEvent second = first;
  second.action = "b";
  ASSERT_TRUE(catalog_->AppendAudit(first).ok());
  ASSERT_TRUE(catalog_->AppendAudit(second).ok());
  Result<std::vector<AuditEvent>> events = catalog_->QueryAudit({});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, "b");
}

TEST_P(CatalogSuiteTest, AuditLimitIsCappedAtAThousand) {
  for (int i = 0; i < 1005; ++i) ASSERT_TRUE(catalog_->AppendAudit(Audit("login")).ok());
  AuditQuery huge;
  huge.limit = 1'000'000;
  EXPECT_EQ(catalog_->QueryAudit(huge).value().size(), 1000u);
  AuditQuery unset;
  unset.limit = 0;
  EXPECT_EQ(catalog_->QueryAudit(unset).value().size(), 100u);
}

// --- errors, concurrency

TEST_P(CatalogSuiteTest, ErrorsNeverQuoteTheValuesInvolved) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  const std::string secret_name = "n" + RandomHex();
  DataSource source = Source(project.id, secret_name);
  ASSERT_TRUE(catalog_->CreateDataSource(source, Audit("datasource.create")).ok());
  source.id = RandomHex();
  Status taken = catalog_->CreateDataSource(source, Audit("datasource.create"));
  EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(taken.ToString().find(secret_name), std::string::npos) << taken.ToString();

  const std::string secret = RandomToken();
  DataSource bad = Source(project.id, "bad");
  bad.config["password_hint"] = secret + "\xff";  // not UTF-8: cannot be stored as JSON text
  Status invalid = catalog_->CreateDataSource(bad, Audit("datasource.create"));
  EXPECT_EQ(invalid.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(invalid.field(), "config");
  EXPECT_EQ(invalid.ToString().find(secret), std::string::npos) << invalid.ToString();
  EXPECT_EQ(catalog_->GetDataSource(project.id, "bad").status().code(), StatusCode::kNotFound);
}

TEST_P(CatalogSuiteTest, OfRacingUpdatesWithTheSameVersionExactlyOneWins) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  DataSource source = Source(project.id, "orders");
  ASSERT_TRUE(catalog_->CreateDataSource(source, Audit("datasource.create")).ok());
  // Two catalogs on one database, as two servers would be.
  std::unique_ptr<Catalog> other = Open(location_);
  ASSERT_NE(other, nullptr);

  constexpr int kWriters = 8;
  std::atomic<bool> go{false};
  std::vector<Status> results(kWriters);
  std::vector<AuditEvent> audits;
  for (int i = 0; i < kWriters; ++i) audits.push_back(Audit("datasource.update"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      DataSource mine = source;
      mine.description = "writer " + std::to_string(i);
      mine.sealed_secrets = {{"/password", "sealed:writer" + std::to_string(i)}};
      while (!go.load()) std::this_thread::yield();
      Catalog& catalog = i % 2 == 0 ? *catalog_ : *other;
      results[i] = catalog.UpdateDataSource(mine, 1, audits[i]);
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();

  int winner = -1;
  int wins = 0;
  for (int i = 0; i < kWriters; ++i) {
    if (results[i].ok()) {
      ++wins;
      winner = i;
    } else {
      EXPECT_EQ(results[i].code(), StatusCode::kConflict) << results[i].ToString();
    }
  }
  ASSERT_EQ(wins, 1);
  Result<DataSource> got = catalog_->GetDataSource(project.id, "orders");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->description, "writer " + std::to_string(winner));
  EXPECT_EQ(got->sealed_secrets.at("/password"), "sealed:writer" + std::to_string(winner));
  EXPECT_EQ(AuditOf("datasource.update").size(), 1u);
}

TEST_P(CatalogSuiteTest, ManyThreadsWritingAndReadingLoseNothing) {
  const User alice = CreateUser("alice");
  const Project project = CreateProject("fraud", alice);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 12;
  std::vector<std::vector<AuditEvent>> audits(kThreads);
  std::vector<std::vector<DataSource>> sources(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      std::string name = "s";  // appended, not "s" + ...: g++ 12 -O3 warns falsely on that
      name += std::to_string(t) + "_" + std::to_string(i);
      sources[t].push_back(Source(project.id, name));
      audits[t].push_back(Audit("datasource.create"));
    }
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!catalog_->CreateDataSource(sources[t][i], audits[t][i]).ok()) ++failures;
        if (!catalog_->GetDataSource(project.id, sources[t][i].name).ok()) ++failures;
        if (!catalog_->FindMemberRole(project.id, alice.id).ok()) ++failures;
        if (i % 4 == 0 && !catalog_->ListDataSources(project.id).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(catalog_->ListDataSources(project.id).value().size(), 3u + kThreads * kPerThread);
  EXPECT_EQ(AuditOf("datasource.create").size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST_P(CatalogSuiteTest, ConnectionsClosedByTheServerAreReplaced) {
  if (GetParam() != "postgres") GTEST_SKIP() << "SQLite has no server to close connections";
  const User alice = CreateUser("alice");
  // Open several pooled connections at once.
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] { EXPECT_TRUE(catalog_->ListProjects(alice.id).ok()); });
  }
  for (std::thread& thread : threads) thread.join();

  auto* pg = static_cast<PostgresBackend*>(backend_.get());
  auto admin = PostgresConnection::Connect(pg->admin_url());
  ASSERT_TRUE(admin.ok());
  Result<SqlRows> killed =
      (*admin)->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?",
                     {PostgresBackend::DatabaseOf(location_)});
  ASSERT_TRUE(killed.ok()) << killed.status().ToString();
  ASSERT_GE(killed->rows.size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  Result<User> found = catalog_->FindUserByName("alice");
  EXPECT_TRUE(found.ok()) << found.status().ToString();
  const Project project = CreateProject("fraud", alice);
  EXPECT_TRUE(catalog_->FindProjectByName("fraud").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogSuiteTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace trib
