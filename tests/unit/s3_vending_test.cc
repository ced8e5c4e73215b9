// Vended credentials of s3 sources: the session policy that narrows them, and the REST route
// against the signature-checking moto (with_moto.sh), which records the policy and session
// name each AssumeRole was sent (its /moto-api/data.json) and checks signatures made with the
// vended keys. moto does not evaluate session policies, so what they allow is checked on the
// policy text itself.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>

#include "cloud/aws/s3_session_policy.h"
#include "common/random.h"
#include "connectors/s3/s3_vending.h"
#include "objectstore/s3/s3_store.h"
#include "project_fixture.h"
#include "test_service.h"

namespace trib::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

TEST(S3SessionPolicyTest, ReadOnlyPolicyListsAndGetsBelowThePrefixOnly) {
  const Json policy =
      Json::parse(aws::S3SessionPolicy("eu-west-1", "lake", "sales/2026/", aws::S3Access::kRead));
  EXPECT_EQ(policy["Version"], "2012-10-17");
  ASSERT_EQ(policy["Statement"].size(), 3u);
  const Json& list = policy["Statement"][0];
  EXPECT_EQ(list["Action"], "s3:ListBucket");
  EXPECT_EQ(list["Resource"], "arn:aws:s3:::lake");
  EXPECT_EQ(list["Condition"]["StringLike"]["s3:prefix"], Json::array({"sales/2026/*"}));
  const Json& objects = policy["Statement"][1];
  EXPECT_EQ(objects["Resource"], "arn:aws:s3:::lake/sales/2026/*");
  EXPECT_EQ(objects["Action"], Json::array({"s3:GetObject", "s3:GetObjectVersion"}));
  EXPECT_EQ(policy["Statement"][2]["Action"], Json::array({"s3:GetBucketLocation"}));
  EXPECT_EQ(policy.dump().find("Put"), std::string::npos) << policy.dump();
  EXPECT_EQ(policy.dump().find("Delete"), std::string::npos) << policy.dump();
}

TEST(S3SessionPolicyTest, WritePolicyAddsPutDeleteAndMultipart) {
  const Json policy =
      Json::parse(aws::S3SessionPolicy("us-east-1", "lake", "out/", aws::S3Access::kWrite));
  const Json& objects = policy["Statement"][1]["Action"];
  for (const char* action : {"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                             "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}) {
    EXPECT_NE(std::find(objects.begin(), objects.end(), action), objects.end()) << action;
  }
  EXPECT_EQ(policy["Statement"][1]["Resource"], "arn:aws:s3:::lake/out/*");
}

TEST(S3SessionPolicyTest, WildcardsInThePrefixAreLiteralAndTheWholeBucketHasNoCondition) {
  const Json escaped =
      Json::parse(aws::S3SessionPolicy("us-east-1", "lake", "a*b?/${x}/", aws::S3Access::kRead));
  EXPECT_EQ(escaped["Statement"][1]["Resource"], "arn:aws:s3:::lake/a${*}b${?}/${$}{x}/*");
  EXPECT_EQ(escaped["Statement"][0]["Condition"]["StringLike"]["s3:prefix"][0],
            "a${*}b${?}/${$}{x}/*");
  const Json whole =
      Json::parse(aws::S3SessionPolicy("cn-north-1", "lake", "", aws::S3Access::kRead));
  EXPECT_FALSE(whole["Statement"][0].contains("Condition"));
  EXPECT_EQ(whole["Statement"][1]["Resource"], "arn:aws-cn:s3:::lake/*");
}

TEST(S3SessionPolicyTest, SessionNamesKeepOnlyWhatStsAccepts) {
  EXPECT_EQ(StsSessionName("sam", 64), "trib-sam");
  EXPECT_EQ(StsSessionName("an na/é", 64), "trib-an-na---");
  EXPECT_EQ(StsSessionName(std::string(100, 'x'), 32).size(), 32u);
}

