// The nine built-in type tables, driven by data: what each type accepts and rejects, what it
// keeps secret, and that docs/datasource-types.md describes every field.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/random.h"
#include "connectors/builtin_types.h"
#include "datasource/validation.h"

namespace trib {
namespace {

// ---------------------------------------------------------------------------------------------
// Test credentials, made fresh for every run. Bodies are written as JSON text with placeholders
// that Expand() replaces; every generated value is remembered so that no error message or
// rendered answer may contain it.

std::string Base64Of(size_t bytes) {
  EnsureSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

class Secrets {
 public:
  // $SECRET: a random token; $PEM: a PEM-shaped private key; $SAJSON: a service-account key
  // file as a JSON string literal; $KEY32 / $KEY64: base64 of 32 / 64 random bytes. $HASH32
  // is like $KEY32 but public (a key's digest), so it may appear anywhere.
  std::string Expand(std::string text) {
    Replace(
        text, "$HASH32", [] { return Base64Of(32); }, /*secret=*/false);
    Replace(text, "$SECRET", [] { return RandomToken(24); });
    Replace(text, "$PEM", [] {
      return "-----BEGIN PRIVATE KEY-----\\n" + RandomToken(48) + "\\n-----END PRIVATE KEY-----\\n";
    });
    Replace(text, "$SAJSON", [] {
      const Json key = {{"type", "service_account"},
                        {"project_id", "my-project-123"},
                        {"client_email", "reader@my-project-123.iam.gserviceaccount.com"},
                        {"private_key", "-----BEGIN PRIVATE KEY-----\n" + RandomToken(48) +
                                            "\n-----END PRIVATE KEY-----\n"}};
      const std::string literal = Json(key.dump()).dump();  // quoted and escaped
      return literal.substr(1, literal.size() - 2);
    });
    Replace(text, "$KEY32", [] { return Base64Of(32); });
    Replace(text, "$KEY64", [] { return Base64Of(64); });
    return text;
  }

  Json Parse(const std::string& text) {
    Json body = Json::parse(Expand(text));
    return body;
  }

  // Whether `text` contains any generated secret (or a recognisable piece of one).
  std::string FindLeak(const std::string& text) const {
    for (const auto& s : generated_) {
      if (text.find(s) != std::string::npos) return s;
    }
    return {};
  }

 private:
  template <typename Gen>
  void Replace(std::string& text, std::string_view placeholder, Gen gen, bool secret = true) {
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at)) {
      const std::string value = gen();
      // The random part of a generated value is what must never leak: remember 16-character
      // slices of it, so that a value quoted or escaped differently is still caught.
      for (size_t i = 0; secret && i + 16 <= value.size(); i += 16) {
        const std::string slice = value.substr(i, 16);
        if (slice.find("-----") == std::string::npos &&
            slice.find("service") == std::string::npos && slice.find("@") == std::string::npos &&
            slice.find("\"") == std::string::npos && slice.find("type") == std::string::npos) {
          generated_.push_back(slice);
        }
      }
      text.replace(at, placeholder.size(), value);
      at += value.size();
    }
  }

  std::vector<std::string> generated_;
};

const TypeSpec& Spec(const std::string& type) {
  const TypeSpec* spec = BuiltinTypes().Find(type);
  if (spec == nullptr) throw std::logic_error("no type " + type);
  return *spec;
}

// Type and name added to a body of type fields.
Json Definition(const std::string& type, Json fields) {
  Json body = {{"name", "src_" + type}, {"type", type}};
  for (auto& [key, value] : fields.items()) body[key] = value;
  return body;
}

// ---------------------------------------------------------------------------------------------
// The registry.

TEST(BuiltinTypesTest, RegistryHoldsExactlyTheNineTypes) {
  EXPECT_EQ(BuiltinTypes().TypeList(),
            "adls, bigquery, gcs, hopsfs, jdbc, kafka, redshift, s3, snowflake");
  std::set<std::string> groups;
  for (const TypeSpec* spec : BuiltinTypes().All()) groups.insert(spec->group);
  EXPECT_EQ(groups, (std::set<std::string>{"AWS", "Azure", "GCP", "cloud agnostic"}));
  EXPECT_EQ(&BuiltinTypes(), &BuiltinTypes()) << "built once";
}

TEST(BuiltinTypesTest, RegisteringTheBuiltinsTwiceFails) {
  TypeRegistry registry;
  ASSERT_TRUE(RegisterBuiltinTypes(registry).ok());
  const Status again = RegisterBuiltinTypes(registry);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.field(), "type");
  EXPECT_EQ(registry.All().size(), 9u) << "a failed registration changes nothing";
}

TEST(BuiltinTypesTest, EveryTypeAndFieldIsDescribed) {
  for (const TypeSpec* spec : BuiltinTypes().All()) {
    EXPECT_FALSE(spec->description.empty()) << spec->name;
    std::set<std::string> names;
    for (const FieldSpec& f : spec->fields) {
      EXPECT_TRUE(names.insert(f.name).second) << spec->name << "." << f.name << " declared twice";
      EXPECT_GE(f.description.size(), 20u) << spec->name << "." << f.name;
      EXPECT_EQ(f.description.back(), '.') << spec->name << "." << f.name << ": one sentence";
      EXPECT_EQ(f.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos)
          << f.name;
      if (f.kind == FieldKind::kEnum) {
        EXPECT_FALSE(f.choices.empty()) << f.name;
      }
      if (f.kind == FieldKind::kStringMap) {
        // Either a client's declared table says which keys are secret, or the markers do.
        EXPECT_NE(f.secret_key_markers.empty(), f.options == nullptr)
            << spec->name << "." << f.name;
      }
    }
    const Json described = spec->Describe();
    EXPECT_EQ(described["fields"].size(), spec->fields.size());
  }
}

