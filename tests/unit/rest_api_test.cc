// The REST API end to end over HTTP: permissions, every bad input of the foundation issue,
// and that a failed request leaves the catalog as it was.
#include <gtest/gtest.h>

#include "common/random.h"
#include "test_service.h"

namespace trib::testing {
namespace {

class RestApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    admin_ = server_->env().admin_key;
    auto [owner, owner_key] = server_->env().NewUser("olivia");
    owner_key_ = owner_key;
    auto [scientist, scientist_key] = server_->env().NewUser("sam");
    scientist_key_ = scientist_key;
    auto [outsider, outsider_key] = server_->env().NewUser("eve");
    outsider_key_ = outsider_key;
    ASSERT_EQ(Call("POST", "/api/v1/projects", owner_key_, Json{{"name", "fraud"}}).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/members", owner_key_,
                   Json{{"user", "sam"}, {"role", "data_scientist"}})
                  .status,
              201);
    secret_ = "s3cr3t-" + RandomToken(16);
  }

  Answer Call(const std::string& method, const std::string& path, const std::string& key,
              const Json& body) {
    return server_->Call(method, path, key, body);
  }
  Answer Call(const std::string& method, const std::string& path, const std::string& key,
              const std::string& body = "") {
    return server_->Call(method, path, key, body);
  }

  Json S3(const std::string& name) {
    return Json{{"name", name},
                {"type", "s3"},
                {"bucket", "events-raw"},
                {"region", "eu-west-1"},
                {"access_key", "AKIAEXAMPLE"},
                {"secret_key", secret_}};
  }

  // Everything a failed request must not change: the definitions and the audit trail.
  std::string Snapshot() {
    return Call("GET", "/api/v1/projects/fraud/datasources", admin_).raw + "|" +
           Call("GET", "/api/v1/admin/audit?limit=1000", admin_).raw;
  }

  // Sends a bad request and checks status, error code, the field it names, and that nothing
  // changed.
  void ExpectRejected(const std::string& method, const std::string& path, const std::string& key,
                      const std::string& body, int status, const std::string& code,
                      const std::string& field) {
    const std::string before = Snapshot();
    Answer a = Call(method, path, key, body);
    EXPECT_EQ(a.status, status) << a.raw;
    ASSERT_TRUE(a.body.is_object()) << a.raw;
    EXPECT_EQ(a.body["error"]["code"], code) << a.raw;
    if (!field.empty()) {
      EXPECT_EQ(a.body["error"].value("field", ""), field) << a.raw;
    }
    EXPECT_FALSE(a.body["error"].value("message", "").empty());
    EXPECT_EQ(a.raw.find(secret_), std::string::npos) << "secret echoed in an error";
    EXPECT_EQ(Snapshot(), before) << "a rejected request changed the catalog";
  }

  std::unique_ptr<TestServer> server_;
  std::string admin_, owner_key_, scientist_key_, outsider_key_, secret_;
};

TEST_F(RestApiTest, HealthNeedsNoKey) {
  Answer a = Call("GET", "/healthz", "");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["status"], "ok");
}

TEST_F(RestApiTest, MissingOrBadKeyIs401) {
  EXPECT_EQ(Call("GET", "/api/v1/projects", "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/projects", "trib_nope.nope").status, 401);
  // A real key id with a wrong secret.
  std::string forged = owner_key_.substr(0, owner_key_.find('.') + 1) + "wrong";
  Answer a = Call("GET", "/api/v1/projects", forged);
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.body["error"]["code"], "unauthenticated");
}

TEST_F(RestApiTest, CreatingAProjectMakesItsThreeDefaultSources) {
  Answer a = Call("GET", "/api/v1/projects/fraud/datasources", owner_key_);
  ASSERT_EQ(a.status, 200);
  std::set<std::string> names;
  for (const auto& ds : a.body["datasources"]) {
    names.insert(ds["name"]);
    EXPECT_TRUE(ds["default"].get<bool>());
  }
  EXPECT_EQ(names, (std::set<std::string>{"fraud_onlinefeaturestore", "fraud_Training_Datasets",
                                          "fraud_offline"}));
  EXPECT_TRUE(std::filesystem::is_directory(server_->env().dir.path() / "fs" / "Projects" /
                                            "fraud" / "fraud_Training_Datasets"));
}

