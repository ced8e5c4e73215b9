// Master-key rotation: end to end, after a crash at every step, across two vaults on one key
// file, and while other threads seal and open secrets.
//
// The catalog here is an in-memory double implementing only the two secret methods (the
// SQLite/PostgreSQL catalogs test their own transactions); ReplaceSealedSecrets is all or
// nothing, as the real ones are.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "common/random.h"
#include "test_files.h"
#include "vault/vault.h"

namespace trib {
namespace {

using trib::testing::ReadAll;

namespace fs = std::filesystem;

class SecretsOnlyCatalog : public Catalog {
 public:
  Status Unused() { return Status::Internal("unused"); }

  Result<int> SchemaVersion() override { return Unused(); }
  Result<int64_t> CountUsers() override { return Unused(); }
  Status CreateUser(const User&, const ApiKey&, const AuditEvent&) override { return Unused(); }
  Result<User> FindUserByName(const std::string&) override { return Unused(); }
  Result<std::vector<User>> ListUsers() override { return Unused(); }
  Status AddApiKey(const ApiKey&, const AuditEvent&) override { return Unused(); }
  Result<std::pair<ApiKey, User>> FindApiKey(const std::string&) override { return Unused(); }
  Status CreateProject(const Project&, const Member&, const std::vector<DataSource>&,
                       const AuditEvent&) override {
    return Unused();
  }
  Result<Project> FindProjectByName(const std::string&) override { return Unused(); }
  Result<std::pair<Project, std::optional<ProjectRole>>> FindProjectAccess(
      const std::string&, const std::string&) override {
    return Unused();
  }
  Result<std::vector<Project>> ListProjects(const std::string&) override { return Unused(); }
  Status AddMember(const Member&, const AuditEvent&) override { return Unused(); }
  Status RemoveMember(const std::string&, const std::string&, const AuditEvent&) override {
    return Unused();
  }
  Result<std::vector<Member>> ListMembers(const std::string&) override { return Unused(); }
  Result<std::optional<ProjectRole>> FindMemberRole(const std::string&,
                                                    const std::string&) override {
    return Unused();
  }
  Status CreateDataSource(const DataSource&, const AuditEvent&) override { return Unused(); }
  Status UpdateDataSource(const DataSource&, int64_t, const AuditEvent&) override {
    return Unused();
  }
  Status DeleteDataSource(const std::string&, const std::string&, const AuditEvent&) override {
    return Unused();
  }
  Result<DataSource> GetDataSource(const std::string&, const std::string&) override {
    return Unused();
  }
  Result<std::vector<DataSource>> ListDataSources(const std::string&) override { return Unused(); }
  Status CreateRoleMapping(const RoleMapping&, const AuditEvent&) override { return Unused(); }
  Status DeleteRoleMapping(const std::string&, const AuditEvent&) override { return Unused(); }
  Result<std::vector<RoleMapping>> ListRoleMappings(const std::optional<std::string>&,
                                                    const std::optional<ProjectRole>&) override {
    return Unused();
  }
  Result<std::optional<std::string>> GetSetting(const std::string&) override { return Unused(); }
  Status PutSetting(const std::string&, const std::string&, const AuditEvent&) override {
    return Unused();
  }
  Status AppendAudit(const AuditEvent&) override { return Unused(); }
  Result<std::vector<AuditEvent>> QueryAudit(const AuditQuery&) override { return Unused(); }

  Result<std::vector<SealedSecretRow>> ListSealedSecrets() override {
    std::lock_guard lock(mu_);
    std::vector<SealedSecretRow> rows;
    for (const auto& [key, sealed] : rows_) rows.push_back({key.first, key.second, sealed});
    return rows;
  }