// The field names the design fixes (reference client names), type by type, in table order.
TEST(BuiltinTypesTest, FieldNamesFollowTheDesign) {
  const std::map<std::string, std::string> expected = {
      {"jdbc", "connection_string, arguments"},
      {"snowflake",
       "url, user, password, token, private_key, private_key_passphrase, database, schema, "
       "warehouse, role, table, application, sf_options"},
      {"kafka",
       "bootstrap_servers, security_protocol, ssl_truststore_location, ssl_truststore_password, "
       "ssl_keystore_location, ssl_keystore_password, ssl_key_password, "
       "ssl_endpoint_identification_algorithm, options"},
      {"hopsfs", "hopsfs_path"},
      {"s3",
       "bucket, path, region, access_key, secret_key, session_token, iam_role, "
       "server_encryption_algorithm, server_encryption_key, arguments"},
      {"redshift",
       "cluster_identifier, database_endpoint, database_name, database_port, database_driver, "
       "table_name, database_user_name, database_password, iam_role, database_group, "
       "auto_create, expiration, arguments"},
      {"adls",
       "generation, directory_id, application_id, service_credential, account_name, "
       "container_name, account_key, spark_options"},
      {"bigquery",
       "key_path, key_json, parent_project, dataset, query_table, query_project, "
       "materialization_dataset, arguments"},
      {"gcs", "key_path, key_json, bucket, path, algorithm, encryption_key, encryption_key_hash"},
  };
  for (const auto& [type, fields] : expected) EXPECT_EQ(Spec(type).FieldList(), fields) << type;
}

TEST(BuiltinTypesTest, SecretFieldsAreTheDecidedOnes) {
  std::set<std::string> secrets;
  for (const TypeSpec* spec : BuiltinTypes().All()) {
    for (const FieldSpec& f : spec->fields) {
      if (f.secret) secrets.insert(spec->name + "." + f.name);
    }
  }
  EXPECT_EQ(secrets, (std::set<std::string>{
                         "adls.account_key", "adls.service_credential", "bigquery.key_json",
                         "gcs.encryption_key", "gcs.key_json", "kafka.ssl_key_password",
                         "kafka.ssl_keystore_password", "kafka.ssl_truststore_password",
                         "redshift.database_password", "s3.access_key", "s3.secret_key",
                         "s3.session_token", "snowflake.password", "snowflake.private_key",
                         "snowflake.private_key_passphrase", "snowflake.token"}));
}

// ---------------------------------------------------------------------------------------------
// Generated cases: from each type's minimal valid definition and its table.

struct Minimal {
  std::string type;
  std::string body;  // JSON text with placeholders
};

void PrintTo(const Minimal& m, std::ostream* os) { *os << m.type; }

const std::vector<Minimal>& MinimalDefinitions() {
  static const std::vector<Minimal> kMinimal = {
      {"jdbc", R"({"connection_string": "jdbc:postgresql://127.0.0.1:5432/sales"})"},
      {"snowflake",
       R"({"url": "https://myorg-acct.snowflakecomputing.com", "user": "reader",
           "password": "$SECRET", "database": "SALES", "schema": "PUBLIC"})"},
      {"kafka", R"({"bootstrap_servers": "127.0.0.1:9092"})"},
      {"hopsfs", R"({"hopsfs_path": "/Projects/demo/Training_Datasets"})"},
      {"s3", R"({"bucket": "lake-raw"})"},
      {"redshift", R"({"cluster_identifier": "analytics", "database_name": "dev"})"},
      {"adls", R"({"account_name": "mydatalake", "container_name": "raw"})"},
      {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "my-project-123"})"},
      {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw"})"},
  };
  return kMinimal;
}

TEST(BuiltinTypesTest, EveryTypeHasAMinimalDefinition) {
  std::set<std::string> covered;
  for (const auto& m : MinimalDefinitions()) covered.insert(m.type);
  for (const TypeSpec* spec : BuiltinTypes().All())
    EXPECT_TRUE(covered.count(spec->name)) << spec->name;
}

class PerTypeTest : public ::testing::TestWithParam<Minimal> {
 protected:
  const TypeSpec& spec() const { return Spec(GetParam().type); }
  Json MinimalBody() { return Definition(GetParam().type, secrets_.Parse(GetParam().body)); }
  Secrets secrets_;
};

TEST_P(PerTypeTest, MinimalDefinitionIsValidAndGetsDefaults) {
  auto v = ValidateDefinition(BuiltinTypes(), MinimalBody(), nullptr);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->type, GetParam().type);
  for (const FieldSpec& f : spec().fields) {
    if (f.default_value.is_null()) continue;
    ASSERT_TRUE(v->config.contains(f.name)) << f.name << " default not applied";
    EXPECT_EQ(v->config[f.name], f.default_value) << f.name;
  }
}

TEST_P(PerTypeTest, EachRequiredFieldMissingIsNamed) {
  for (const FieldSpec& f : spec().fields) {
    if (!f.required) continue;
    for (const Json& gone : {Json(nullptr), Json("")}) {
      Json body = MinimalBody();
      if (gone.is_null()) {
        body.erase(f.name);
      } else {
        body[f.name] = gone;
      }
      auto v = ValidateDefinition(BuiltinTypes(), body, nullptr);
      ASSERT_FALSE(v.ok()) << f.name;
      EXPECT_EQ(v.status().field(), f.name);
      EXPECT_NE(v.status().message().find("required"), std::string::npos) << v.status().message();
    }
  }
}

TEST_P(PerTypeTest, UnknownFieldIsNamedAndAllowedFieldsListed) {
  Json body = MinimalBody();
  body["passwd"] = "x";
  auto v = ValidateDefinition(BuiltinTypes(), body, nullptr);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().field(), "passwd");
  for (const FieldSpec& f : spec().fields) {
    EXPECT_NE(v.status().message().find(f.name), std::string::npos) << f.name;
  }
}

// One value of a wrong kind for each kind of field.
Json WrongKindFor(FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
      return 42;
    case FieldKind::kInteger:
      return "42";
    case FieldKind::kBoolean:
      return "true";
    case FieldKind::kEnum:
      return 1;
    case FieldKind::kStringMap:
      return "k=v";
  }
  return nullptr;
}