TEST_F(RestApiTest, CreateShowsSecretsRedacted) {
  Answer created = Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake"));
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body["secret_key"], "<redacted>");
  EXPECT_EQ(created.body["bucket"], "events-raw");
  EXPECT_EQ(created.body["version"], 1);
  Answer shown = Call("GET", "/api/v1/projects/fraud/datasources/lake", scientist_key_);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body["secret_key"], "<redacted>");
  EXPECT_EQ(shown.raw.find(secret_), std::string::npos);
  EXPECT_EQ(created.raw.find(secret_), std::string::npos);
}

TEST_F(RestApiTest, UpdateWithRedactedKeepsTheSecretAndBumpsTheVersion) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  Json def = Call("GET", "/api/v1/projects/fraud/datasources/lake", owner_key_).body;
  def["region"] = "us-east-1";
  Answer updated = Call("PUT", "/api/v1/projects/fraud/datasources/lake", owner_key_, def);
  ASSERT_EQ(updated.status, 200) << updated.raw;
  EXPECT_EQ(updated.body["version"], 2);
  EXPECT_EQ(updated.body["region"], "us-east-1");
  auto resolved = server_->env().service->ResolveDataSource(server_->env().admin, "fraud", "lake");
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->secrets.at("/secret_key"), secret_);
}

TEST_F(RestApiTest, UnknownType) {
  Json body = S3("x");
  body["type"] = "ftp";
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body.dump(), 400,
                 "invalid_argument", "type");
}

TEST_F(RestApiTest, MissingRequiredField) {
  Json body = S3("x");
  body.erase("bucket");
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body.dump(), 400,
                 "invalid_argument", "bucket");
}

TEST_F(RestApiTest, UnknownFieldListsTheAllowedOnes) {
  Json body = S3("x");
  body["buckett"] = "typo";
  Answer a = Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, body);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.body["error"]["field"], "buckett");
  EXPECT_NE(a.body["error"]["message"].get<std::string>().find("bucket"), std::string::npos);
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body.dump(), 400,
                 "invalid_argument", "buckett");
}

TEST_F(RestApiTest, WrongFieldKind) {
  Json body = {{"name", "wh"},
               {"type", "redshift"},
               {"cluster_identifier", "c1"},
               {"database_name", "dev"},
               {"database_port", "5439"},
               {"database_user_name", "u"},
               {"database_password", secret_}};
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body.dump(), 400,
                 "invalid_argument", "database_port");
}

TEST_F(RestApiTest, BothAuthChoices) {
  Json body = S3("x");
  body["iam_role"] = "arn:aws:iam::123456789012:role/reader";
  Answer a = Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, body);
  EXPECT_EQ(a.status, 400);
  const std::string field = a.body["error"]["field"];
  EXPECT_TRUE(field == "iam_role" || field == "access_key" || field == "secret_key") << a.raw;
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body.dump(), 400,
                 "invalid_argument", field);
}

TEST_F(RestApiTest, BadNames) {
  for (const std::string& name : {std::string(129, 'a'), std::string("a/b"), std::string("a..b"),
                                  std::string(".."), std::string("")}) {
    SCOPED_TRACE(name);
    ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3(name).dump(), 400,
                   "invalid_argument", "name");
  }
}

TEST_F(RestApiTest, MalformedJson) {
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, "{\"name\": ", 400,
                 "invalid_argument", "body");
}

// Two readers of one body must not disagree about which of two equal keys counts.
TEST_F(RestApiTest, RepeatedJsonKeyIsRefusedByName) {
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_,
                 R"({"name": "lake", "type": "s3", "bucket": "b", "bucket": "other"})", 400,
                 "invalid_argument", "bucket");
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_,
                 R"({"name": "pg", "type": "jdbc", "connection_string": "jdbc:postgresql://h/d",
                     "arguments": {"user": "a", "user": "b"}})",
                 400, "invalid_argument", "arguments.user");
}

// A description is a string like any other: no control characters (terminal escapes).
TEST_F(RestApiTest, ControlCharactersInDescription) {
  Json body = S3("lake");
  body["description"] = "pwned\x1b]0;title\x07";
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body.dump(), 400,
                 "invalid_argument", "description");
  body["description"] = "two lines\nand\ta tab";
  EXPECT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, body).status, 201);
}

TEST_F(RestApiTest, DeeplyNestedJson) {
  std::string body = "{\"name\":\"x\",\"type\":\"s3\",\"arguments\":";
  for (int i = 0; i < 10000; ++i) body += "{\"a\":";
  body += "1";
  for (int i = 0; i < 10000; ++i) body += "}";
  body += "}";
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, body, 400,
                 "invalid_argument", "body");
}

