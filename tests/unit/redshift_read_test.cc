// The redshift connector end to end: the PostgreSQL wire part against a real PostgreSQL, the
// IAM part (STS AssumeRole, then Redshift GetClusterCredentials) against moto_server, and both
// together: moto's temporary login is the one PostgreSQL sees.
#include <gtest/gtest.h>

#include <cstdlib>

#include "columnar/batch_reader.h"
#include "pg_test_db.h"
#include "test_service.h"

namespace trib::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

int64_t CountRows(StreamHandle& stream) {
  StreamReader reader(stream.get());
  int64_t rows = 0;
  while (true) {
    ArrayHandle batch;
    Status st = reader.Next(batch.get());
    EXPECT_TRUE(st.ok()) << st.ToString();
    if (!st.ok() || !batch.valid()) break;
    rows += batch->length;
  }
  return rows;
}

class RedshiftReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = PgTestDb::FromEnvironment();
    if (!db) GTEST_SKIP() << "TRIB_TEST_PG_URL is not set";
    db_ = *db;
    moto_ = Env("TRIB_TEST_MOTO_URL");
    env_ = std::make_unique<TestService>("", [this](TributaryOptions& options) {
      options.environment.aws.credentials.access_key_id = Env("TRIB_TEST_MOTO_ACCESS_KEY_ID");
      options.environment.aws.credentials.secret_access_key =
          Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY");
      options.environment.aws.region = "us-east-1";
      options.environment.aws.sts_endpoint = moto_;
      options.environment.aws.redshift_endpoint = moto_;
    });
    ASSERT_TRUE(env_->service->CreateProject(env_->admin, Json{{"name", "dw"}}).ok());
  }

  Status Create(Json definition) {
    definition["type"] = "redshift";
    definition["database_name"] = "postgres";
    definition["database_port"] = db_.port();
    definition["arguments"] = Json{{"host", db_.host()}};
    return env_->service->CreateDataSource(env_->admin, "dw", definition).status();
  }

  PgTestDb db_;
  std::string moto_;
  std::unique_ptr<TestService> env_;
};

TEST_F(RedshiftReadTest, PasswordLoginReadsOverTheWireProtocol) {
  auto [role, password] = db_.NewRole("rs");
  ASSERT_TRUE(Create(Json{{"name", "wh"},
                          {"cluster_identifier", "analytics"},
                          {"database_user_name", role},
                          {"database_password", password}})
                  .ok());
  ReadRequest request;
  request.payload = SqlRead{.query = "SELECT g AS n, g::text AS t FROM generate_series(1, 2500) g"};
  request.batch.max_rows = 1000;
  auto stream = env_->service->ReadDataSource(env_->admin, "dw", "wh", request);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  EXPECT_EQ(CountRows(*stream), 2500);
}

TEST_F(RedshiftReadTest, WrongPasswordIsRejectedWithoutShowingIt) {
  auto [role, password] = db_.NewRole("rs");
  ASSERT_TRUE(Create(Json{{"name", "wh"},
                          {"cluster_identifier", "analytics"},
                          {"database_user_name", role},
                          {"database_password", "x" + password}})
                  .ok());
  ReadRequest request;
  request.payload = SqlRead{.query = "SELECT 1"};
  auto stream = env_->service->ReadDataSource(env_->admin, "dw", "wh", request);
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(stream.status().message().find(password), std::string::npos);
}

