// --set / --unset / --secret against a type's field table, as the CLI applies them.
#include <gtest/gtest.h>

#include "clientlib/field_values.h"
#include "clientlib/type_info.h"
#include "common/random.h"
#include "datasource/field_spec.h"

namespace trib::cli {
namespace {

// The client reads what the server serves, and the server serves TypeSpec::Describe(): build
// the test type through it, so that a drift between the two breaks this test.
TypeInfo TestType() {
  TypeSpec spec;
  spec.name = "warehouse";
  spec.group = "cloud agnostic";
  spec.description = "a test type";
  spec.fields.push_back(StringField("host", "host name").Required());
  spec.fields.push_back(IntegerField("port", "TCP port", 1, 65535).Default(5439));
  spec.fields.push_back(BooleanField("auto_create", "create the table"));
  spec.fields.push_back(EnumField("mode", "how", {"fast", "safe"}));
  spec.fields.push_back(SecretField("password", "database password"));
  spec.fields.push_back(MapField("arguments", "driver options", {"password", "secret"}));
  Result<TypeInfo> info = ParseTypeInfo(spec.Describe());
  EXPECT_TRUE(info.ok()) << info.status().ToString();
  return info.ok() ? *info : TypeInfo{};
}

TEST(CliFieldValues, ConvertsBySetKind) {
  const TypeInfo type = TestType();
  Json def = Json::object();
  ASSERT_TRUE(ApplySet(type, "host=db.example.com", def).ok());
  ASSERT_TRUE(ApplySet(type, "port=5439", def).ok());
  ASSERT_TRUE(ApplySet(type, "auto_create=true", def).ok());
  ASSERT_TRUE(ApplySet(type, "mode=safe", def).ok());
  EXPECT_EQ(def["host"], "db.example.com");
  EXPECT_EQ(def["port"], 5439);
  EXPECT_TRUE(def["port"].is_number_integer());
  EXPECT_EQ(def["auto_create"], true);
  EXPECT_EQ(def["mode"], "safe");
  ASSERT_TRUE(ApplySet(type, "auto_create=FALSE", def).ok());
  EXPECT_EQ(def["auto_create"], false);
}

TEST(CliFieldValues, ValueMayContainEqualsAndBeEmpty) {
  const TypeInfo type = TestType();
  Json def = Json::object();
  ASSERT_TRUE(ApplySet(type, "host=a=b", def).ok());
  EXPECT_EQ(def["host"], "a=b");
  ASSERT_TRUE(ApplySet(type, "host=", def).ok());
  EXPECT_EQ(def["host"], "");
}

TEST(CliFieldValues, BadConversionNamesTheField) {
  const TypeInfo type = TestType();
  Json def = Json::object();
  for (const char* bad : {"port=54x", "port=", "port=1.5", "port=99999999999999999999"}) {
    Status s = ApplySet(type, bad, def);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.field(), "port") << bad;
    EXPECT_NE(s.message().find("integer"), std::string::npos) << s.message();
  }
  Status range = ApplySet(type, "port=70000", def);
  EXPECT_EQ(range.field(), "port");
  EXPECT_NE(range.message().find("between 1 and 65535"), std::string::npos) << range.message();
  Status flag = ApplySet(type, "auto_create=yes", def);
  EXPECT_EQ(flag.field(), "auto_create");
  EXPECT_NE(flag.message().find("true or false"), std::string::npos);
  Status choice = ApplySet(type, "mode=slow", def);
  EXPECT_EQ(choice.field(), "mode");
  EXPECT_NE(choice.message().find("fast, safe"), std::string::npos) << choice.message();
  EXPECT_FALSE(def.contains("port"));  // nothing half-applied
}

TEST(CliFieldValues, UnknownFieldListsTheKnownOnes) {
  const TypeInfo type = TestType();
  Json def = Json::object();
  Status s = ApplySet(type, "hots=x", def);
  EXPECT_EQ(s.field(), "hots");
  EXPECT_NE(s.message().find("host, port, auto_create, mode, password, arguments"),
            std::string::npos)
      << s.message();
  EXPECT_NE(ApplySet(type, "description=x", def).message().find("--description"),
            std::string::npos);
  EXPECT_EQ(ApplySet(type, "noequals", def).code(), StatusCode::kInvalidArgument);
}

TEST(CliFieldValues, MapEntriesKeepDotsInTheirKeys) {
  const TypeInfo type = TestType();
  Json def = Json::object();
  ASSERT_TRUE(ApplySet(type, "arguments.fs.s3a.endpoint=http://x:9000", def).ok());
  ASSERT_TRUE(ApplySet(type, "arguments.batch=10", def).ok());
  EXPECT_EQ(def["arguments"]["fs.s3a.endpoint"], "http://x:9000");
  EXPECT_EQ(def["arguments"]["batch"], "10");  // map values stay strings
  EXPECT_EQ(ApplySet(type, "arguments=x", def).field(), "arguments");
  EXPECT_EQ(ApplySet(type, "arguments.=x", def).field(), "arguments");
  EXPECT_EQ(ApplySet(type, "host.sub=x", def).field(), "host");
}

TEST(CliFieldValues, SecretsAreRefusedOnTheCommandLineWithoutEchoingThem) {
  const TypeInfo type = TestType();
  const std::string secret = RandomToken();
  Json def = Json::object();
  for (const std::string& target :
       {std::string("password"), std::string("arguments.password"),
        std::string("arguments.ssl.Key.PASSWORD"), std::string("arguments.client_secret")}) {
    Status s = ApplySet(type, target + "=" + secret, def);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << target;
    EXPECT_EQ(s.field(), target);
    EXPECT_NE(s.message().find("--secret " + target), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("=@FILE"), std::string::npos);
    EXPECT_EQ(s.message().find(secret), std::string::npos);
  }
  EXPECT_EQ(def, Json::object());
}

TEST(CliFieldValues, SecretGoesOnlyWhereTheServerKeepsItSecret) {
  const TypeInfo type = TestType();
  const std::string secret = RandomToken();
  Json def = Json::object();
  Result<FieldPath> password = ResolveFieldPath(type, "password");
  ASSERT_TRUE(password.ok());
  ASSERT_TRUE(ApplySecret(*password, secret, def).ok());
  EXPECT_EQ(def["password"], secret);
  Result<FieldPath> entry = ResolveFieldPath(type, "arguments.db_password");
  ASSERT_TRUE(entry.ok());
  ASSERT_TRUE(ApplySecret(*entry, secret, def).ok());
  EXPECT_EQ(def["arguments"]["db_password"], secret);

  Result<FieldPath> host = ResolveFieldPath(type, "host");
  ASSERT_TRUE(host.ok());
  Status clear = ApplySecret(*host, secret, def);
  EXPECT_EQ(clear.field(), "host");
  EXPECT_NE(clear.message().find("not a secret"), std::string::npos);
  Result<FieldPath> plain_entry = ResolveFieldPath(type, "arguments.region");
  ASSERT_TRUE(plain_entry.ok());
  EXPECT_FALSE(ApplySecret(*plain_entry, secret, def).ok());
  EXPECT_FALSE(def.contains("host"));
  EXPECT_EQ(ApplySecret(*password, "", def).field(), "password");
}

TEST(CliFieldValues, UnsetRemovesFieldsEntriesAndWholeMaps) {
  const TypeInfo type = TestType();
  Json def = {{"host", "h"}, {"password", "<redacted>"}, {"arguments", {{"a", "1"}, {"b", "2"}}}};
  ASSERT_TRUE(ApplyUnset(type, "host", def).ok());
  ASSERT_TRUE(ApplyUnset(type, "arguments.a", def).ok());
  ASSERT_TRUE(ApplyUnset(type, "port", def).ok());  // absent is fine
  EXPECT_EQ(def, (Json{{"password", "<redacted>"}, {"arguments", {{"b", "2"}}}}));
  ASSERT_TRUE(ApplyUnset(type, "arguments", def).ok());
  EXPECT_FALSE(def.contains("arguments"));
  EXPECT_EQ(ApplyUnset(type, "nope", def).field(), "nope");
}

TEST(CliFieldValues, UpdateKeepsVersionAndRedactedSecretsDropsAnswerOnlyKeys) {
  const Json answer = {{"name", "lake"},  {"type", "warehouse"},     {"password", "<redacted>"},
                       {"version", 3},    {"created", "2026-01-01"}, {"updated", "2026-01-02"},
                       {"default", false}};
  const Json update = DefinitionForUpdate(answer);
  EXPECT_EQ(
      update,
      (Json{{"name", "lake"}, {"type", "warehouse"}, {"password", "<redacted>"}, {"version", 3}}));
  EXPECT_FALSE(DefinitionForCreate(answer).contains("version"));
}

TEST(CliFieldValues, CreateRefusesRedactedPlaceholders) {
  EXPECT_TRUE(RefuseRedacted(Json{{"password", "x"}, {"arguments", {{"a", "b"}}}}).ok());
  Status top = RefuseRedacted(Json{{"password", "<redacted>"}});
  EXPECT_EQ(top.field(), "password");
  EXPECT_NE(top.message().find("--secret password"), std::string::npos);
  EXPECT_EQ(RefuseRedacted(Json{{"arguments", {{"db_password", "<redacted>"}}}}).field(),
            "arguments.db_password");
}

TEST(CliTypeInfo, ReadsTheServedListAndRefusesAFieldWithoutSecretFlag) {
  TypeSpec spec;
  spec.name = "t";
  spec.fields.push_back(StringField("a", "a"));
  const Json answer = {{"types", Json::array({spec.Describe()})}};
  Result<std::vector<TypeInfo>> types = ParseTypeList(answer);
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  ASSERT_EQ(types->size(), 1u);
  EXPECT_TRUE(FindType(*types, "t").ok());
  Status unknown = FindType(*types, "s4").status();
  EXPECT_EQ(unknown.field(), "type");
  EXPECT_NE(unknown.message().find("(types: t)"), std::string::npos);

  // Without the flag the client could not know what to refuse on argv: reject the table.
  Json no_flag = answer;
  no_flag["types"][0]["fields"][0].erase("secret");
  EXPECT_FALSE(ParseTypeList(no_flag).ok());
  EXPECT_FALSE(ParseTypeList(Json::object()).ok());
}

TEST(CliTypeInfo, MarkersMatchCaseInsensitively) {
  TypeInfo type = TestType();
  const FieldInfo* args = type.Find("arguments");
  ASSERT_NE(args, nullptr);
  EXPECT_TRUE(args->IsSecretMapKey("SSL.Password"));
  EXPECT_TRUE(args->IsSecretMapKey("client_secret"));
  EXPECT_FALSE(args->IsSecretMapKey("region"));
}

// A map whose keys a client declares: the table, not the markers, says which entries are
// secret, and the client learns it from the served description.
TEST(CliFieldValues, DeclaredSecretOptionsAreRefusedOnTheCommandLine) {
  static const OptionTable kTable = {"Test client",
                                     KeyMatch::kExact,
                                     {{"sasl.jaas.config", OptionKind::kText, "login", {}, true},
                                      {"ssl.keystore.type", OptionKind::kText, "format"}}};
  TypeSpec spec;
  spec.name = "stream";
  spec.group = "cloud agnostic";
  spec.description = "a test type";
  spec.fields.push_back(OptionsField("options", "client properties", kTable));
  Result<TypeInfo> info = ParseTypeInfo(spec.Describe());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  const FieldInfo* options = info->Find("options");
  ASSERT_NE(options, nullptr);
  EXPECT_TRUE(options->IsSecretMapKey("sasl.jaas.config"));
  EXPECT_FALSE(options->IsSecretMapKey("ssl.keystore.type"));  // "key" is no marker here
  Json def = Json::object();
  const std::string secret = RandomToken();
  Status s = ApplySet(*info, "options.sasl.jaas.config=" + secret, def);
  EXPECT_EQ(s.field(), "options.sasl.jaas.config");
  EXPECT_EQ(s.message().find(secret), std::string::npos);
  EXPECT_TRUE(ApplySet(*info, "options.ssl.keystore.type=PEM", def).ok());
  EXPECT_EQ(def["options"]["ssl.keystore.type"], "PEM");
}

}  // namespace
}  // namespace trib::cli