TEST_P(PerTypeTest, EveryFieldRejectsAValueOfTheWrongKind) {
  for (const FieldSpec& f : spec().fields) {
    for (const Json& wrong : {WrongKindFor(f.kind), Json::array({"a"}), Json(true)}) {
      if (f.kind == FieldKind::kBoolean && wrong.is_boolean()) continue;
      Json body = MinimalBody();
      body[f.name] = wrong;
      auto v = ValidateDefinition(BuiltinTypes(), body, nullptr);
      ASSERT_FALSE(v.ok()) << f.name << " accepted " << wrong.dump();
      EXPECT_EQ(v.status().field(), f.name) << v.status().ToString();
    }
    if (f.kind == FieldKind::kStringMap) {
      Json body = MinimalBody();
      body[f.name] = {{"some.key", 5}};
      auto v = ValidateDefinition(BuiltinTypes(), body, nullptr);
      ASSERT_FALSE(v.ok()) << f.name;
      EXPECT_EQ(v.status().field(), f.name + ".some.key");
    }
  }
}

TEST_P(PerTypeTest, BadNamesAreRejected) {
  for (const std::string& name :
       {std::string(129, 'a'), std::string("a/b"), std::string("a..b"), std::string(".hidden"),
        std::string("-x"), std::string(""), std::string("white space")}) {
    Json body = MinimalBody();
    body["name"] = name;
    auto v = ValidateDefinition(BuiltinTypes(), body, nullptr);
    ASSERT_FALSE(v.ok()) << name;
    EXPECT_EQ(v.status().field(), "name");
  }
  Json body = MinimalBody();
  body["name"] = std::string(128, 'a');
  EXPECT_TRUE(ValidateDefinition(BuiltinTypes(), body, nullptr).ok());
}

INSTANTIATE_TEST_SUITE_P(Types, PerTypeTest, ::testing::ValuesIn(MinimalDefinitions()),
                         [](const auto& info) { return info.param.type; });

// ---------------------------------------------------------------------------------------------
// Hand-written cases: {type, fields as JSON text, expected error field ("" = valid)}.

struct Case {
  std::string type;
  std::string fields;
  std::string error_field;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.type << " " << c.fields; }

