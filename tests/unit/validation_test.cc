// The validation engine on a small hand-made type: kinds, bounds, secrets and their pointers,
// redaction, updates, names, and the reusable cross-field rules.
#include "datasource/validation.h"

#include <gtest/gtest.h>

#include <string>

#include "common/random.h"
#include "datasource/field_spec.h"
#include "datasource/type_registry.h"

namespace trib {
namespace {

TypeSpec DemoType() {
  TypeSpec spec;
  spec.name = "demo";
  spec.group = "test";
  spec.description = "A type made for these tests.";
  spec.fields = {
      StringField("host", "Where to connect.").Required(),
      IntegerField("port", "The port.", 10, 20).Default(15),
      IntegerField("offset", "A signed value.", -5, -1),
      BooleanField("tls", "Whether to use TLS.").Default(false),
      EnumField("mode", "How.", {"fast", "safe"}),
      SecretField("password", "The password.").Check([](const Json& v) {
        return v.get_ref<const std::string&>().size() >= 8
                   ? Status::Ok()
                   : Status::InvalidArgument("", "'password' must be at least 8 characters");
      }),
      SecretField("token", "A token."),
      MapField("options", "More options.", {"password", "secret"}),
  };
  spec.rules = {MutuallyExclusive({"password", "token"})};
  return spec;
}

class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(registry_.Register(DemoType()).ok()); }

  Result<ValidatedDefinition> Create(Json fields) {
    Json body = {{"name", "d1"}, {"type", "demo"}, {"host", "db.example.com"}};
    for (auto& [k, v] : fields.items()) body[k] = v;
    return ValidateDefinition(registry_, body, nullptr);
  }

  // What the catalog would keep for a validated definition (envelopes are stand-ins).
  static DataSource Store(const ValidatedDefinition& v) {
    DataSource ds;
    ds.name = v.name;
    ds.type = v.type;
    ds.description = v.description;
    ds.config = v.config;
    for (const auto& [pointer, plaintext] : v.secrets) {
      ds.sealed_secrets[pointer] = "sealed:" + RandomHex(8);
    }
    ds.version = 3;
    return ds;
  }

  TypeRegistry registry_;
  const std::string password_ = RandomToken(16);
};

TEST_F(ValidationTest, IntegerBoundsHoldForUnsignedAndSignedValues) {
  // JSON parses non-negative numbers as unsigned: the lower bound must still apply to them.
  for (const char* text : {"0", "9", "21", "18446744073709551615", "-3", "9.5"}) {
    auto v = Create({{"port", Json::parse(text)}});
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_EQ(v.status().field(), "port") << text;
  }
  for (const char* text : {"10", "20"}) {
    auto v = Create({{"port", Json::parse(text)}});
    ASSERT_TRUE(v.ok()) << text << ": " << v.status().ToString();
    EXPECT_EQ(v->config["port"], Json::parse(text));
  }
  // A range below zero: no non-negative value fits.
  for (const char* text : {"0", "3", "-6"}) {
    auto v = Create({{"offset", Json::parse(text)}});
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_EQ(v.status().field(), "offset");
  }
  EXPECT_TRUE(Create({{"offset", -5}}).ok());
}

TEST_F(ValidationTest, DefaultsFillAbsentNullAndEmptyValues) {
  for (const Json& absent : {Json(nullptr), Json("")}) {
    auto v = Create({{"port", absent}});
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->config["port"], 15);
    EXPECT_EQ(v->config["tls"], false);
    EXPECT_FALSE(v->config.contains("mode"));
  }
}