TEST_F(RestApiTest, FiftyMegabyteBodyIs413) {
  const std::string before = Snapshot();
  std::string body =
      "{\"name\":\"x\",\"type\":\"s3\",\"description\":\"" + std::string(50u << 20, 'a') + "\"}";
  Answer a = Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, body);
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(a.body["error"]["code"], "payload_too_large");
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(RestApiTest, DuplicateName) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake").dump(), 409,
                 "already_exists", "name");
}

TEST_F(RestApiTest, StaleVersion) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  Json def = Call("GET", "/api/v1/projects/fraud/datasources/lake", owner_key_).body;
  Json first = def;
  first["region"] = "us-west-2";
  ASSERT_EQ(Call("PUT", "/api/v1/projects/fraud/datasources/lake", owner_key_, first).status, 200);
  def["region"] = "ap-south-1";  // still carries version 1
  ExpectRejected("PUT", "/api/v1/projects/fraud/datasources/lake", owner_key_, def.dump(), 409,
                 "conflict", "version");
}

TEST_F(RestApiTest, UpdateWithoutVersion) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  Json def = S3("lake");
  ExpectRejected("PUT", "/api/v1/projects/fraud/datasources/lake", owner_key_, def.dump(), 400,
                 "invalid_argument", "version");
}

TEST_F(RestApiTest, DeletingADefaultSource) {
  ExpectRejected("DELETE", "/api/v1/projects/fraud/datasources/fraud_offline", owner_key_, "", 409,
                 "failed_precondition", "");
}

TEST_F(RestApiTest, DataScientistCannotCreateChangeOrDelete) {
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", scientist_key_, S3("x").dump(), 403,
                 "permission_denied", "");
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  Json def = Call("GET", "/api/v1/projects/fraud/datasources/lake", scientist_key_).body;
  ExpectRejected("PUT", "/api/v1/projects/fraud/datasources/lake", scientist_key_, def.dump(), 403,
                 "permission_denied", "");
  ExpectRejected("DELETE", "/api/v1/projects/fraud/datasources/lake", scientist_key_, "", 403,
                 "permission_denied", "");
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/datasources", scientist_key_).status, 200);
}

TEST_F(RestApiTest, NonMemberSeesNothing) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  Answer missing = Call("GET", "/api/v1/projects/nosuch/datasources", outsider_key_);
  for (const std::string path :
       {"/api/v1/projects/fraud", "/api/v1/projects/fraud/datasources",
        "/api/v1/projects/fraud/datasources/lake", "/api/v1/projects/fraud/members"}) {
    Answer a = Call("GET", path, outsider_key_);
    EXPECT_EQ(a.status, 404) << path;
  }
  // Same answer shape as a project that does not exist: names do not leak.
  Answer hidden = Call("GET", "/api/v1/projects/fraud/datasources", outsider_key_);
  EXPECT_EQ(hidden.body["error"]["code"], missing.body["error"]["code"]);
  ExpectRejected("POST", "/api/v1/projects/fraud/datasources", outsider_key_, S3("y").dump(), 404,
                 "not_found", "");
  Answer projects = Call("GET", "/api/v1/projects", outsider_key_);
  EXPECT_TRUE(projects.body["projects"].empty());
}

TEST_F(RestApiTest, DeleteRemovesTheSource) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  EXPECT_EQ(Call("DELETE", "/api/v1/projects/fraud/datasources/lake", owner_key_).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/datasources/lake", owner_key_).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/projects/fraud/datasources/lake", owner_key_).status, 404);
}

TEST_F(RestApiTest, OnlyAdminsAdministrate) {
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", owner_key_, Json{{"name", "mallory"}}).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/admin/audit", owner_key_).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/admin/rolemappings", owner_key_).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/admin/rotate-master-key", owner_key_).status, 403);
  Answer created = Call("POST", "/api/v1/admin/users", admin_, Json{{"name", "mallory"}});
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(
      Call("GET", "/api/v1/users/me", created.body["api_key"].get<std::string>()).body["name"],
      "mallory");
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", admin_, Json{{"name", "mallory"}}).status, 409);
}

TEST_F(RestApiTest, MembersAreManagedByDataOwners) {
  EXPECT_EQ(Call("POST", "/api/v1/projects/fraud/members", scientist_key_,
                 Json{{"user", "eve"}, {"role", "data_owner"}})
                .status,
            403);
  Answer bad = Call("POST", "/api/v1/projects/fraud/members", owner_key_,
                    Json{{"user", "eve"}, {"role", "boss"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "role");
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/members", owner_key_,
                 Json{{"user", "eve"}, {"role", "data_scientist"}})
                .status,
            201);
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/datasources", outsider_key_).status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/projects/fraud/members/eve", owner_key_).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/datasources", outsider_key_).status, 404);
}