const std::vector<Case> kCases = {
    // jdbc: the URL, and no password inside it.
    {"jdbc", R"({"connection_string": "jdbc:sqlite:demo.db"})", ""},
    {"jdbc", R"({"connection_string": "jdbc:duckdb:stores/offline.duckdb"})", ""},
    {"jdbc", R"({"connection_string": "jdbc:duckdb::memory:"})", ""},
    // Local files stay inside the project's directory: no climbing out. An absolute path passes
    // the field table (it may lie in a directory the administrator allows); the connector's
    // check at create refuses it otherwise (SecurityAttackTest.LocalDatabasesStayInsideTheProject).
    {"jdbc", R"({"connection_string": "jdbc:sqlite:/var/lib/tributary/catalog.db"})", ""},
    {"jdbc", R"({"connection_string": "jdbc:sqlite:/var/lib/../tributary/catalog.db"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:sqlite:../other/online.db"})", "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:duckdb:a/../../offline.duckdb"})", "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:sqlite:file:///etc/passwd"})", ""},
    {"jdbc", R"({"connection_string": "jdbc:sqlite:file:///etc/%2e%2e/passwd"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:sqlite:file:%2e%2e/x.db"})", "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:mysql://db:3306/sales?useSSL=true&user=reader",
                 "arguments": {"user": "reader", "password": "$SECRET"}})",
     ""},
    {"jdbc", R"({"connection_string": "jdbc:sqlserver://db:1433;databaseName=sales",
                 "arguments": {"odbc_driver": "FreeTDS"}})",
     ""},
    // Read through ODBC: which driver must be said at create, not found missing at read.
    {"jdbc", R"({"connection_string": "jdbc:sqlserver://db:1433;databaseName=sales"})",
     "arguments.odbc_driver"},
    // A real Connector/J property that only looks like a credential is refused in the URL
    // (as a read would refuse it); in arguments it is refused as an option the MariaDB driver
    // does not declare (a read would refuse it too).
    {"jdbc", R"({"connection_string": "jdbc:mysql://db/s?passwordCharacterEncoding=utf8"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:mysql://db/s",
                 "arguments": {"passwordCharacterEncoding": "utf8"}})",
     "arguments.passwordCharacterEncoding"},
    // Every credential-like parameter, also percent-encoded (decoded once, as at use).
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/s?passwd=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/s?pass=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/s?apikey=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/s?private_key=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/s?sslkey=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/s?pass%77ord=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "postgresql://db:5432/sales"})", "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql:"})", ""},  // PgJDBC: localhost
    {"jdbc", R"({"connection_string": "jdbc::x"})", "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/sales?user=r&password=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/sales?PASSWORD=$SECRET&ssl=true"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:postgresql://db/sales?sslpassword=$SECRET"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:mysql://reader:$SECRET@db:3306/sales"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:sqlserver://db:1433;user=r;Password=$SECRET",
                 "arguments": {"odbc_driver": "FreeTDS"}})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:mysql://address=(host=db)(password=$SECRET)/s"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:oracle:thin:scott/$SECRET@db:1521/orcl"})",
     "connection_string"},
    {"jdbc", R"({"connection_string": "jdbc:snowflake://a.snowflakecomputing.com/?token=$SECRET"})",
     "connection_string"},
    // snowflake: exactly one way to authenticate.
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "token": "$SECRET",
                      "database": "D", "schema": "S", "warehouse": "W", "role": "R"})",
     ""},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "private_key": "$PEM",
                      "private_key_passphrase": "$SECRET", "database": "D", "schema": "S"})",
     ""},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "password": "$SECRET",
                      "token": "$SECRET", "database": "D", "schema": "S"})",
     "token"},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "password": "$SECRET",
                      "private_key": "$PEM", "database": "D", "schema": "S"})",
     "private_key"},
    {"snowflake", R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u",
                      "database": "D", "schema": "S"})",
     "password"},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "password": "$SECRET",
                      "private_key_passphrase": "$SECRET", "database": "D", "schema": "S"})",
     "private_key"},
    {"snowflake", R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u",
                      "private_key": "not a key $SECRET", "database": "D", "schema": "S"})",
     "private_key"},
    {"snowflake",
     R"({"url": "http://org-acct.snowflakecomputing.com", "user": "u", "password": "$SECRET",
                      "database": "D", "schema": "S"})",
     "url"},
    {"snowflake", R"({"url": "https://u:$SECRET@org-acct.snowflakecomputing.com", "user": "u",
                      "password": "$SECRET", "database": "D", "schema": "S"})",
     "url"},
    // snowflake sf_options: declared session parameters (any case), nothing else.
    {"snowflake", R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u",
                      "password": "$SECRET", "database": "D", "schema": "S",
                      "sf_options": {"query_tag": "features", "STATEMENT_TIMEOUT_IN_SECONDS": "60"}})",
     ""},
    {"snowflake", R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u",
                      "password": "$SECRET", "database": "D", "schema": "S",
                      "sf_options": {"preactions": "DROP TABLE t"}})",
     "sf_options.preactions"},
    {"snowflake", R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u",
                      "password": "$SECRET", "database": "D", "schema": "S",
                      "sf_options": {"sfPassword": "$SECRET"}})",
     "sf_options.sfPassword"},
    {"snowflake", R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u",
                      "password": "$SECRET", "database": "D", "schema": "S",
                      "sf_options": {"WEEK_START": "9"}})",
     "sf_options.WEEK_START"},
    // kafka: servers, TLS stores only with TLS, passwords only with their store.
    {"kafka", R"({"bootstrap_servers": "b1.example.com:9092, b2.example.com:9093,[::1]:9094"})",
     ""},
    {"kafka", R"({"bootstrap_servers": "b1:9093", "security_protocol": "SSL",
                  "ssl_truststore_location": "/etc/tributary/truststore.jks",
                  "ssl_truststore_password": "$SECRET",
                  "ssl_keystore_location": "/etc/tributary/keystore.jks",
                  "ssl_keystore_password": "$SECRET", "ssl_key_password": "$SECRET",
                  "ssl_endpoint_identification_algorithm": "none"})",
     ""},
    {"kafka", R"({"bootstrap_servers": "b1:9093", "security_protocol": "SASL_SSL",
                  "options": {"sasl.mechanism": "PLAIN", "sasl.jaas.config": "$SECRET"}})",
     ""},
    {"kafka", R"({"bootstrap_servers": "b1"})", "bootstrap_servers"},
    {"kafka", R"({"bootstrap_servers": "b1:0"})", "bootstrap_servers"},
    {"kafka", R"({"bootstrap_servers": "b1:65536"})", "bootstrap_servers"},
    {"kafka", R"({"bootstrap_servers": "b1:9092,"})", "bootstrap_servers"},
    {"kafka", R"({"bootstrap_servers": "bad_host:9092"})", "bootstrap_servers"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "security_protocol": "TLS"})",
     "security_protocol"},
    {"kafka", R"({"bootstrap_servers": "b1:9092",
                  "ssl_truststore_location": "/etc/tributary/truststore.jks"})",
     "ssl_truststore_location"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "security_protocol": "SASL_PLAINTEXT",
                  "ssl_keystore_location": "/etc/tributary/keystore.jks"})",
     "ssl_keystore_location"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "security_protocol": "SSL",
                  "ssl_truststore_password": "$SECRET"})",
     "ssl_truststore_location"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "security_protocol": "SSL",
                  "ssl_key_password": "$SECRET"})",
     "ssl_keystore_location"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "security_protocol": "SSL",
                  "ssl_keystore_password": "$SECRET"})",
     "ssl_keystore_location"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "security_protocol": "SSL",
                  "ssl_truststore_location": "truststore.jks"})",
     "ssl_truststore_location"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "options": {"bootstrap.servers": "b2:9092"}})",
     "options.bootstrap.servers"},
    // kafka options: declared properties only; nothing that loads code or runs a command.
    {"kafka", R"({"bootstrap_servers": "b1:9092", "options": {"sasl.kerberos.kinit.cmd": "sh"}})",
     "options.sasl.kerberos.kinit.cmd"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "options": {"plugin.library.paths": "/x.so"}})",
     "options.plugin.library.paths"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "options": {"sasl.mechanism": "MAGIC"}})",
     "options.sasl.mechanism"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "options": {"fetch.max.bytes": "-1"}})",
     "options.fetch.max.bytes"},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "options": {"client.id": "features",
                  "auto.offset.reset": "earliest", "isolation.level": "read_committed"}})",
     ""},
    {"kafka", R"({"bootstrap_servers": "b1:9092", "ssl_endpoint_identification_algorithm": ""})",
     ""},
    // hopsfs
    {"hopsfs", R"({"hopsfs_path": "/Projects/demo/Resources/"})", ""},
    {"hopsfs", R"({"hopsfs_path": "Projects/demo"})", "hopsfs_path"},
    {"hopsfs", R"({"hopsfs_path": "/Projects/demo/../other"})", "hopsfs_path"},
    {"hopsfs", R"({"hopsfs_path": "/Projects/demo/.."})", "hopsfs_path"},
    {"hopsfs", R"({"hopsfs_path": "/Projects/./demo"})", "hopsfs_path"},
    // s3: a role or keys; keys go together; the token needs them; KMS key only with SSE-KMS.
    {"s3", R"({"bucket": "lake-raw", "path": "sales/2024/", "region": "eu-central-1",
               "access_key": "$SECRET", "secret_key": "$SECRET", "session_token": "$SECRET"})",
     ""},
    {"s3", R"({"bucket": "lake.raw", "region": "us-gov-west-1",
               "iam_role": "arn:aws:iam::123456789012:role/team/lake-reader"})",
     ""},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_algorithm": "SSE-KMS",
               "server_encryption_key": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"})",
     ""},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_algorithm": "SSE-KMS",
               "server_encryption_key": "alias/lake-key"})",
     ""},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_algorithm": "AES256"})", ""},
    {"s3", R"({"bucket": "lake-raw", "arguments": {"fs.s3a.endpoint": "http://127.0.0.1:9000",
               "fs.s3a.path.style.access": "true"}})",
     ""},
    // s3 arguments: declared S3A keys; credentials and encryption only through their fields.
    {"s3", R"({"bucket": "lake-raw", "arguments": {"fs.s3a.secret.key": "$SECRET"}})",
     "arguments.fs.s3a.secret.key"},
    {"s3",
     R"({"bucket": "lake-raw", "arguments": {"fs.s3a.bucket.lake-raw.secret.key": "$SECRET"}})",
     "arguments.fs.s3a.bucket.lake-raw.secret.key"},
    {"s3", R"({"bucket": "lake-raw",
               "arguments": {"fs.s3a.aws.credentials.provider": "com.example.Provider"}})",
     "arguments.fs.s3a.aws.credentials.provider"},
    {"s3", R"({"bucket": "lake-raw", "arguments": {"fs.s3a.endpoint": "ftp://127.0.0.1:9000"}})",
     "arguments.fs.s3a.endpoint"},
    {"s3", R"({"bucket": "lake-raw", "arguments": {"fs.s3a.endpoint": "http://h:9000/x?y"}})",
     "arguments.fs.s3a.endpoint"},
    {"s3", R"({"bucket": "lake-raw", "arguments": {"fs.s3a.endpoint": "http://u:p@h:9000"}})",
     "arguments.fs.s3a.endpoint"},
    {"s3", R"({"bucket": "lake-raw", "arguments": {"fs.s3a.connection.maximum": "100000"}})",
     "arguments.fs.s3a.connection.maximum"},
    // A session token goes over plain http only to this machine.
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:iam::123456789012:role/r",
               "arguments": {"fs.s3a.endpoint": "http://minio.internal:9000"}})",
     "arguments.fs.s3a.endpoint"},
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:iam::123456789012:role/r",
               "arguments": {"fs.s3a.endpoint": "http://127.0.0.1:9000"}})",
     ""},
    {"s3", R"({"bucket": "lake-raw", "access_key": "$SECRET", "secret_key": "$SECRET",
               "arguments": {"fs.s3a.endpoint": "http://minio.internal:9000"}})",
     ""},
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:iam::123456789012:role/r",
               "access_key": "$SECRET", "secret_key": "$SECRET"})",
     "access_key"},
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:iam::123456789012:role/r",
               "session_token": "$SECRET"})",
     "session_token"},
    {"s3", R"({"bucket": "lake-raw", "access_key": "$SECRET"})", "secret_key"},
    {"s3", R"({"bucket": "lake-raw", "secret_key": "$SECRET"})", "access_key"},
    {"s3", R"({"bucket": "lake-raw", "session_token": "$SECRET"})", "access_key"},
    {"s3", R"({"bucket": "Lake_Raw"})", "bucket"},
    {"s3", R"({"bucket": "ab"})", "bucket"},
    {"s3", R"({"bucket": "192.168.1.10"})", "bucket"},
    {"s3", R"({"bucket": "lake..raw"})", "bucket"},
    {"s3", R"({"bucket": "lake-raw-"})", "bucket"},
    {"s3", R"({"bucket": "xn--lake"})", "bucket"},
    {"s3", R"({"bucket": "lake-raw", "path": "/sales"})", "path"},
    {"s3", R"({"bucket": "lake-raw", "path": "sales/../hr"})", "path"},
    {"s3", R"({"bucket": "lake-raw", "region": "useast1"})", "region"},
    {"s3", R"({"bucket": "lake-raw", "region": "us-east-x"})", "region"},
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:iam::1234:role/r"})", "iam_role"},
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:iam::123456789012:user/r"})", "iam_role"},
    {"s3", R"({"bucket": "lake-raw", "iam_role": "arn:aws:s3:::lake-raw"})", "iam_role"},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_algorithm": "aws:kms"})",
     "server_encryption_algorithm"},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_algorithm": "AES256",
               "server_encryption_key": "alias/lake-key"})",
     "server_encryption_key"},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_key": "alias/lake-key"})",
     "server_encryption_key"},
    {"s3", R"({"bucket": "lake-raw", "server_encryption_algorithm": "SSE-KMS",
               "server_encryption_key": "my key"})",
     "server_encryption_key"},
    {"s3", R"({"bucket": "lake-raw", "arguments": {"endpoint": "http://127.0.0.1:9000"}})",
     "arguments.endpoint"},
    // redshift: a password or a role, each with a user; ports and expiry in range.
    {"redshift",
     R"({"cluster_identifier": "analytics-1", "database_endpoint": "abc123.us-east-2.redshift.amazonaws.com",
                     "database_name": "dev", "database_user_name": "etl", "database_password": "$SECRET",
                     "database_port": 5440, "table_name": "sales"})",
     ""},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_user_name": "etl",
                     "iam_role": "arn:aws:iam::123456789012:role/redshift-etl", "database_group": "readers",
                     "auto_create": true, "expiration": 900})",
     ""},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_user_name": "etl",
                     "database_password": "$SECRET", "iam_role": "arn:aws:iam::123456789012:role/r"})",
     "iam_role"},
    {"redshift", R"({"cluster_identifier": "analytics", "database_name": "dev",
                     "database_password": "$SECRET"})",
     "database_user_name"},
    {"redshift", R"({"cluster_identifier": "analytics", "database_name": "dev",
                     "iam_role": "arn:aws:iam::123456789012:role/r"})",
     "database_user_name"},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_port": 0})",
     "database_port"},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_port": -1})",
     "database_port"},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_port": 65536})",
     "database_port"},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_port": 5439.5})",
     "database_port"},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "expiration": 899})",
     "expiration"},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "expiration": 3601})",
     "expiration"},
    {"redshift", R"({"cluster_identifier": "Analytics", "database_name": "dev"})",
     "cluster_identifier"},
    {"redshift", R"({"cluster_identifier": "a--b", "database_name": "dev"})", "cluster_identifier"},
    {"redshift", R"({"cluster_identifier": "analytics", "database_name": "dev",
                     "database_endpoint": "bad host"})",
     "database_endpoint"},
    // adls: service principal, account key, or neither (managed identity).
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "directory_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                 "application_id": "00000000-1111-2222-3333-444444444444",
                 "service_credential": "$SECRET"})",
     ""},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw", "generation": 1,
                 "directory_id": "contoso.onmicrosoft.com",
                 "application_id": "00000000-1111-2222-3333-444444444444",
                 "service_credential": "$SECRET"})",
     ""},
    {"adls",
     R"({"account_name": "devstoreaccount1", "container_name": "raw-data", "account_key": "$KEY64"})",
     ""},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw", "account_key": "$KEY64",
                 "directory_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                 "application_id": "00000000-1111-2222-3333-444444444444",
                 "service_credential": "$SECRET"})",
     "account_key"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "application_id": "00000000-1111-2222-3333-444444444444",
                 "service_credential": "$SECRET"})",
     "directory_id"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "directory_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                 "service_credential": "$SECRET"})",
     "application_id"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw", "application_id": "app"})",
     "application_id"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw", "directory_id": "tenant"})",
     "directory_id"},
    {"adls", R"({"account_name": "MyDataLake", "container_name": "raw"})", "account_name"},
    {"adls", R"({"account_name": "my-lake", "container_name": "raw"})", "account_name"},
    {"adls", R"({"account_name": "ab", "container_name": "raw"})", "account_name"},
    {"adls", R"({"account_name": "abcdefghijklmnopqrstuvwxy", "container_name": "raw"})",
     "account_name"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw--data"})", "container_name"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "-raw"})", "container_name"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "Raw"})", "container_name"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw", "generation": 3})",
     "generation"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw", "generation": 0})",
     "generation"},
    {"adls",
     R"({"account_name": "mydatalake", "container_name": "raw", "account_key": "not base64 $SECRET"})",
     "account_key"},
    // adls spark_options: declared ABFS keys; credentials only through their fields.
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "spark_options": {"fs.azure.abfs.endpoint": "http://127.0.0.1:10000",
                 "fs.azure.account.oauth2.client.endpoint": "http://127.0.0.1:8080/t/token"}})",
     ""},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "spark_options": {"fs.azure.sas.raw.mydatalake": "$SECRET"}})",
     "spark_options.fs.azure.sas.raw.mydatalake"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "spark_options": {"fs.azure.account.oauth2.client.secret": "$SECRET"}})",
     "spark_options.fs.azure.account.oauth2.client.secret"},
    {"adls", R"({"account_name": "mydatalake", "container_name": "raw",
                 "spark_options": {"fs.azure.abfs.endpoint": "file:///etc"}})",
     "spark_options.fs.azure.abfs.endpoint"},
    // bigquery: one key, the project, a table only with its dataset.
    {"bigquery", R"({"key_json": "$SAJSON", "parent_project": "my-project-123", "dataset": "sales",
                     "query_table": "orders", "query_project": "example.com:other-project",
                     "materialization_dataset": "tmp_results"})",
     ""},
    {"bigquery", R"({"parent_project": "my-project-123"})", "key_path"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "key_json": "$SAJSON",
                     "parent_project": "my-project-123"})",
     "key_json"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "my-project-123",
                     "query_table": "orders"})",
     "dataset"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "My_Project"})",
     "parent_project"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "proj"})",
     "parent_project"},
    {"bigquery", R"({"key_path": "keys/sa.json", "parent_project": "my-project-123"})", "key_path"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "my-project-123",
                     "arguments": {"credentials": "$SECRET"}})",
     "arguments.credentials"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "my-project-123",
                     "arguments": {"viewsEnabled": "maybe"}})",
     "arguments.viewsEnabled"},
    {"bigquery", R"({"key_path": "/srv/keys/sa.json", "parent_project": "my-project-123",
                     "dataset": "sales-2024"})",
     "dataset"},
    {"bigquery", R"({"key_json": "{not json $SECRET", "parent_project": "my-project-123"})",
     "key_json"},
    {"bigquery", R"({"key_json": "{\"type\": \"authorized_user\", \"refresh_token\": \"$SECRET\"}",
                     "parent_project": "my-project-123"})",
     "key_json"},
    // gcs: one key; the customer-supplied key complete or absent.
    {"gcs", R"({"key_json": "$SAJSON", "bucket": "lake_raw.example", "path": "sales/",
                "algorithm": "AES256", "encryption_key": "$KEY32", "encryption_key_hash": "$HASH32"})",
     ""},
    {"gcs", R"({"bucket": "lake-raw"})", "key_path"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "key_json": "$SAJSON", "bucket": "lake-raw"})",
     "key_json"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "algorithm": "AES256"})",
     "encryption_key"},
    {"gcs",
     R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "encryption_key": "$KEY32"})",
     "algorithm"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "algorithm": "AES256",
                "encryption_key": "$KEY32"})",
     "encryption_key_hash"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "algorithm": "AES256",
                "encryption_key": "$KEY64", "encryption_key_hash": "$HASH32"})",
     "encryption_key"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "algorithm": "AES256",
                "encryption_key": "$SECRET!", "encryption_key_hash": "$HASH32"})",
     "encryption_key"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "algorithm": "AES256",
                "encryption_key": "$KEY32", "encryption_key_hash": "abc"})",
     "encryption_key_hash"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "algorithm": "AES128",
                "encryption_key": "$KEY32", "encryption_key_hash": "$HASH32"})",
     "algorithm"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "goog-lake"})", "bucket"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "my-google-lake"})", "bucket"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "Lake"})", "bucket"},
    {"gcs", R"({"key_path": "/srv/keys/sa.json", "bucket": "lake-raw", "path": "a/./b"})", "path"},
};

class CaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(CaseTest, ValidatesAsExpected) {
  Secrets secrets;
  const Case& c = GetParam();
  const Json body = Definition(c.type, secrets.Parse(c.fields));
  auto v = ValidateDefinition(BuiltinTypes(), body, nullptr);
  if (c.error_field.empty()) {
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return;
  }
  ASSERT_FALSE(v.ok()) << "accepted: " << c.fields;
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(v.status().field(), c.error_field) << v.status().message();
  EXPECT_NE(v.status().message().find(c.error_field), std::string::npos)
      << "the message names the field: " << v.status().message();
  const std::string leak = secrets.FindLeak(v.status().message());
  EXPECT_TRUE(leak.empty()) << "error message quotes a secret";
}

INSTANTIATE_TEST_SUITE_P(Types, CaseTest, ::testing::ValuesIn(kCases), [](const auto& info) {
  return info.param.type + "_" + std::to_string(info.index) +
         (info.param.error_field.empty() ? "_ok" : "_rejected");
});

TEST(BuiltinTypesTest, EveryTypeHasHandWrittenCases) {
  for (const TypeSpec* spec : BuiltinTypes().All()) {
    bool valid = false;
    bool invalid = false;
    for (const Case& c : kCases) {
      if (c.type != spec->name) continue;
      (c.error_field.empty() ? valid : invalid) = true;
    }
    EXPECT_TRUE(valid && invalid) << spec->name;
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets: kept out of config, redacted on the way out, kept when "<redacted>" comes back.

struct SecretCase {
  std::string type;
  std::string fields;
  std::vector<std::string> pointers;  // where the secrets must land
};

void PrintTo(const SecretCase& c, std::ostream* os) { *os << c.type << " " << c.fields; }

const std::vector<SecretCase> kSecretCases = {
    {"jdbc",
     R"({"connection_string": "jdbc:postgresql://db:5432/sales",
         "arguments": {"user": "reader", "password": "$SECRET", "sslmode": "require"}})",
     {"/arguments/password"}},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "password": "$SECRET",
         "database": "D", "schema": "S", "sf_options": {"QUERY_TAG": "t"}})",
     {"/password"}},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "token": "$SECRET",
         "database": "D", "schema": "S"})",
     {"/token"}},
    {"snowflake",
     R"({"url": "https://org-acct.snowflakecomputing.com", "user": "u", "private_key": "$PEM",
         "private_key_passphrase": "$SECRET", "database": "D", "schema": "S"})",
     {"/private_key", "/private_key_passphrase"}},
    {"kafka",
     R"({"bootstrap_servers": "b1:9093", "security_protocol": "SASL_SSL",
         "ssl_truststore_location": "/etc/t.jks", "ssl_truststore_password": "$SECRET",
         "ssl_keystore_location": "/etc/k.jks", "ssl_keystore_password": "$SECRET",
         "ssl_key_password": "$SECRET",
         "options": {"sasl.mechanism": "PLAIN", "sasl.jaas.config": "$SECRET"}})",
     {"/ssl_truststore_password", "/ssl_keystore_password", "/ssl_key_password",
      "/options/sasl.jaas.config"}},
    {"s3",
     R"({"bucket": "lake-raw", "access_key": "$SECRET", "secret_key": "$SECRET",
         "session_token": "$SECRET", "arguments": {"fs.s3a.endpoint": "http://127.0.0.1:9000"}})",
     {"/access_key", "/secret_key", "/session_token"}},
    {"redshift",
     R"({"cluster_identifier": "analytics", "database_name": "dev", "database_user_name": "etl",
         "database_password": "$SECRET", "arguments": {"ssl": "true", "sslpassword": "$SECRET"}})",
     {"/database_password", "/arguments/sslpassword"}},
    {"adls",
     R"({"account_name": "mydatalake", "container_name": "raw",
         "directory_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
         "application_id": "00000000-1111-2222-3333-444444444444", "service_credential": "$SECRET",
         "spark_options": {"fs.azure.io.retry.max.retries": "3"}})",
     {"/service_credential"}},
    {"adls",
     R"({"account_name": "mydatalake", "container_name": "raw", "account_key": "$KEY64"})",
     {"/account_key"}},
    {"bigquery",
     R"({"key_json": "$SAJSON", "parent_project": "my-project-123",
         "arguments": {"viewsEnabled": "true"}})",
     {"/key_json"}},
    {"gcs",
     R"({"key_json": "$SAJSON", "bucket": "lake-raw", "algorithm": "AES256",
         "encryption_key": "$KEY32", "encryption_key_hash": "$HASH32"})",
     {"/key_json", "/encryption_key"}},
};