TEST_F(ValidationTest, SecretsLeaveConfigAndAreCheckedWithoutQuotingThem) {
  auto v = Create(
      {{"password", password_}, {"options", {{"db.Password", password_ + "x"}, {"a", "b"}}}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->secrets.at("/password"), password_);
  EXPECT_EQ(v->secrets.at("/options/db.Password"), password_ + "x");
  EXPECT_EQ(v->config["options"], Json({{"a", "b"}}));
  EXPECT_EQ(v->config.dump().find(password_), std::string::npos);

  const std::string short_one = RandomHex(3);
  auto bad = Create({{"password", short_one}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "password") << "an empty field is filled in by the caller";
  EXPECT_EQ(bad.status().message().find(short_one), std::string::npos);
}

TEST_F(ValidationTest, SecretMapKeysWithSlashesAndTildesRoundTrip) {
  const std::string key = "a/b~secret";
  auto v = Create({{"options", {{key, password_}}}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->secrets.count("/options/a~1b~0secret"), 1u);
  const DataSource stored = Store(*v);
  const Json rendered = RenderDefinition(DemoType(), stored);
  EXPECT_EQ(rendered["options"][key], kRedacted);
  auto kept = ValidateDefinition(registry_, rendered, &stored);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_FALSE(kept->secrets.at("/options/a~1b~0secret").has_value());
}

TEST_F(ValidationTest, RenderShowsFieldsInTableOrderWithSecretsRedacted) {
  auto v = Create({{"token", password_}, {"mode", "safe"}, {"options", {{"x", "1"}}}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  const Json rendered = RenderDefinition(DemoType(), Store(*v));
  std::vector<std::string> keys;
  for (const auto& [k, value] : rendered.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "type", "description", "host", "port", "tls",
                                            "mode", "token", "options", "version", "created",
                                            "updated", "default"}));
  EXPECT_EQ(rendered["token"], kRedacted);
  EXPECT_EQ(rendered.dump().find(password_), std::string::npos);
}

TEST_F(ValidationTest, RedactedKeepsTheStoredSecretOnlyWhenThereIsOne) {
  auto v = Create({{"password", password_}});
  ASSERT_TRUE(v.ok());
  const DataSource stored = Store(*v);

  Json update = {{"host", "db2.example.com"}, {"password", kRedacted}, {"version", 3}};
  auto kept = ValidateDefinition(registry_, update, &stored);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->name, "d1") << "an update without a name keeps it";
  EXPECT_EQ(kept->version, 3);
  EXPECT_FALSE(kept->secrets.at("/password").has_value());

  // A redacted value for a secret that was never stored cannot be kept.
  update["password"] = nullptr;
  update["token"] = kRedacted;
  auto missing = ValidateDefinition(registry_, update, &stored);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "token");

  // Nor on create.
  auto created = Create({{"password", kRedacted}});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().field(), "password");

  // A new plaintext replaces the stored one.
  update = {{"host", "h"}, {"password", password_ + "-new"}};
  auto replaced = ValidateDefinition(registry_, update, &stored);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->secrets.at("/password"), password_ + "-new");
}

TEST_F(ValidationTest, RulesSeeRedactedSecretsAsSet) {
  auto v = Create({{"password", password_}});
  ASSERT_TRUE(v.ok());
  const DataSource stored = Store(*v);
  auto both = ValidateDefinition(
      registry_, {{"host", "h"}, {"password", kRedacted}, {"token", password_}}, &stored);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().field(), "token");
  EXPECT_EQ(both.status().message().find(password_), std::string::npos);
}

TEST_F(ValidationTest, TypeMustBeAKnownStringAndCannotChange) {
  auto missing = ValidateDefinition(registry_, {{"name", "d1"}, {"host", "h"}}, nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "type");
  EXPECT_NE(missing.status().message().find("demo"), std::string::npos) << "lists known types";

  auto unknown = ValidateDefinition(registry_, {{"name", "d1"}, {"type", "ftp"}}, nullptr);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "type");

  auto v = Create({});
  ASSERT_TRUE(v.ok());
  const DataSource stored = Store(*v);
  for (const Json& type : {Json(7), Json("other")}) {
    auto changed = ValidateDefinition(registry_, {{"type", type}, {"host", "h"}}, &stored);
    ASSERT_FALSE(changed.ok()) << type.dump();
    EXPECT_EQ(changed.status().field(), "type");
  }
}

TEST_F(ValidationTest, EnvelopeIsCheckedAndReadOnlyKeysIgnored) {
  EXPECT_EQ(ValidateDefinition(registry_, Json::array(), nullptr).status().field(), "body");
  EXPECT_EQ(Create({{"description", std::string(1025, 'x')}}).status().field(), "description");
  EXPECT_EQ(Create({{"description", 5}}).status().field(), "description");
  // Control characters as in every other string: an escape sequence is refused, tab and
  // newlines are text.
  for (const char* text : {"red\x1b[31m", "bell\x07", "back\x08space"}) {
    const auto refused = Create({{"description", text}});
    EXPECT_EQ(refused.status().field(), "description") << text;
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << text;
  }
  ASSERT_TRUE(Create({{"description", "two\nlines\tand a tab"}}).ok());
  EXPECT_EQ(Create({{"version", 0}}).status().field(), "version");
  EXPECT_EQ(Create({{"host", "a\x01"}}).status().field(), "host");
  EXPECT_EQ(Create({{"host", std::string(4097, 'h')}}).status().field(), "host");
  auto v = Create(
      {{"created", "x"}, {"updated", "y"}, {"id", "z"}, {"default", true}, {"description", "ok"}});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->description, "ok");
  EXPECT_FALSE(v->config.contains("created"));
}