  Status ReplaceSealedSecrets(const std::vector<SealedSecretRow>& rows,
                              const AuditEvent& audit) override {
    std::lock_guard lock(mu_);
    if (fail_replace_) return Status::Unavailable("catalog: transaction failed");
    for (const SealedSecretRow& row : rows) {
      if (row.expected_sealed.empty() && rows_.count({row.datasource_id, row.pointer}) == 0) {
        return Status::NotFound("no secret " + row.pointer);  // nothing changed
      }
    }
    for (const SealedSecretRow& row : rows) {
      auto it = rows_.find({row.datasource_id, row.pointer});
      if (!row.expected_sealed.empty() &&
          (it == rows_.end() || it->second != row.expected_sealed)) {
        continue;  // compare-and-set, as the real catalogs do
      }
      rows_[{row.datasource_id, row.pointer}] = row.sealed;
    }
    audits_.push_back(audit);
    return Status::Ok();
  }

  // --- test helpers
  void Put(const std::string& id, const std::string& pointer, const std::string& sealed) {
    std::lock_guard lock(mu_);
    rows_[{id, pointer}] = sealed;
  }
  // Seals and stores in one step, as a data-source write seals inside its request.
  Status SealAndPut(Vault& vault, const std::string& id, const std::string& pointer,
                    const std::string& secret) {
    std::lock_guard lock(mu_);
    auto sealed = vault.Seal(secret, SecretContext(id, pointer));
    if (!sealed.ok()) return sealed.status();
    rows_[{id, pointer}] = *sealed;
    return Status::Ok();
  }
  std::string Get(const std::string& id, const std::string& pointer) {
    std::lock_guard lock(mu_);
    return rows_.at({id, pointer});
  }
  std::vector<AuditEvent> audits() {
    std::lock_guard lock(mu_);
    return audits_;
  }
  void set_fail_replace(bool fail) {
    std::lock_guard lock(mu_);
    fail_replace_ = fail;
  }

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::string> rows_;
  std::vector<AuditEvent> audits_;
  bool fail_replace_ = false;
};

std::string KeyIdOf(const std::string& sealed) { return sealed.substr(3, 16); }
// Data nonce and ciphertext: what a rotation must leave untouched.
std::string DataPartOf(const std::string& sealed) {
  size_t dot = sealed.size();
  for (int i = 0; i < 2; ++i) dot = sealed.rfind('.', dot - 1);
  return sealed.substr(dot);
}

const std::vector<std::string> kSteps = {"new_key_written", "rewrapped", "committed", "installed"};
const std::vector<std::string> kResumeSteps = {"resume_rewrapped", "resume_committed",
                                               "resume_installed"};

struct Secret {
  std::string id;
  std::string pointer;
  std::string plaintext;
};

class VaultRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "trib-vault-rot-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    key_file_ = dir_ / "master.key";
    next_file_ = dir_ / "master.key.next";
    audit_.actor = "admin";
    audit_.action = "vault.rotate_master_key";
    audit_.detail = R"({"reason":"test"})";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Vault> OpenVault() {
    auto vault = Vault::Open({.key_file = key_file_.string()});
    EXPECT_TRUE(vault.ok()) << vault.status().ToString();
    return vault.ok() ? std::move(vault).value() : nullptr;
  }

  void AddSecrets(Vault& vault, int count) {
    for (int i = 0; i < count; ++i) {
      Secret secret{RandomHex(), i % 2 == 0 ? "/password" : "/arguments/password", RandomToken()};
      ASSERT_TRUE(catalog_.SealAndPut(vault, secret.id, secret.pointer, secret.plaintext).ok());
      secrets_.push_back(secret);
    }
  }

  // Every secret in the catalog opens, with its own plaintext, in a vault freshly opened on the
  // key files (as after a restart).
  void ExpectAllSecretsOpenAfterRestart() {
    auto fresh = OpenVault();
    ASSERT_NE(fresh, nullptr);
    for (const Secret& secret : secrets_) {
      auto opened = fresh->Unseal(catalog_.Get(secret.id, secret.pointer),
                                  SecretContext(secret.id, secret.pointer));
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      EXPECT_EQ(*opened, secret.plaintext);
    }
  }