class S3VendingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = Env("TRIB_TEST_MOTO_URL");
    if (url_.empty()) {
      if (Env("CI") == "true") FAIL() << "moto is not running (required under CI)";
      GTEST_SKIP() << "run under tests/scripts/with_moto.sh";
    }
    server_ = std::make_unique<TestServer>([this](TributaryOptions& options) {
      options.environment.aws.credentials.access_key_id = Env("TRIB_TEST_MOTO_ACCESS_KEY_ID");
      options.environment.aws.credentials.secret_access_key =
          Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY");
      options.environment.aws.region = "us-east-1";
      options.environment.aws.sts_endpoint = url_;
    });
    people_ = ProjectFixture::Build(server_->env());
    prefix_ = "team-" + RandomHex(4) + "/";
    role_ = Env("TRIB_TEST_MOTO_ROLE_ARN");
    for (const char* project_role : {"data_owner", "data_scientist"}) {
      Answer mapped = server_->Call(
          "POST", "/api/v1/admin/rolemappings", server_->env().admin_key,
          Json{
              {"project", people_.project}, {"project_role", project_role}, {"cloud_role", role_}});
      ASSERT_EQ(mapped.status, 201) << mapped.raw;
    }
    Json definition = Source("by_role");
    definition["iam_role"] = role_;
    ASSERT_EQ(Create(definition).status, 201);
  }

  Json Source(const std::string& name) const {
    return Json{{"name", name},
                {"type", "s3"},
                {"bucket", Env("TRIB_TEST_MOTO_BUCKET")},
                {"path", prefix_},
                {"region", "us-east-1"},
                {"arguments", {{"fs.s3a.endpoint", url_}, {"fs.s3a.path.style.access", "true"}}}};
  }
  Answer Create(const Json& definition) {
    return server_->Call("POST", "/api/v1/projects/" + people_.project + "/datasources",
                         people_.owner_key, definition);
  }
  Answer Vend(const std::string& source, const std::string& key, const Json& body = Json()) {
    return server_->Call(
        "POST", "/api/v1/projects/" + people_.project + "/datasources/" + source + "/credentials",
        key, body.is_null() ? std::string() : body.dump());
  }

  // What moto recorded about the assumed-role session of that access key.
  Json AssumedRole(const std::string& access_key_id) {
    httplib::Client moto(url_);
    moto.set_read_timeout(120, 0);  // moto serialises every model it holds: slow when busy
    auto answer = moto.Get("/moto-api/data.json");
    if (!answer || answer->status != 200) {
      ADD_FAILURE() << "moto's /moto-api/data.json did not answer: "
                    << (answer ? std::to_string(answer->status)
                               : httplib::to_string(answer.error()));
      return nullptr;
    }
    const Json data = Json::parse(answer->body);
    for (const Json& role : data["sts"]["AssumedRole"]) {
      if (role.value("access_key_id", "") == access_key_id) return role;
    }
    return nullptr;
  }

  // Reads `key` below the source's prefix with the vended credentials: moto checks the
  // signature made with the vended secret.
  Result<std::string> ReadWith(const Json& vended, const std::string& key) {
    objectstore::S3StoreConfig config;
    config.bucket = vended["bucket"];
    config.prefix = vended["prefix"];
    config.region = vended["region"];
    config.endpoint = vended["endpoint"];
    config.path_style = true;
    const aws::AwsCredentials credentials{vended["access_key_id"], vended["secret_access_key"],
                                          vended["session_token"], 0};
    config.credentials = [credentials]() -> Result<aws::AwsCredentials> { return credentials; };
    TRIB_ASSIGN_OR_RETURN(auto store, objectstore::MakeS3Store(config));
    return store->ReadRange(key, 0, 1 << 20);
  }

  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
  std::string url_, prefix_, role_;
};

