// Vault: sealing, opening, context binding, tamper detection, key files and environment keys.
#include "vault/vault.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/random.h"
#include "test_files.h"

namespace trib {
namespace {

using trib::testing::ReadAll;

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, const std::string& content, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

mode_t ModeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  return parts;
}

std::string Base64Of(const std::vector<unsigned char>& raw, int variant) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(out.find('\0'));
  return out;
}

std::vector<unsigned char> RandomBytes(size_t n) {
  EnsureSodium();
  std::vector<unsigned char> raw(n);
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

// Asserts that an error says nothing of the given secrets.
void ExpectNoSecretIn(const Status& status, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(status.ToString().find(secret), std::string::npos) << "an error leaked a secret";
  }
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "trib-vault-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    key_file_ = dir_ / "master.key";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Vault> OpenVault() {
    auto vault = Vault::Open({.key_file = key_file_.string()});
    EXPECT_TRUE(vault.ok()) << vault.status().ToString();
    return vault.ok() ? std::move(vault).value() : nullptr;
  }

  // The base64 key inside the key file (the last word of its line).
  std::string KeyFileSecret() {
    std::string content = ReadAll(key_file_);
    while (!content.empty() && content.back() == '\n') content.pop_back();
    return content.substr(content.rfind(' ') + 1);
  }

  fs::path dir_;
  fs::path key_file_;
};

TEST_F(VaultTest, SealThenUnsealReturnsThePlaintext) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  const std::string secret = RandomToken(24);
  const std::string context = SecretContext(RandomHex(), "/password");
  auto sealed = vault->Seal(secret, context);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(sealed->find(secret), std::string::npos);
  auto opened = vault->Unseal(*sealed, context);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, secret);
}

TEST_F(VaultTest, EnvelopeIsVersionedPrintableAndNamesTheKey) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  auto sealed = vault->Seal(RandomToken(), "ctx");
  ASSERT_TRUE(sealed.ok());
  std::vector<std::string> parts = Split(*sealed, '.');
  ASSERT_EQ(parts.size(), 6u) << *sealed;
  EXPECT_EQ(parts[0], "v1");
  EXPECT_EQ(parts[1], vault->ActiveKeyId());
  EXPECT_EQ(parts[1].size(), 16u);
  for (char c : *sealed) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
        << "unexpected character " << c;
  }
  // Fresh data key and nonces every time: the same secret never seals to the same text.
  auto again = vault->Seal("same", "ctx");
  auto again2 = vault->Seal("same", "ctx");
  ASSERT_TRUE(again.ok() && again2.ok());
  EXPECT_NE(*again, *again2);
}

TEST_F(VaultTest, EmptyAndBinaryPlaintextsRoundTrip) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  const std::string binary("a\0b\xff\x01", 5);
  for (const std::string& plaintext : {std::string(), binary, std::string(100000, 'x')}) {
    auto sealed = vault->Seal(plaintext, "ctx");
    ASSERT_TRUE(sealed.ok());
    auto opened = vault->Unseal(*sealed, "ctx");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plaintext);
  }
}

TEST_F(VaultTest, SealRefusesAnEmptyContext) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  auto sealed = vault->Seal("secret-value", "");
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sealed.status().field(), "context");
}

TEST_F(VaultTest, AValueSealedForOnePlaceDoesNotOpenInAnother) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  const std::string secret = RandomToken();
  const std::string source = RandomHex();
  auto sealed = vault->Seal(secret, SecretContext(source, "/password"));
  ASSERT_TRUE(sealed.ok());
  for (const std::string& other :
       {SecretContext(RandomHex(), "/password"), SecretContext(source, "/arguments/password"),
        SecretContext(source, "/password/"), std::string("")}) {
    auto opened = vault->Unseal(*sealed, other);
    ASSERT_FALSE(opened.ok()) << "opened under context " << other;
    EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(opened.status().field(), "sealed");
    ExpectNoSecretIn(opened.status(), {secret, KeyFileSecret()});
  }
}