TEST(BuiltinTypesTest, SecretCasesCoverEverySecretField) {
  for (const TypeSpec* spec : BuiltinTypes().All()) {
    for (const FieldSpec& f : spec->fields) {
      if (!f.MayHoldSecrets()) continue;
      bool covered = false;
      for (const SecretCase& c : kSecretCases) {
        if (c.type != spec->name) continue;
        for (const auto& p : c.pointers) covered = covered || p.starts_with("/" + f.name);
      }
      EXPECT_TRUE(covered) << spec->name << "." << f.name;
    }
  }
}

class SecretTest : public ::testing::TestWithParam<SecretCase> {};

TEST_P(SecretTest, SecretsAreSeparatedRedactedAndKept) {
  Secrets secrets;
  const SecretCase& c = GetParam();
  const TypeSpec& spec = Spec(c.type);
  const Json body = Definition(c.type, secrets.Parse(c.fields));

  auto created = ValidateDefinition(BuiltinTypes(), body, nullptr);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  std::set<std::string> pointers;
  for (const auto& [pointer, plaintext] : created->secrets) {
    pointers.insert(pointer);
    ASSERT_TRUE(plaintext.has_value()) << pointer;
    EXPECT_EQ(*plaintext, body.at(Json::json_pointer(pointer))) << pointer;
  }
  EXPECT_EQ(pointers, std::set<std::string>(c.pointers.begin(), c.pointers.end()));
  EXPECT_TRUE(secrets.FindLeak(created->config.dump()).empty()) << "a secret reached config";

  // What the catalog would store: config as validated, secrets sealed (stand-ins here).
  DataSource stored;
  stored.name = created->name;
  stored.type = created->type;
  stored.config = created->config;
  for (const auto& pointer : pointers) stored.sealed_secrets[pointer] = "sealed:" + RandomHex(8);

  const Json rendered = RenderDefinition(spec, stored);
  for (const auto& pointer : pointers) {
    EXPECT_EQ(rendered.at(Json::json_pointer(pointer)), kRedacted) << pointer;
  }
  EXPECT_TRUE(secrets.FindLeak(rendered.dump()).empty()) << "a secret reached the answer";
  // Non-secret map entries are still shown beside the redacted ones.
  for (const FieldSpec& f : spec.fields) {
    if (f.kind != FieldKind::kStringMap || !body.contains(f.name)) continue;
    for (const auto& [key, value] : body[f.name].items()) {
      if (!f.IsSecretMapKey(key)) {
        EXPECT_EQ(rendered[f.name][key], value) << key;
      }
    }
  }

  // The answer sent back as an update keeps every stored secret and changes nothing else.
  auto updated = ValidateDefinition(BuiltinTypes(), rendered, &stored);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->config, created->config);
  ASSERT_EQ(updated->secrets.size(), pointers.size());
  for (const auto& [pointer, plaintext] : updated->secrets) {
    EXPECT_FALSE(plaintext.has_value()) << pointer << " should be kept, not replaced";
  }

  // The same answer on create has no stored value to keep: rejected, naming a secret.
  auto recreated = ValidateDefinition(BuiltinTypes(), rendered, nullptr);
  ASSERT_FALSE(recreated.ok());
  std::string field = recreated.status().field();
  std::replace(field.begin(), field.end(), '.', '/');
  bool names_a_secret = false;
  for (const auto& pointer : pointers) {
    std::string p = pointer.substr(1);
    std::replace(p.begin(), p.end(), '.', '/');
    names_a_secret = names_a_secret || p == field;
  }
  EXPECT_TRUE(names_a_secret) << recreated.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(Types, SecretTest, ::testing::ValuesIn(kSecretCases),
                         [](const auto& info) {
                           return info.param.type + "_" + std::to_string(info.index);
                         });