  std::set<std::string> KeyIdsInCatalog() {
    std::set<std::string> ids;
    for (const Secret& secret : secrets_)
      ids.insert(KeyIdOf(catalog_.Get(secret.id, secret.pointer)));
    return ids;
  }

  std::set<std::string> FilesInDir() {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.insert(entry.path().filename().string());
    }
    return names;
  }

  RotationHook Recorder(std::vector<std::string>& steps) {
    return [&steps](std::string_view step) {
      steps.emplace_back(step);
      return Status::Ok();
    };
  }

  fs::path dir_;
  fs::path key_file_;
  fs::path next_file_;
  AuditEvent audit_;
  SecretsOnlyCatalog catalog_;
  std::vector<Secret> secrets_;
};

TEST_F(VaultRotationTest, RotationRewrapsEverySecretAndRemovesTheOldKey) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  AddSecrets(*vault, 10);
  const std::string old_id = vault->ActiveKeyId();
  const std::string old_content = ReadAll(key_file_);
  const std::string old_key = old_content.substr(old_content.rfind(' ') + 1);
  std::map<std::string, std::string> before;
  for (const Secret& s : secrets_) before[s.id + s.pointer] = catalog_.Get(s.id, s.pointer);

  std::vector<std::string> steps;
  Status rotated = vault->RotateMasterKey(catalog_, audit_, Recorder(steps));
  ASSERT_TRUE(rotated.ok()) << rotated.ToString();
  EXPECT_EQ(steps, kSteps);

  const std::string new_id = vault->ActiveKeyId();
  EXPECT_NE(new_id, old_id);
  // The old key is gone from disk: one key file, holding only the new key.
  EXPECT_EQ(FilesInDir(), (std::set<std::string>{"master.key", "master.key.lock"}));
  const std::string new_content = ReadAll(key_file_);
  EXPECT_NE(new_content, old_content);
  EXPECT_EQ(new_content.find(old_key), std::string::npos);
  EXPECT_EQ(new_content.rfind("trib-master-key v1 " + new_id + " ", 0), 0u);
  EXPECT_EQ(ReadAll(dir_ / "master.key.lock"), "");

  // Every secret now names the new key; only its data key was re-wrapped.
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{new_id});
  for (const Secret& s : secrets_) {
    EXPECT_EQ(DataPartOf(catalog_.Get(s.id, s.pointer)), DataPartOf(before[s.id + s.pointer]));
  }
  ExpectAllSecretsOpenAfterRestart();

  // The pre-rotation envelopes need the old key, which a restarted server no longer has.
  auto fresh = OpenVault();
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->ActiveKeyId(), new_id);
  for (const Secret& s : secrets_) {
    auto opened = fresh->Unseal(before[s.id + s.pointer], SecretContext(s.id, s.pointer));
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(opened.status().message().find(old_id), std::string::npos);
  }

  // New seals use the new key; one audited transaction for the re-wrap.
  auto sealed = vault->Seal("x", "ctx");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(KeyIdOf(*sealed), new_id);
  std::vector<AuditEvent> audits = catalog_.audits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].action, "vault.rotate_master_key");
  EXPECT_EQ(audits[0].actor, "admin");
  auto detail = ParseJson(audits[0].detail);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ((*detail)["reason"], "test");
  EXPECT_EQ((*detail)["secrets"], 10);
  EXPECT_EQ((*detail)["key_id"], new_id);
}

TEST_F(VaultRotationTest, AnEnvelopeReadJustBeforeTheRotationStillOpensInThatProcess) {
  auto vault = OpenVault();
  AddSecrets(*vault, 1);
  const Secret& s = secrets_[0];
  const std::string read_before = catalog_.Get(s.id, s.pointer);  // a request in flight
  ASSERT_TRUE(vault->RotateMasterKey(catalog_, audit_).ok());
  auto opened = vault->Unseal(read_before, SecretContext(s.id, s.pointer));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, s.plaintext);
  // The retired key only opens: it never seals again.
  auto sealed = vault->Seal("z", "ctx");
  ASSERT_TRUE(sealed.ok());
  EXPECT_NE(KeyIdOf(*sealed), KeyIdOf(read_before));
}