TEST_F(ValidationTest, MapsAreObjectsOfPrintableKeysAndStrings) {
  EXPECT_EQ(Create({{"options", {{"", "v"}}}}).status().field(), "options.");
  EXPECT_EQ(Create({{"options", {{"k", 1}}}}).status().field(), "options.k");
  Json many = Json::object();
  for (int i = 0; i < 257; ++i) many["k" + std::to_string(i)] = "v";
  EXPECT_EQ(Create({{"options", many}}).status().field(), "options");
  // An empty map is "not set", and is not stored.
  auto v = Create({{"options", Json::object()}});
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->config.contains("options"));
}

TEST(NameValidationTest, DataSourceProjectAndUserNames) {
  for (const char* ok : {"a", "_x", "sales.v2", "s3-lake_1", "9lives"}) {
    EXPECT_TRUE(ValidateDataSourceName(ok).ok()) << ok;
  }
  for (const Json& bad : {Json(""), Json("a/b"), Json("a..b"), Json(".x"), Json("-x"), Json("a b"),
                          Json(std::string(129, 'a')), Json(5), Json(nullptr)}) {
    const Status st = ValidateDataSourceName(bad);
    EXPECT_FALSE(st.ok()) << bad.dump();
    EXPECT_EQ(st.field(), "name");
  }
  EXPECT_TRUE(ValidateProjectName("demo_1").ok());
  EXPECT_FALSE(ValidateProjectName("d").ok());
  EXPECT_FALSE(ValidateProjectName("1demo").ok());
  EXPECT_FALSE(ValidateProjectName("de-mo").ok());
  EXPECT_TRUE(ValidateUserName("ana.lee@example.com").ok());
  EXPECT_FALSE(ValidateUserName("ana lee").ok());
  EXPECT_FALSE(ValidateUserName(std::string(65, 'a')).ok());
}

TEST(RegistryTest, RegisteringANameTwiceFailsAndKeepsTheFirst) {
  TypeRegistry registry;
  ASSERT_TRUE(registry.Register(DemoType()).ok());
  TypeSpec other = DemoType();
  other.description = "second";
  const Status st = registry.Register(std::move(other));
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.Find("demo")->description, "A type made for these tests.");
  EXPECT_EQ(registry.Find("nope"), nullptr);
}

// The reusable rules on plain views: which field each names.
TEST(RuleTest, ReusableRulesNameTheFieldToFix) {
  const Json none = Json::object();
  const Json a = {{"a", "x"}};
  const Json ab = {{"a", "x"}, {"b", "y"}};
  const Json empty_a = {{"a", ""}, {"b", nullptr}};

  EXPECT_TRUE(MutuallyExclusive({"a", "b"})(a).ok());
  EXPECT_EQ(MutuallyExclusive({"a", "b"})(ab).field(), "b");
  EXPECT_EQ(AtLeastOneOf({"a", "b"})(none).field(), "a");
  EXPECT_EQ(AtLeastOneOf({"a", "b"})(empty_a).field(), "a") << "empty and null are not set";
  EXPECT_TRUE(AtLeastOneOf({"a", "b"})(a).ok());
  EXPECT_EQ(Requires("a", {"b", "c"})(ab).field(), "c");
  EXPECT_TRUE(Requires("b", {"a"})(a).ok());
  EXPECT_EQ(AllOrNone({"a", "b", "c"})(a).field(), "b");
  EXPECT_TRUE(AllOrNone({"a", "b"})(none).ok());
  EXPECT_TRUE(AllOrNone({"a", "b"})(ab).ok());
  EXPECT_TRUE(IsSet(Json{{"f", false}}, "f")) << "false is a value";
  EXPECT_FALSE(IsSet(Json{{"m", Json::object()}}, "m"));
}

TEST(FieldSpecTest, DescribeCarriesWhatFormsNeed) {
  const Json d = DemoType().Describe();
  EXPECT_EQ(d["type"], "demo");
  ASSERT_EQ(d["fields"].size(), 8u);
  EXPECT_EQ(d["fields"][0]["required"], true);
  EXPECT_EQ(d["fields"][1]["default"], 15);
  EXPECT_EQ(d["fields"][1]["minimum"], 10);
  EXPECT_EQ(d["fields"][4]["choices"], Json::array({"fast", "safe"}));
  EXPECT_EQ(d["fields"][5]["secret"], true);
  EXPECT_EQ(d["fields"][7]["secret_key_markers"], Json::array({"password", "secret"}));
  EXPECT_TRUE(DemoType().fields[7].IsSecretMapKey("DB_SECRET_X"));
  EXPECT_FALSE(DemoType().fields[7].IsSecretMapKey("user"));
}

}  // namespace
}  // namespace trib