TEST_F(VaultTest, SecretContextKeepsIdAndPointerApart) {
  EXPECT_NE(SecretContext("ab", "/c"), SecretContext("a", "b/c"));
  EXPECT_NE(SecretContext("a1", "/x"), SecretContext("a", "1/x"));
  EXPECT_EQ(SecretContext("ds1", "/password"), SecretContext("ds1", "/password"));
}

TEST_F(VaultTest, EveryAlteredCharacterIsDetected) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  const std::string secret = RandomToken();
  auto sealed = vault->Seal(secret, "ctx");
  ASSERT_TRUE(sealed.ok());
  for (size_t i = 0; i < sealed->size(); ++i) {
    if ((*sealed)[i] == '.') continue;
    for (char replacement : {'A', 'f', '0', '_'}) {
      std::string altered = *sealed;
      if (altered[i] == replacement) continue;
      altered[i] = replacement;
      auto opened = vault->Unseal(altered, "ctx");
      ASSERT_FALSE(opened.ok()) << "altered character " << i << " still opened";
      ExpectNoSecretIn(opened.status(), {secret, KeyFileSecret()});
    }
  }
}

TEST_F(VaultTest, MalformedAndSplicedEnvelopesAreRefused) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  const std::string secret = RandomToken();
  auto a = vault->Seal(secret, "ctx");
  auto b = vault->Seal(RandomToken(), "ctx");
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<std::string> pa = Split(*a, '.');
  std::vector<std::string> pb = Split(*b, '.');
  // b's wrapped data key with a's ciphertext: each part is authentic, the pair is not.
  const std::string spliced =
      pa[0] + "." + pa[1] + "." + pb[2] + "." + pb[3] + "." + pa[4] + "." + pa[5];
  for (const std::string& bad :
       {std::string(), std::string("v1"), std::string("plain text"), "v2" + a->substr(2), *a + ".",
        *a + ".AAAA", a->substr(0, a->size() - 3), a->substr(0, a->rfind('.')),
        "v1." + std::string(16, 'g') + a->substr(19), spliced}) {
    auto opened = vault->Unseal(bad, "ctx");
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_TRUE(opened.status().code() == StatusCode::kInvalidArgument ||
                opened.status().code() == StatusCode::kFailedPrecondition);
    ExpectNoSecretIn(opened.status(), {secret, KeyFileSecret()});
  }
}

TEST_F(VaultTest, KeyFileIsCreatedWithMode0600AndReused) {
  auto first = OpenVault();
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(fs::exists(key_file_));
  EXPECT_EQ(ModeOf(key_file_), 0600u);
  const std::string content = ReadAll(key_file_);
  EXPECT_EQ(content.rfind("trib-master-key v1 " + first->ActiveKeyId() + " ", 0), 0u);
  // Only the key file is left: no temporary file beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  auto second = OpenVault();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(ReadAll(key_file_), content);
  EXPECT_EQ(second->ActiveKeyId(), first->ActiveKeyId());
}

TEST_F(VaultTest, ASecondVaultOnTheSameKeyFileOpensTheFirstOnesSecrets) {
  auto first = OpenVault();
  ASSERT_NE(first, nullptr);
  const std::string secret = RandomToken();
  auto sealed = first->Seal(secret, "ds/password");
  ASSERT_TRUE(sealed.ok());
  auto second = OpenVault();
  ASSERT_NE(second, nullptr);
  auto opened = second->Unseal(*sealed, "ds/password");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, secret);
}