TEST_F(S3VendingTest, ScientistsGetReadOnlyRoleSessionsNarrowedToThePrefix) {
  // Something to read, written through the source by its owner.
  Answer written =
      server_->PostBytes("/api/v1/projects/" + people_.project +
                             "/datasources/by_role/write?path=in/a.csv&data_format=csv",
                         people_.owner_key, "x\r\n1\r\n", "text/csv");
  ASSERT_EQ(written.status, 201) << written.raw;

  Answer vended = Vend("by_role", people_.scientist_key);
  ASSERT_EQ(vended.status, 200) << vended.status;
  EXPECT_EQ(vended.body["provider"], "aws");
  EXPECT_EQ(vended.body["access"], "read");
  EXPECT_EQ(vended.body["bucket"], Env("TRIB_TEST_MOTO_BUCKET"));
  EXPECT_EQ(vended.body["prefix"], prefix_);
  EXPECT_EQ(vended.body["endpoint"], url_);
  EXPECT_FALSE(vended.body["expires"].get<std::string>().empty());

  const Json session = AssumedRole(vended.body["access_key_id"]);
  ASSERT_FALSE(session.is_null()) << "moto has no session for the vended key";
  EXPECT_EQ(session["role_arn"], role_);
  EXPECT_EQ(session["session_name"], "trib-sam");
  EXPECT_EQ(Json::parse(session["policy"].get<std::string>()),
            Json::parse(aws::S3SessionPolicy("us-east-1", Env("TRIB_TEST_MOTO_BUCKET"), prefix_,
                                             aws::S3Access::kRead)));

  auto read = ReadWith(vended.body, "in/a.csv");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, "x\n1\n");

  AuditQuery query;
  query.action = "datasource.vend_credentials";
  auto events = server_->env().service->QueryAudit(server_->env().admin, query);
  ASSERT_TRUE(events.ok());
  const std::string log = events->dump();
  EXPECT_NE(log.find("\"access\":\"read\""), std::string::npos) << log;
  EXPECT_EQ(log.find(vended.body["secret_access_key"].get<std::string>()), std::string::npos);
}

TEST_F(S3VendingTest, WritingCredentialsAreForDataOwnersWithAWriteKey) {
  Answer refused = Vend("by_role", people_.scientist_key, Json{{"access", "write"}});
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "access") << refused.raw;

  const std::string read_only =
      ProjectFixture::KeyWithScopes(server_->env(), people_.owner, {"read"});
  EXPECT_EQ(Vend("by_role", read_only, Json{{"access", "write"}}).status, 403);
  EXPECT_EQ(Vend("by_role", read_only).status, 200) << "reading needs only the read scope";

  Answer owner = Vend("by_role", people_.owner_key, Json{{"access", "write"}, {"duration_s", 900}});
  ASSERT_EQ(owner.status, 200) << owner.status;
  EXPECT_EQ(owner.body["access"], "write");
  const Json session = AssumedRole(owner.body["access_key_id"]);
  ASSERT_FALSE(session.is_null());
  EXPECT_EQ(session["session_name"], "trib-olivia");
  EXPECT_NE(session["policy"].get<std::string>().find("s3:PutObject"), std::string::npos);
}

TEST_F(S3VendingTest, BadRequestsNameTheirFieldAndOutsidersSeeNothing) {
  Answer short_lived = Vend("by_role", people_.scientist_key, Json{{"duration_s", 60}});
  EXPECT_EQ(short_lived.status, 400);
  EXPECT_EQ(short_lived.body["error"]["field"], "duration_s") << short_lived.raw;
  Answer bad_access = Vend("by_role", people_.scientist_key, Json{{"access", "admin"}});
  EXPECT_EQ(bad_access.body["error"]["field"], "access") << bad_access.raw;
  Answer unknown = Vend("by_role", people_.scientist_key, Json{{"bucket", "other"}});
  EXPECT_EQ(unknown.status, 400) << unknown.raw;
  EXPECT_EQ(Vend("by_role", people_.outsider_key).status, 404);
  Answer passing_admin = Vend("by_role", server_->env().admin_key);
  EXPECT_EQ(passing_admin.status, 403) << "an admin who is not a member gets no credentials";
}