TEST_F(VaultRotationTest, RotatingTwiceAndWithNoSecretsWorks) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  ASSERT_TRUE(vault->RotateMasterKey(catalog_, audit_).ok());
  const std::string first = vault->ActiveKeyId();
  AddSecrets(*vault, 3);
  ASSERT_TRUE(vault->RotateMasterKey(catalog_, audit_).ok());
  EXPECT_NE(vault->ActiveKeyId(), first);
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{vault->ActiveKeyId()});
  EXPECT_FALSE(fs::exists(next_file_));
  ExpectAllSecretsOpenAfterRestart();
}

class VaultRotationCrashTest : public VaultRotationTest,
                               public ::testing::WithParamInterface<std::string> {};

TEST_P(VaultRotationCrashTest, ACrashAtAnyStepLeavesEverySecretReadable) {
  const std::string crash_at = GetParam();
  const std::string old_id = [&] {
    auto vault = OpenVault();
    AddSecrets(*vault, 8);
    std::string id = vault->ActiveKeyId();
    Status rotated = vault->RotateMasterKey(catalog_, audit_, [&](std::string_view step) {
      return step == crash_at ? Status::Internal("simulated crash at " + std::string(step))
                              : Status::Ok();
    });
    EXPECT_EQ(rotated.code(), StatusCode::kInternal);
    EXPECT_EQ(rotated.message(), "simulated crash at " + crash_at);
    return id;
  }();  // the vault is gone, as after a crash

  EXPECT_EQ(fs::exists(next_file_), crash_at != "installed");
  ExpectAllSecretsOpenAfterRestart();
  if (crash_at == "new_key_written" || crash_at == "rewrapped") {
    EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{old_id});  // nothing committed
  } else {
    EXPECT_EQ(KeyIdsInCatalog().count(old_id), 0u);
  }

  // The restarted server keeps working: new secrets seal and open...
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  AddSecrets(*vault, 2);
  ExpectAllSecretsOpenAfterRestart();

  // ...and the next rotation finishes the interrupted one, then rotates, and cleans up.
  std::vector<std::string> steps;
  Status rotated = vault->RotateMasterKey(catalog_, audit_, Recorder(steps));
  ASSERT_TRUE(rotated.ok()) << rotated.ToString();
  std::vector<std::string> expected = kSteps;
  if (crash_at != "installed")
    expected.insert(expected.begin(), kResumeSteps.begin(), kResumeSteps.end());
  EXPECT_EQ(steps, expected);
  EXPECT_EQ(FilesInDir(), (std::set<std::string>{"master.key", "master.key.lock"}));
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{vault->ActiveKeyId()});
  ExpectAllSecretsOpenAfterRestart();
}

INSTANTIATE_TEST_SUITE_P(EveryStep, VaultRotationCrashTest, ::testing::ValuesIn(kSteps));

class VaultRotationResumeCrashTest : public VaultRotationTest,
                                     public ::testing::WithParamInterface<std::string> {};