TEST_F(RestApiTest, TheLastDataOwnerCannotLeave) {
  ExpectRejected("DELETE", "/api/v1/projects/fraud/members/olivia", owner_key_, "", 409,
                 "failed_precondition", "");
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/members", owner_key_,
                 Json{{"user", "eve"}, {"role", "data_owner"}})
                .status,
            201);
  EXPECT_EQ(Call("DELETE", "/api/v1/projects/fraud/members/olivia", owner_key_).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud", owner_key_).status, 404);
}

TEST_F(RestApiTest, RoleMappingsAreFilteredByProjectRole) {
  const std::string owner_role = "arn:aws:iam::123456789012:role/fraud-owner";
  const std::string scientist_role = "arn:aws:iam::123456789012:role/fraud-reader";
  ASSERT_EQ(
      Call("POST", "/api/v1/admin/rolemappings", admin_,
           Json{{"project", "fraud"}, {"project_role", "data_owner"}, {"cloud_role", owner_role}})
          .status,
      201);
  ASSERT_EQ(Call("POST", "/api/v1/admin/rolemappings", admin_,
                 Json{{"project", "fraud"},
                      {"project_role", "data_scientist"},
                      {"cloud_role", scientist_role},
                      {"default", true}})
                .status,
            201);
  Answer bad =
      Call("POST", "/api/v1/admin/rolemappings", admin_,
           Json{{"project", "fraud"}, {"project_role", "data_owner"}, {"cloud_role", "root"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "cloud_role");
  Answer seen = Call("GET", "/api/v1/projects/fraud/rolemappings", scientist_key_);
  ASSERT_EQ(seen.status, 200);
  ASSERT_EQ(seen.body["rolemappings"].size(), 1u);
  EXPECT_EQ(seen.body["rolemappings"][0]["cloud_role"], scientist_role);
  EXPECT_TRUE(seen.body["rolemappings"][0]["default"].get<bool>());
  Answer owner_seen = Call("GET", "/api/v1/projects/fraud/rolemappings", owner_key_);
  ASSERT_EQ(owner_seen.body["rolemappings"].size(), 1u);
  EXPECT_EQ(owner_seen.body["rolemappings"][0]["cloud_role"], owner_role);
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/rolemappings", outsider_key_).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/admin/rolemappings", admin_).body["rolemappings"].size(), 2u);

  ASSERT_EQ(Call("PUT", "/api/v1/admin/cluster-role", admin_,
                 Json{{"cloud_role", "arn:aws:iam::123456789012:role/cluster"}})
                .status,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/projects/fraud/rolemappings", scientist_key_).body["cluster_role"],
            "arn:aws:iam::123456789012:role/cluster");
}

TEST_F(RestApiTest, AuditRecordsWhoDidWhat) {
  ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/datasources", owner_key_, S3("lake")).status, 201);
  ASSERT_EQ(Call("DELETE", "/api/v1/projects/fraud/datasources/lake", owner_key_).status, 204);
  Answer a = Call("GET", "/api/v1/admin/audit?project=fraud&actor=olivia", admin_);
  ASSERT_EQ(a.status, 200);
  std::vector<std::string> actions;
  for (const auto& e : a.body["events"]) actions.push_back(e["action"]);
  // Newest first.
  ASSERT_GE(actions.size(), 3u);
  EXPECT_EQ(actions[0], "datasource.delete");
  EXPECT_EQ(actions[1], "datasource.create");
  EXPECT_EQ(a.raw.find(secret_), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/admin/audit?limit=abc", admin_).body["error"]["field"], "limit");
}

TEST_F(RestApiTest, UnknownEndpointIsJson404) {
  Answer a = Call("GET", "/api/v1/nothing-here", admin_);
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body["error"]["code"], "not_found");
}

TEST_F(RestApiTest, WrongMethodIsJson405) {
  Answer a = Call("DELETE", "/api/v1/projects", admin_);
  EXPECT_EQ(a.status, 405);
  EXPECT_EQ(a.body["error"]["code"], "invalid_argument");
}

TEST_F(RestApiTest, TypesAreServed) {
  Answer a = Call("GET", "/api/v1/datasource-types", scientist_key_);
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.body["types"].size(), 9u);
}

}  // namespace
}  // namespace trib::testing