// ---------------------------------------------------------------------------------------------
// docs/datasource-types.md carries, for every type, the table generated from its field table.

std::string Cell(std::string text) {
  std::string out;
  for (char ch : text) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

std::string Codes(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "`" : ", `") + item + "`";
  return out;
}

std::string MarkdownTable(const TypeSpec& spec) {
  std::ostringstream out;
  out << "| field | kind | required | secret | default | description |\n"
      << "|---|---|---|---|---|---|\n";
  for (const FieldSpec& f : spec.fields) {
    std::string kind(FieldKindName(f.kind));
    if (f.kind == FieldKind::kEnum) kind += ": " + Codes(f.choices);
    if (f.kind == FieldKind::kInteger) {
      kind += " " + std::to_string(f.min) + "-" + std::to_string(f.max);
    }
    std::string secret = f.secret ? "yes" : "no";
    if (f.kind == FieldKind::kStringMap) {
      secret = f.options != nullptr ? "keys marked secret below"
                                    : "keys containing " + Codes(f.secret_key_markers);
    }
    std::string default_value;
    if (!f.default_value.is_null()) {
      default_value = "`" +
                      (f.default_value.is_string() ? f.default_value.get<std::string>()
                                                   : f.default_value.dump()) +
                      "`";
    }
    out << "| `" << f.name << "` | " << Cell(kind) << " | " << (f.required ? "yes" : "no") << " | "
        << secret << " | " << default_value << " | " << Cell(f.description) << " |\n";
  }
  return out.str();
}