TEST_P(VaultRotationResumeCrashTest, ACrashWhileFinishingAnInterruptedRotationIsSafeToo) {
  const std::string crash_at = GetParam();
  {
    auto vault = OpenVault();
    AddSecrets(*vault, 6);
    Status first = vault->RotateMasterKey(catalog_, audit_, [](std::string_view step) {
      return step == "committed" ? Status::Internal("crash") : Status::Ok();
    });
    ASSERT_EQ(first.code(), StatusCode::kInternal);
  }
  {
    auto vault = OpenVault();
    AddSecrets(*vault, 2);  // sealed with the staged key
    Status second = vault->RotateMasterKey(catalog_, audit_, [&](std::string_view step) {
      return step == crash_at ? Status::Internal("crash") : Status::Ok();
    });
    ASSERT_EQ(second.code(), StatusCode::kInternal);
  }
  EXPECT_EQ(fs::exists(next_file_), crash_at != "resume_installed");
  ExpectAllSecretsOpenAfterRestart();

  auto vault = OpenVault();
  ASSERT_TRUE(vault->RotateMasterKey(catalog_, audit_).ok());
  EXPECT_FALSE(fs::exists(next_file_));
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{vault->ActiveKeyId()});
  ExpectAllSecretsOpenAfterRestart();
}

INSTANTIATE_TEST_SUITE_P(EveryResumeStep, VaultRotationResumeCrashTest,
                         ::testing::ValuesIn(kResumeSteps));

TEST_F(VaultRotationTest, AFailedCatalogTransactionChangesNothingAndCanBeRetried) {
  auto vault = OpenVault();
  AddSecrets(*vault, 5);
  const std::string old_id = vault->ActiveKeyId();
  catalog_.set_fail_replace(true);
  Status failed = vault->RotateMasterKey(catalog_, audit_);
  EXPECT_EQ(failed.code(), StatusCode::kUnavailable);
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{old_id});
  ExpectAllSecretsOpenAfterRestart();
  catalog_.set_fail_replace(false);
  ASSERT_TRUE(vault->RotateMasterKey(catalog_, audit_).ok());
  EXPECT_FALSE(fs::exists(next_file_));
  ExpectAllSecretsOpenAfterRestart();
}

TEST_F(VaultRotationTest, ASecretThatCannotBeRewrappedStopsTheRotationBeforeAnyChange) {
  auto vault = OpenVault();
  AddSecrets(*vault, 3);
  // Stored under the wrong context: its data key cannot be unwrapped for its row.
  const std::string secret = RandomToken();
  auto misplaced = vault->Seal(secret, "somewhere else");
  ASSERT_TRUE(misplaced.ok());
  catalog_.Put("ds-bad", "/password", *misplaced);
  const std::string old_id = vault->ActiveKeyId();

  Status rotated = vault->RotateMasterKey(catalog_, audit_);
  ASSERT_FALSE(rotated.ok());
  EXPECT_NE(rotated.message().find("ds-bad"), std::string::npos) << rotated.message();
  EXPECT_NE(rotated.message().find("/password"), std::string::npos);
  EXPECT_EQ(rotated.message().find(secret), std::string::npos);
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{old_id});
  EXPECT_TRUE(catalog_.audits().empty());
  ExpectAllSecretsOpenAfterRestart();
}