TEST_F(VaultTest, AnotherKeyCannotOpenTheSecrets) {
  auto first = OpenVault();
  ASSERT_NE(first, nullptr);
  const std::string secret = RandomToken();
  auto sealed = first->Seal(secret, "ctx");
  ASSERT_TRUE(sealed.ok());
  auto other = Vault::Open({.key_file = (dir_ / "other.key").string()});
  ASSERT_TRUE(other.ok());
  auto opened = (*other)->Unseal(*sealed, "ctx");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find(first->ActiveKeyId()), std::string::npos);
  ExpectNoSecretIn(opened.status(), {secret, KeyFileSecret()});
}

TEST_F(VaultTest, KeyFilesOpenToGroupOrOthersAreRefused) {
  ASSERT_NE(OpenVault(), nullptr);
  const std::string secret = KeyFileSecret();
  for (mode_t mode : {0644, 0640, 0604, 0620, 0602, 0610, 0660}) {
    ASSERT_EQ(::chmod(key_file_.c_str(), mode), 0);
    auto vault = Vault::Open({.key_file = key_file_.string()});
    ASSERT_FALSE(vault.ok()) << "mode " << std::oct << mode;
    EXPECT_EQ(vault.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(vault.status().field(), "key_file");
    EXPECT_NE(vault.status().message().find(key_file_.string()), std::string::npos);
    ExpectNoSecretIn(vault.status(), {secret});
  }
  ASSERT_EQ(::chmod(key_file_.c_str(), 0644), 0);
  auto vault = Vault::Open({.key_file = key_file_.string()});
  EXPECT_NE(vault.status().message().find("0644"), std::string::npos) << vault.status().message();
  ASSERT_EQ(::chmod(key_file_.c_str(), 0400), 0);  // read-only for the owner is fine
  EXPECT_TRUE(Vault::Open({.key_file = key_file_.string()}).ok());
}

TEST_F(VaultTest, MalformedKeyFilesAreRefusedWithoutQuotingThem) {
  const std::string good_key = Base64Of(RandomBytes(32), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  const std::string short_key = Base64Of(RandomBytes(31), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  const std::vector<std::string> contents = {
      "",
      "\n",
      good_key + "\n",
      "trib-master-key v1 0123456789abcdef " + short_key + "\n",
      // A well-formed key whose id does not match it: corrupt.
      "trib-master-key v1 0123456789abcdef " + good_key + "\n",
      "trib-master-key v2 0123456789abcdef " + good_key + "\n",
      "trib-master-key v1 " + good_key + "\n",
      std::string(10000, 'a'),
  };
  for (const std::string& content : contents) {
    WriteFile(key_file_, content, 0600);
    auto vault = Vault::Open({.key_file = key_file_.string()});
    ASSERT_FALSE(vault.ok()) << "accepted: " << content.substr(0, 40);
    EXPECT_EQ(vault.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(vault.status().field(), "key_file");
    EXPECT_NE(vault.status().message().find(key_file_.string()), std::string::npos);
    ExpectNoSecretIn(vault.status(), {good_key, short_key});
    // A refused file is left as it was, never replaced by a fresh key.
    EXPECT_EQ(ReadAll(key_file_), content);
  }
}

TEST_F(VaultTest, ADirectoryIsNotAKeyFile) {
  fs::create_directory(key_file_);
  auto vault = Vault::Open({.key_file = key_file_.string()});
  ASSERT_FALSE(vault.ok());
  EXPECT_EQ(vault.status().field(), "key_file");
}

TEST_F(VaultTest, AMissingDirectoryIsReportedAgainstTheKeyFile) {
  auto vault = Vault::Open({.key_file = (dir_ / "absent" / "master.key").string()});
  ASSERT_FALSE(vault.ok());
  EXPECT_EQ(vault.status().field(), "key_file");
  EXPECT_NE(vault.status().message().find("absent"), std::string::npos);
}

TEST_F(VaultTest, NoKeyFileAndNoEnvironmentKeyIsAnError) {
  auto vault = Vault::Open({});
  ASSERT_FALSE(vault.ok());
  EXPECT_EQ(vault.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(vault.status().field(), "key_file");
}

TEST_F(VaultTest, AStagedKeyWithoutTheActiveKeyFileIsNotReplacedByAFreshKey) {
  ASSERT_NE(OpenVault(), nullptr);
  fs::rename(key_file_, dir_ / "master.key.next");
  auto vault = Vault::Open({.key_file = key_file_.string()});
  ASSERT_FALSE(vault.ok());
  EXPECT_EQ(vault.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(key_file_));
}

TEST_F(VaultTest, EnvironmentKeyModeTouchesNoFileAndIsStable) {
  const std::vector<unsigned char> raw = RandomBytes(32);
  const std::string padded = Base64Of(raw, sodium_base64_VARIANT_ORIGINAL);
  const std::string url = Base64Of(raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  auto first = Vault::Open({.key_file = key_file_.string(), .env_key = padded + "\n"});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(fs::exists(key_file_));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 0);

  const std::string secret = RandomToken();
  auto sealed = (*first)->Seal(secret, "ctx");
  ASSERT_TRUE(sealed.ok());
  // The same key, spelt differently, has the same id and opens the same secrets.
  auto second = Vault::Open({.env_key = url});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->ActiveKeyId(), (*first)->ActiveKeyId());
  EXPECT_EQ((*first)->ActiveKeyId().size(), 16u);
  auto opened = (*second)->Unseal(*sealed, "ctx");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, secret);

  // Another environment key does not.
  auto other = Vault::Open({.env_key = Base64Of(RandomBytes(32), sodium_base64_VARIANT_ORIGINAL)});
  ASSERT_TRUE(other.ok());
  EXPECT_NE((*other)->ActiveKeyId(), (*first)->ActiveKeyId());
  auto refused = (*other)->Unseal(*sealed, "ctx");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("TRIB_MASTER_KEY"), std::string::npos);
  ExpectNoSecretIn(refused.status(), {secret, padded, url});
}

TEST_F(VaultTest, BadEnvironmentKeysAreRefusedWithoutQuotingThem) {
  for (size_t n : {16, 31, 33, 64}) {
    const std::string value = Base64Of(RandomBytes(n), sodium_base64_VARIANT_ORIGINAL);
    auto vault = Vault::Open({.env_key = value});
    ASSERT_FALSE(vault.ok()) << n << " bytes accepted";
    EXPECT_EQ(vault.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(vault.status().field(), "TRIB_MASTER_KEY");
    ExpectNoSecretIn(vault.status(), {value});
  }
  const std::string garbage = "not base64 at all, but 44 characters long!!!";
  auto vault = Vault::Open({.env_key = garbage});
  ASSERT_FALSE(vault.ok());
  ExpectNoSecretIn(vault.status(), {garbage});
}

TEST_F(VaultTest, ServersStartingTogetherAgreeOnOneFreshKey) {
  for (int round = 0; round < 10; ++round) {
    const std::string path = (dir_ / ("race-" + std::to_string(round) + ".key")).string();
    std::string ids[2];
    std::thread a([&] { ids[0] = Vault::Open({.key_file = path}).value()->ActiveKeyId(); });
    std::thread b([&] { ids[1] = Vault::Open({.key_file = path}).value()->ActiveKeyId(); });
    a.join();
    b.join();
    EXPECT_EQ(ids[0], ids[1]);
    EXPECT_EQ(ReadAll(path).find("trib-master-key v1 " + ids[0]), 0u);
  }
}

TEST_F(VaultTest, ManyThreadsSealAndUnsealAtOnce) {
  auto vault = OpenVault();
  ASSERT_NE(vault, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const std::string context =
            SecretContext(std::to_string(t), std::string("/").append(std::to_string(i)));
        const std::string secret = RandomToken();
        auto sealed = vault->Seal(secret, context);
        auto opened = sealed.ok() ? vault->Unseal(*sealed, context) : sealed.status();
        if (!opened.ok() || *opened != secret) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace trib