// The declared keys of a map field, one table per driver.
std::string DeclaredKeyTables(const FieldSpec& f) {
  std::ostringstream out;
  for (const auto& [driver, options] : f.declared_keys.items()) {
    out << "| `" << f.name << "` key (" << driver << ") | kind | secret | description |\n"
        << "|---|---|---|---|\n";
    for (const Json& option : options) {
      std::string kind = option["kind"].get<std::string>();
      if (option.contains("choices")) {
        kind += ": " + Codes(option["choices"].get<std::vector<std::string>>());
      }
      if (option.contains("maximum")) {
        kind += " 0-" + std::to_string(option["maximum"].get<int64_t>());
      }
      out << "| `" << option["name"].get<std::string>() << "` | " << Cell(kind) << " | "
          << (option["secret"].get<bool>() ? "yes" : "no") << " | "
          << Cell(option["description"].get<std::string>()) << " |\n";
    }
    out << "\n";
  }
  return out.str();
}

TEST(BuiltinTypesTest, ReferenceDocumentCarriesEveryTable) {
  const auto doc_path = std::filesystem::path(TRIB_SOURCE_DIR) / "docs" / "datasource-types.md";
  std::ifstream in(doc_path);
  ASSERT_TRUE(in.good()) << "missing " << doc_path;
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const TypeSpec* spec : BuiltinTypes().All()) {
    const std::string heading = "## `" + spec->name + "`";
    EXPECT_NE(doc.find(heading + "\n\n" + spec->description + "\n"), std::string::npos)
        << "expected, in " << doc_path << ":\n"
        << heading << "\n\n"
        << spec->description << "\n";
    const std::string table = MarkdownTable(*spec);
    EXPECT_NE(doc.find(table), std::string::npos)
        << "the table of '" << spec->name << "' is out of date; expected:\n"
        << table;
    for (const FieldSpec& f : spec->fields) {
      if (f.declared_keys.is_null()) continue;
      const std::string keys = DeclaredKeyTables(f);
      EXPECT_NE(doc.find(keys), std::string::npos) << "the declared keys of '" << spec->name << "."
                                                   << f.name << "' are out of date; expected:\n"
                                                   << keys;
    }
  }
}

}  // namespace
}  // namespace trib