TEST_F(VaultRotationTest, EnvironmentKeysCannotBeRotated) {
  auto vault = Vault::Open({.env_key = RandomToken(32)});
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  Status rotated = (*vault)->RotateMasterKey(catalog_, audit_);
  EXPECT_EQ(rotated.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(rotated.message().find("key file"), std::string::npos);
  EXPECT_TRUE(catalog_.audits().empty());
}

TEST_F(VaultRotationTest, OnlyOneRotationRunsAtATime) {
  auto first = OpenVault();
  auto second = OpenVault();
  AddSecrets(*first, 2);
  Status inner;
  Status outer = first->RotateMasterKey(catalog_, audit_, [&](std::string_view step) {
    if (step == "rewrapped") inner = second->RotateMasterKey(catalog_, audit_);
    return Status::Ok();
  });
  ASSERT_TRUE(outer.ok()) << outer.ToString();
  EXPECT_EQ(inner.code(), StatusCode::kUnavailable);
  EXPECT_NE(inner.message().find("another master-key rotation"), std::string::npos);
  ExpectAllSecretsOpenAfterRestart();
}

TEST_F(VaultRotationTest, AnotherServerFollowsTheRotationWithoutRestart) {
  auto rotating = OpenVault();
  auto other = OpenVault();
  AddSecrets(*other, 4);
  // Sealed under the old key before the rotation, stored only after its main transaction.
  const Secret late{RandomHex(), "/password", RandomToken()};
  auto late_sealed = other->Seal(late.plaintext, SecretContext(late.id, late.pointer));
  ASSERT_TRUE(late_sealed.ok());
  const std::string old_id = other->ActiveKeyId();

  std::string staged_id;
  Status rotated = rotating->RotateMasterKey(catalog_, audit_, [&](std::string_view step) {
    if (step == "new_key_written") {
      // The other server seals with the staged key as soon as it is on disk.
      staged_id = rotating->ActiveKeyId();
      EXPECT_NE(staged_id, old_id);
      Secret during{RandomHex(), "/password", RandomToken()};
      EXPECT_TRUE(catalog_.SealAndPut(*other, during.id, during.pointer, during.plaintext).ok());
      EXPECT_EQ(KeyIdOf(catalog_.Get(during.id, during.pointer)), staged_id);
      secrets_.push_back(during);
    }
    if (step == "committed") {
      catalog_.Put(late.id, late.pointer, *late_sealed);
      secrets_.push_back(late);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(rotated.ok()) << rotated.ToString();
  EXPECT_EQ(rotating->ActiveKeyId(), staged_id);
  // The late secret was caught by a follow-up transaction.
  EXPECT_EQ(KeyIdsInCatalog(), std::set<std::string>{staged_id});
  ASSERT_EQ(catalog_.audits().size(), 2u);
  EXPECT_NE(catalog_.audits()[1].detail.find("rewrap_late"), std::string::npos);

  // The other server opens secrets wrapped by a key it has never loaded (it re-reads the key
  // files), and its next seal uses the new key.
  for (const Secret& s : secrets_) {
    auto opened = other->Unseal(catalog_.Get(s.id, s.pointer), SecretContext(s.id, s.pointer));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, s.plaintext);
  }
  auto sealed = other->Seal("y", "ctx");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(KeyIdOf(*sealed), staged_id);
  EXPECT_EQ(other->ActiveKeyId(), staged_id);
  ExpectAllSecretsOpenAfterRestart();
}

TEST_F(VaultRotationTest, SealAndUnsealKeepWorkingDuringRotations) {
  auto vault = OpenVault();
  AddSecrets(*vault, 20);
  const std::vector<Secret> initial = secrets_;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::mutex written_mu;
  std::vector<Secret> written;

  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {  // writers
      for (int i = 0; !stop.load(); ++i) {
        std::string id = std::string("w").append(std::to_string(t)).append("-");
        Secret s{id.append(std::to_string(i)), "/password", RandomToken()};
        if (!catalog_.SealAndPut(*vault, s.id, s.pointer, s.plaintext).ok()) ++failures;
        std::lock_guard lock(written_mu);
        written.push_back(s);
      }
    });
    threads.emplace_back([&] {  // readers: read a row, then open it, as a request would
      for (size_t i = 0; !stop.load(); ++i) {
        const Secret& s = initial[i % initial.size()];
        auto opened = vault->Unseal(catalog_.Get(s.id, s.pointer), SecretContext(s.id, s.pointer));
        if (!opened.ok() || *opened != s.plaintext) ++failures;
      }
    });
  }
  for (int r = 0; r < 3; ++r) {
    Status rotated = vault->RotateMasterKey(catalog_, audit_);
    EXPECT_TRUE(rotated.ok()) << rotated.ToString();
  }
  stop = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  secrets_.insert(secrets_.end(), written.begin(), written.end());
  EXPECT_GT(written.size(), 0u);
  ExpectAllSecretsOpenAfterRestart();
  EXPECT_FALSE(fs::exists(next_file_));
}

}  // namespace
}  // namespace trib