TEST_F(RedshiftReadTest, IamRoleLoginThroughStsAndGetClusterCredentials) {
  if (moto_.empty()) GTEST_SKIP() << "TRIB_TEST_MOTO_URL is not set (tests/scripts/with_moto.sh)";
  const std::string cluster = Env("TRIB_TEST_MOTO_CLUSTER");
  const std::string role_arn = Env("TRIB_TEST_MOTO_ROLE_ARN");
  ASSERT_FALSE(cluster.empty());
  // moto answers with the database user "IAM:<name>" and a random password; PostgreSQL lets
  // members of trib_trusted in without a password (tests/scripts/with_postgres.sh's pg_hba).
  const std::string user = "analyst_" + RandomHex().substr(0, 6);
  db_.Exec(
      "DO $$ BEGIN CREATE ROLE trib_trusted NOLOGIN; EXCEPTION WHEN duplicate_object "
      "THEN NULL; END $$");
  db_.Exec("CREATE ROLE \"IAM:" + user + "\" LOGIN IN ROLE trib_trusted");
  ASSERT_TRUE(Create(Json{{"name", "wh_iam"},
                          {"cluster_identifier", cluster},
                          {"database_user_name", user},
                          {"iam_role", role_arn},
                          {"expiration", 900}})
                  .ok());
  ReadRequest request;
  request.payload = SqlRead{.query = "SELECT current_user AS who"};
  // Not mapped to anyone yet: refused, naming the field.
  auto refused = env_->service->ReadDataSource(env_->admin, "dw", "wh_iam", request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "iam_role");
  ASSERT_TRUE(env_->service
                  ->CreateRoleMapping(env_->admin, Json{{"project", "dw"},
                                                        {"project_role", "data_owner"},
                                                        {"cloud_role", role_arn}})
                  .ok());
  auto stream = env_->service->ReadDataSource(env_->admin, "dw", "wh_iam", request);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  StreamReader reader(stream->get());
  ArrayHandle batch;
  ASSERT_TRUE(reader.Next(batch.get()).ok());
  ASSERT_TRUE(batch.valid());
  const ArrowArray* who = batch->children[0];
  const auto* offsets = static_cast<const int32_t*>(who->buffers[1]);
  const std::string name(static_cast<const char*>(who->buffers[2]) + offsets[0],
                         offsets[1] - offsets[0]);
  EXPECT_EQ(name, "IAM:" + user);

  // Engine options vend the temporary login, never a stored secret.
  EngineOptionsRequest vend;
  vend.include_credentials = true;
  auto options = env_->service->DataSourceEngineOptions(env_->admin, "dw", "wh_iam", vend);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ((*options)["options"]["user"], "IAM:" + user);
  EXPECT_FALSE((*options)["options"]["password"].get<std::string>().empty());
}

// The egress allowlist covers both hops of an IAM login (the STS and Redshift API calls)
// and the database connection itself.
TEST_F(RedshiftReadTest, EgressAllowlistCoversTheAwsCallsAndTheDatabase) {
  if (moto_.empty()) GTEST_SKIP() << "TRIB_TEST_MOTO_URL is not set (tests/scripts/with_moto.sh)";
  auto [role, password] = db_.NewRole("rs");
  ASSERT_TRUE(Create(Json{{"name", "wh"},
                          {"cluster_identifier", "analytics"},
                          {"database_user_name", role},
                          {"database_password", password}})
                  .ok());
  const std::string role_arn = Env("TRIB_TEST_MOTO_ROLE_ARN");
  ASSERT_TRUE(Create(Json{{"name", "wh_iam"},
                          {"cluster_identifier", Env("TRIB_TEST_MOTO_CLUSTER")},
                          {"database_user_name", "analyst"},
                          {"iam_role", role_arn}})
                  .ok());
  ASSERT_TRUE(env_->service
                  ->CreateRoleMapping(env_->admin, Json{{"project", "dw"},
                                                        {"project_role", "data_owner"},
                                                        {"cloud_role", role_arn}})
                  .ok());
  ASSERT_TRUE(
      env_->service->SetEgressAllowlist(env_->admin, Json{{"entries", {"10.0.0.0/8"}}}).ok());
  ReadRequest request;
  request.payload = SqlRead{.query = "SELECT 1"};
  auto by_password = env_->service->ReadDataSource(env_->admin, "dw", "wh", request);
  EXPECT_EQ(by_password.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(by_password.status().field(), "arguments.host");
  auto by_role = env_->service->ReadDataSource(env_->admin, "dw", "wh_iam", request);
  EXPECT_EQ(by_role.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(by_role.status().field(), "iam_role") << by_role.status().ToString();
  EXPECT_NE(by_role.status().message().find("egress"), std::string::npos)
      << by_role.status().ToString();
  AuditQuery query;
  query.action = "datasource.egress_refused";
  auto audit = env_->service->QueryAudit(env_->admin, query);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ((*audit)["events"].size(), 2u);
  // Positive control: loopback allowed again, the password login reads.
  ASSERT_TRUE(
      env_->service->SetEgressAllowlist(env_->admin, Json{{"entries", {"127.0.0.0/8"}}}).ok());
  auto stream = env_->service->ReadDataSource(env_->admin, "dw", "wh", request);
  EXPECT_TRUE(stream.ok()) << stream.status().ToString();
}

}  // namespace
}  // namespace trib::testing
