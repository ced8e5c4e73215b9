// Keeps gcs_fake honest: Google's own client (@google-cloud/storage, installed by
// scripts/install-deps.sh into tests/gcs_check) talks to the same fake. It reads back what our
// store wrote and writes objects (plain and with a customer-supplied key) that our store must
// read back byte for byte, and checks listing, ranges, preconditions, CSEK refusals and
// deletes. Skipped without node, the package or the fake; failed under CI=true.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cloud/gcp/oauth_token.h"
#include "common/random.h"
#include "connectors/gcs/gcs_fields.h"
#include "gcs_fake_fixture.h"
#include "objectstore/gcs/gcs_store.h"
#include "run_command.h"
#include "test_files.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

const std::string kCheckDir = std::string(TRIB_SOURCE_DIR) + "/tests/gcs_check";

std::string Unavailable() {
  if (const std::string why = GcsFakeUnavailable(); !why.empty()) return why;
  if (RunCommand("node --version").exit_code != 0) return "node is not installed";
  if (!fs::exists(kCheckDir + "/node_modules/@google-cloud/storage/package.json")) {
    return "@google-cloud/storage is not installed in tests/gcs_check (scripts/install-deps.sh)";
  }
  return "";
}

std::unique_ptr<objectstore::ObjectStore> Store(const TestServiceAccount& account,
                                                const std::string& bucket,
                                                const std::string& prefix,
                                                const std::string& csek = "") {
  objectstore::GcsStoreConfig config;
  config.bucket = bucket;
  config.prefix = prefix;
  config.endpoint = GcsFakeUrl();
  config.chunk_bytes = 256 << 10;
  config.encryption_key = csek;
  if (!csek.empty()) config.encryption_key_sha256 = EncryptionKeyHash(csek);
  gcp::TokenSource source;
  source.key = *gcp::ParseServiceAccountKey(account.KeyJson(GcsFakeUrl() + "/token"), "k");
  source.scope = std::string(gcp::kStorageReadWriteScope);
  source.endpoint = GcsFakeUrl() + "/token";
  config.token = [source]() -> Result<std::string> {
    TRIB_ASSIGN_OR_RETURN(gcp::AccessToken token, gcp::ObtainAccessToken(source));
    return token.token;
  };
  auto store = objectstore::MakeGcsStore(config);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(GcsFakeHonesty, GooglesClientAndOursAgreeOnTheSameFake) {
  if (const std::string why = Unavailable(); !why.empty()) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL() << why << " (required under CI)";
    GTEST_SKIP() << why;
  }
  const TestServiceAccount account = MakeTestServiceAccount();
  ASSERT_TRUE(RegisterWithFake(account));
  const std::string bucket = CreateFakeBucket();
  const std::string prefix = "honest-" + RandomHex(4) + "/";
  const std::string csek = NewEncryptionKey();
  auto store = Store(account, bucket, prefix);
  ASSERT_NE(store, nullptr);

  TempDir work;
  std::string ours(600 << 10, '\0');
  for (size_t i = 0; i < ours.size(); ++i) ours[i] = static_cast<char>((i * 7919) >> 3);
  for (const auto& [key, bytes] :
       {std::pair<std::string, std::string>{"ours.bin", ours}, {"dir/inner.txt", "inner"}}) {
    auto writer = store->Write(key, {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(bytes).ok());
    auto committed = (*writer)->Commit();
    ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  }
  std::ofstream(work.path() / "ours.bin", std::ios::binary) << ours;
  std::ofstream(work.path() / "key.json") << account.KeyJson(GcsFakeUrl() + "/token");
  std::ofstream(work.path() / "input.json")
      << Json{{"url", GcsFakeUrl()},
              {"bucket", bucket},
              {"prefix", prefix},
              {"key_file", (work.path() / "key.json").string()},
              {"csek", csek},
              {"ours", Json{{"name", "ours.bin"}, {"file", (work.path() / "ours.bin").string()}}}}
             .dump();

  const CommandResult node =
      RunCommand("node " + kCheckDir + "/check_fake.mjs " + work.path().string());
  ASSERT_EQ(node.exit_code, 0) << node.output;
  EXPECT_NE(node.output.find("ok"), std::string::npos) << node.output;

  // What Google's client wrote, read by ours.
  auto plain = store->ReadRange("node.bin", 0, 4 << 20);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_TRUE(*plain == ReadAll(work.path() / "node.bin"));
  auto sealed = Store(account, bucket, prefix, csek)->ReadRange("node-enc.bin", 0, 4 << 20);
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_TRUE(*sealed == ReadAll(work.path() / "node-enc.bin"));
  EXPECT_EQ(store->ReadRange("node-enc.bin", 0, 10).status().field(), "encryption_key");
}

}  // namespace
}  // namespace trib::testing