TEST_F(S3VendingTest, SparkOptionsCarryVendedNeverStoredCredentials) {
  const std::string path =
      "/api/v1/projects/" + people_.project + "/datasources/by_role/engine-options";
  Answer options = server_->Call("GET", path + "?include_credentials=true", people_.scientist_key);
  ASSERT_EQ(options.status, 200) << options.raw;
  EXPECT_EQ(options.body["includes_credentials"], true);
  const Json& spark = options.body["options"];
  EXPECT_EQ(spark["fs.s3a.aws.credentials.provider"],
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
  EXPECT_FALSE(AssumedRole(spark["fs.s3a.access.key"]).is_null());
  EXPECT_FALSE(spark["fs.s3a.session.token"].get<std::string>().empty());
  Answer write =
      server_->Call("GET", path + "?include_credentials=true&access=write", people_.scientist_key);
  EXPECT_EQ(write.status, 403) << write.raw;
}

TEST_F(S3VendingTest, KeySourcesVendFederationTokensNotTheirKeys) {
  Json definition = Source("by_keys");
  definition["access_key"] = Env("TRIB_TEST_MOTO_ACCESS_KEY_ID");
  definition["secret_key"] = Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY");
  ASSERT_EQ(Create(definition).status, 201);
  Answer vended = Vend("by_keys", people_.scientist_key);
  ASSERT_EQ(vended.status, 200) << vended.status;
  EXPECT_NE(vended.body["access_key_id"], Env("TRIB_TEST_MOTO_ACCESS_KEY_ID"));
  EXPECT_EQ(vended.raw.find(Env("TRIB_TEST_MOTO_SECRET_ACCESS_KEY")), std::string::npos);
  EXPECT_FALSE(vended.body["session_token"].get<std::string>().empty());

  // Temporary keys cannot ask for federation tokens: said, naming the field.
  Json temporary = Source("by_session");
  temporary["access_key"] = "ASIA" + RandomHex(8);
  temporary["secret_key"] = RandomHex(16);
  temporary["session_token"] = RandomHex(24);
  ASSERT_EQ(Create(temporary).status, 201);
  Answer refused = Vend("by_session", people_.owner_key);
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["field"], "session_token") << refused.raw;
}

TEST_F(S3VendingTest, ASourceWithNeitherKeysNorRoleUsesTheClusterRole) {
  ASSERT_EQ(Create(Source("by_cluster")).status, 201);
  Answer none = Vend("by_cluster", people_.scientist_key);
  EXPECT_EQ(none.status, 409) << none.raw;
  EXPECT_EQ(none.body["error"]["field"], "access_key") << none.raw;
  Answer set = server_->Call("PUT", "/api/v1/admin/cluster-role", server_->env().admin_key,
                             Json{{"cloud_role", role_}});
  ASSERT_EQ(set.status, 200) << set.raw;
  Answer vended = Vend("by_cluster", people_.scientist_key);
  ASSERT_EQ(vended.status, 200) << (vended.status == 200 ? "" : vended.raw);
  const Json session = AssumedRole(vended.body["access_key_id"]);
  ASSERT_FALSE(session.is_null());
  EXPECT_EQ(session["role_arn"], role_);
}

TEST_F(S3VendingTest, TypesThatCannotVendSaySo) {
  Answer hopsfs = server_->Call(
      "POST", "/api/v1/projects/" + people_.project + "/datasources", people_.owner_key,
      Json{{"name", "files"},
           {"type", "hopsfs"},
           {"hopsfs_path", "/Projects/" + people_.project + "/Resources"}});
  ASSERT_EQ(hopsfs.status, 201) << hopsfs.raw;
  Answer refused = Vend("files", people_.scientist_key);
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_NE(refused.raw.find("cannot vend"), std::string::npos) << refused.raw;
}

}  // namespace
}  // namespace trib::testing
