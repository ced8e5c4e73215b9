// A secret given to tributary appears nowhere but in the vault's ciphertext: not in the
// catalog file, not in any answer, not in the audit log, not in a log line. The second test
// puts a generated marker into every secret field and every secret option of every type, calls
// every route (the authorization matrix's table) and the CLI commands that show sources, and
// scans everything that came out.
#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/credential_keys.h"
#include "common/random.h"
#include "connectors/gcs/gcs_fields.h"
#include "pg_test_db.h"
#include "project_fixture.h"
#include "route_requests.h"
#include "run_command.h"
#include "test_files.h"
#include "test_service.h"

namespace trib::testing {
namespace {

TEST(SecretsLeak, PlaintextAppearsNowhere) {
  std::ostringstream logs;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(logs));
  capture->set_level(spdlog::level::trace);
  spdlog::set_default_logger(capture);

  const std::string password = "pw-" + RandomToken(24);
  const std::string sasl = "jaas-" + RandomToken(24);
  std::string answers;
  {
    TestServer server;
    const std::string key = server.env().admin_key;
    answers += server.Call("POST", "/api/v1/projects", key, Json{{"name", "p1"}}).raw;
    Json jdbc = {{"name", "pg"},
                 {"type", "jdbc"},
                 {"connection_string", "jdbc:postgresql://db.internal:5432/sales"},
                 {"arguments", {{"user", "reader"}, {"password", password}}}};
    Answer created = server.Call("POST", "/api/v1/projects/p1/datasources", key, jdbc);
    ASSERT_EQ(created.status, 201) << created.raw;
    EXPECT_EQ(created.body["arguments"]["password"], "<redacted>");
    EXPECT_EQ(created.body["arguments"]["user"], "reader");
    answers += created.raw;
    Json kafka = {{"name", "events"},
                  {"type", "kafka"},
                  {"bootstrap_servers", "broker1:9092"},
                  {"security_protocol", "SASL_SSL"},
                  {"options", {{"sasl.jaas.config", sasl}}}};
    answers += server.Call("POST", "/api/v1/projects/p1/datasources", key, kafka).raw;
    // Bad input carrying a secret: the error must not echo it.
    Json bad = jdbc;
    bad["name"] = "pg2";
    bad["connection_string"] = "jdbc:postgresql://h/db?password=" + password;
    Answer rejected = server.Call("POST", "/api/v1/projects/p1/datasources", key, bad);
    EXPECT_EQ(rejected.status, 400);
    answers += rejected.raw;
    answers += server.Call("GET", "/api/v1/projects/p1/datasources", key).raw;
    auto resolved = server.env().service->ResolveDataSource(server.env().admin, "p1", "pg");
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(resolved->secrets.at("/arguments/password"), password);
    answers += server.Call("GET", "/api/v1/admin/audit?limit=1000", key).raw;
    answers += server.Call("POST", "/api/v1/admin/rotate-master-key", key).raw;
    answers += server.Call("GET", "/api/v1/projects/p1/datasources/pg", key).raw;

    std::string files;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(server.env().dir.path())) {
      if (entry.is_regular_file()) files += ReadAll(entry.path());
    }
    EXPECT_EQ(files.find(password), std::string::npos) << "plaintext secret in a file";
    EXPECT_EQ(files.find(sasl), std::string::npos) << "plaintext secret in a file";
  }
  spdlog::set_default_logger(previous);
  EXPECT_EQ(answers.find(password), std::string::npos);
  EXPECT_EQ(answers.find(sasl), std::string::npos);
  EXPECT_EQ(logs.str().find(password), std::string::npos);
  EXPECT_EQ(logs.str().find(sasl), std::string::npos);
  EXPECT_NE(logs.str().find("/api/v1/projects"), std::string::npos) << "logging was not captured";
}

// ---------------------------------------------------------------------------------------------
// Every secret of every type, through every route and the CLI.

// Generated markers; a definition template names where they go: "{M}" a plain marker, "{B64}"
// a 256-bit key (its base64 text is the marker), "{PEM}" a private key, "{KEYJSON}" a
// service-account key file.
class Markers {
 public:
  std::string Plain() { return Keep("mk" + RandomHex(10)); }
  std::string Base64Key() {
    const std::string bytes = RandomHex(16).substr(0, 32);  // 32 random bytes' worth of hex
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(out, sizeof out, reinterpret_cast<const unsigned char*>(bytes.data()), 32,
                      sodium_base64_VARIANT_ORIGINAL);
    return Keep(out);
  }
  // Replaces every placeholder string in `json`, recursively.
  void Fill(Json& json) {
    if (json.is_object() || json.is_array()) {
      for (auto& item : json) Fill(item);
      return;
    }
    if (!json.is_string()) return;
    const std::string text = json.get<std::string>();
    if (text == "{M}") json = Plain();
    if (text == "{B64}") json = Base64Key();
    if (text == "{PEM}") {
      json = "-----BEGIN PRIVATE KEY-----\n" + Plain() + "\n-----END PRIVATE KEY-----\n";
    }
    if (text == "{KEYJSON}") {
      json = Json{{"type", "service_account"},
                  {"client_email", Plain() + "@leak.iam.gserviceaccount.com"},
                  {"private_key",
                   "-----BEGIN PRIVATE KEY-----\n" + Plain() + "\n-----END PRIVATE KEY-----\n"}}
                 .dump();
    }
  }
  // "<where>: <marker> in ...context..." for every marker found in `text`.
  void Scan(const std::string& where, const std::string& text, std::vector<std::string>& hits) {
    for (const std::string& marker : all_) {
      const size_t at = text.find(marker);
      if (at == std::string::npos) continue;
      const size_t from = at > 80 ? at - 80 : 0;
      hits.push_back(where + ": " + marker + " in ..." + text.substr(from, 200) + "...");
    }
  }
  const std::vector<std::string>& all() const { return all_; }

 private:
  std::string Keep(std::string marker) {
    all_.push_back(marker);
    return marker;
  }
  std::vector<std::string> all_;
};

// A realistic key name per credential marker, so that option tables that know real keys accept
// them; a marker without one gets a made-up key that still contains it.
std::string KeyFor(const std::string& marker) {
  static const std::map<std::string, std::string> kKeys = {
      {"pass", "password"},          {"pwd", "pwd"},
      {"secret", "client_secret"},   {"token", "access_token"},
      {"credential", "credentials"}, {"key", "api_key"},
      {"jaas", "sasl.jaas.config"},  {"sas.", "sas.token"}};
  auto it = kKeys.find(marker);
  return it != kKeys.end() ? it->second : "x_" + marker;
}

struct Sample {
  std::string type;
  Json definition;  // without name and type; placeholders as in Markers
};

// Sources that reach nothing but closed loopback ports; mutually exclusive secrets get one
// sample each.
std::vector<Sample> Samples() {
  const Json snowflake = {{"url", "https://leak.snowflakecomputing.com"},
                          {"user", "u"},
                          {"database", "d"},
                          {"schema", "s"}};
  const auto with = [](Json base, const Json& extra) {
    base.update(extra);
    return base;
  };
  return {
      {"jdbc",
       {{"connection_string", "jdbc:postgresql://127.0.0.1:1/db"},
        {"arguments", {{"user", "reader"}, {"password", "{M}"}}}}},
      {"redshift",
       {{"cluster_identifier", "c1"},
        {"database_endpoint", "127.0.0.1"},
        {"database_port", 1},
        {"database_name", "dev"},
        {"database_user_name", "u"},
        {"database_password", "{M}"},
        // The secret option the PostgreSQL driver declares (others are refused by its table).
        {"arguments", {{"sslpassword", "{M}"}}}}},
      {"s3",
       {{"bucket", "leak-bucket"},
        {"region", "us-east-1"},
        {"access_key", "{M}"},
        {"secret_key", "{M}"},
        {"session_token", "{M}"}}},
      // adls sources are read for real: the storage and token endpoints are closed loopback
      // ports, so the secret is used (signed with, posted) and the failure comes back.
      {"adls",
       {{"account_name", "leakacct"},
        {"container_name", "leak"},
        {"directory_id", "0f0e0d0c-0b0a-0908-0706-050403020100"},
        {"application_id", "00010203-0405-0607-0809-0a0b0c0d0e0f"},
        {"service_credential", "{M}"},
        {"spark_options",
         {{"fs.azure.abfs.endpoint", "https://127.0.0.1:1"},
          {"fs.azure.account.oauth2.client.endpoint", "http://127.0.0.1:1/t/oauth2/v2.0/token"}}}}},
      {"adls",
       {{"account_name", "leakacct"},
        {"container_name", "leak"},
        {"account_key", "{B64}"},
        {"spark_options", {{"fs.azure.abfs.endpoint", "http://127.0.0.1:1"}}}}},
      {"snowflake", with(snowflake, {{"password", "{M}"}})},
      {"snowflake", with(snowflake, {{"token", "{M}"}})},
      {"snowflake", with(snowflake, {{"private_key", "{PEM}"}, {"private_key_passphrase", "{M}"}})},
      {"kafka",
       {{"bootstrap_servers", "127.0.0.1:1"},
        {"security_protocol", "SSL"},
        {"ssl_truststore_location", "/etc/trib/truststore.jks"},
        {"ssl_truststore_password", "{M}"},
        {"ssl_keystore_location", "/etc/trib/keystore.jks"},
        {"ssl_keystore_password", "{M}"},
        {"ssl_key_password", "{M}"}}},
      {"bigquery", {{"key_json", "{KEYJSON}"}, {"parent_project", "leak-project"}}},
      {"gcs",
       {{"key_json", "{KEYJSON}"},
        {"bucket", "leak-bucket"},
        {"algorithm", "AES256"},
        {"encryption_key", "{B64}"},
        {"encryption_key_hash", "set from encryption_key"}}},
  };
}

TEST(SecretsLeak, MarkersInEverySecretOfEveryTypeAppearNowhere) {
  std::ostringstream logs;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(logs));
  capture->set_level(spdlog::level::trace);
  spdlog::set_default_logger(capture);

  Markers markers;
  std::vector<std::string> hits;
  std::string mid_stream_logged;  // the log line a mid-stream failure must have written
  std::string answers;
  {
    TestServer server;
    TestService& env = server.env();
    const ProjectFixture people = ProjectFixture::Build(env);
    const std::string base = "/api/v1/projects/" + people.project + "/datasources";

    // Create one source per sample, with every secret option of its maps. An option key an
    // option table refuses (400 naming it) is dropped; coverage is checked below.
    std::map<std::string, std::string> source_types;          // name -> type
    std::map<std::string, std::vector<std::string>> planted;  // name -> its markers
    std::map<std::string, std::set<std::string>> covered;     // type -> secret fields set
    int index = 0;
    for (Sample sample : Samples()) {
      const TypeSpec* spec = env.service->types().Find(sample.type);
      ASSERT_NE(spec, nullptr) << sample.type;
      for (const FieldSpec& field : spec->fields) {
        if (field.kind != FieldKind::kStringMap) continue;
        if (field.options != nullptr) {  // every secret option the client's table declares
          for (const OptionSpec& option : field.options->options) {
            if (option.secret) sample.definition[field.name][std::string(option.name)] = "{M}";
          }
          continue;
        }
        for (const std::string& marker : CredentialMarkers()) {
          sample.definition[field.name][KeyFor(marker)] = "{M}";
        }
      }
      const size_t before = markers.all().size();
      markers.Fill(sample.definition);
      if (sample.definition.contains("encryption_key_hash")) {  // gcs checks it at create
        sample.definition["encryption_key_hash"] =
            EncryptionKeyHash(sample.definition["encryption_key"].get<std::string>());
      }
      const std::string name = "leak_" + sample.type + "_" + std::to_string(++index);
      Json body = sample.definition;
      body["name"] = name;
      body["type"] = sample.type;
      Answer created;
      for (int attempt = 0; attempt < 32; ++attempt) {
        created = server.Call("POST", base, people.owner_key, body);
        answers += created.raw;
        if (created.status != 400) break;
        const std::string field = created.body["error"].value("field", "");
        const size_t dot = field.find('.');
        if (dot == std::string::npos || !body.contains(field.substr(0, dot))) break;
        body[field.substr(0, dot)].erase(field.substr(dot + 1));  // an option the table refuses
      }
      ASSERT_EQ(created.status, 201) << sample.type << ": " << created.raw;
      source_types[name] = sample.type;
      planted[name].assign(markers.all().begin() + before, markers.all().end());
      for (const FieldSpec& field : spec->fields) {
        if (!body.contains(field.name)) continue;
        if (field.secret) covered[sample.type].insert(field.name);
        if (field.kind == FieldKind::kStringMap) {
          for (const auto& [key, value] : body[field.name].items()) {
            if (field.IsSecretMapKey(key)) covered[sample.type].insert(field.name + ".*");
          }
        }
      }
      // Positive control: what is stored in the vault holds the markers that were kept.
      auto resolved = env.service->ResolveDataSource(env.admin, people.project, name);
      ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
      std::string opened;
      for (const auto& [pointer, plaintext] : resolved->secrets) opened += plaintext + "\n";
      int kept = 0;
      for (const std::string& marker : planted[name])
        kept += opened.find(marker) != std::string::npos;
      EXPECT_GT(kept, 0) << name << ": no marker reached the vault";
    }
    // Every secret field and secret option map of every registered type got a marker.
    for (const TypeSpec* spec : env.service->types().All()) {
      for (const FieldSpec& field : spec->fields) {
        if (field.secret) {
          EXPECT_EQ(covered[spec->name].count(field.name), 1u)
              << spec->name << "." << field.name << " is secret but no sample sets it: add one "
              << "to Samples() in tests/unit/secrets_leak_test.cc";
        }
        if (field.kind == FieldKind::kStringMap && field.MayHoldSecrets()) {
          EXPECT_EQ(covered[spec->name].count(field.name + ".*"), 1u)
              << spec->name << "." << field.name << " stored no secret option";
        }
      }
    }

    // Under tests/scripts/with_postgres.sh, one source whose marker is the real password of a
    // PostgreSQL role, so that the routes below also connect, read and fail with it for real.
    if (auto db = PgTestDb::FromEnvironment()) {
      const std::string role = "leak_" + RandomHex(4);
      const std::string password = markers.Plain();
      db->Exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
      Answer live = server.Call("POST", base, people.owner_key,
                                Json{{"name", "leak_pg_live"},
                                     {"type", "jdbc"},
                                     {"connection_string", db->JdbcUrl()},
                                     {"arguments", {{"user", role}, {"password", password}}}});
      ASSERT_EQ(live.status, 201) << live.raw;
      source_types["leak_pg_live"] = "jdbc";
      planted["leak_pg_live"] = {password};
      Answer read = server.Call("POST", base + "/leak_pg_live/read", people.scientist_key,
                                Json{{"query", "SELECT current_user AS who"}, {"format", "csv"}});
      EXPECT_EQ(read.status, 200) << "positive control: the marker is the working password";
      answers += read.raw;
      // The database echoes the password in an error after rows have been streamed: the
      // mid-stream failure must not carry it into the answer or the server's log.
      Answer echoed =
          server.Call("POST", base + "/leak_pg_live/read", people.scientist_key,
                      Json{{"query", "SELECT CASE WHEN g < 300000 THEN g ELSE ('" + password +
                                         "' || g)::int END AS n FROM generate_series(1, 300001) g"},
                           {"format", "csv"}});
      answers += echoed.raw;
      // A failure after the first byte cuts the transfer (the client sees no valid end).
      EXPECT_EQ(echoed.status, -1) << echoed.raw.substr(0, 300);
      mid_stream_logged = "/leak_pg_live/read stopped:";
    }

    // Credential-like URL parameters are refused at create, without echoing the value.
    for (const std::string& marker : CredentialMarkers()) {
      const std::string key = KeyFor(marker);
      Answer refused = server.Call("POST", base, people.owner_key,
                                   Json{{"name", "leak_url"},
                                        {"type", "jdbc"},
                                        {"connection_string", "jdbc:postgresql://127.0.0.1:1/db?" +
                                                                  key + "=" + markers.Plain()}});
      EXPECT_EQ(refused.status, 400) << key << ": " << refused.raw;
      answers += refused.raw;
    }

    // Every route of the authorization matrix, as the data owner and as the admin, on every
    // source; deleting comes last.
    RouteRequests requests(env, people);
    const std::string delete_route = "DELETE /api/v1/projects/{project}/datasources/{name}";
    int vended = 0;
    for (const std::string& key : {people.owner_key, env.admin_key}) {
      for (const RouteRow& row : ExpectedRouteAccess()) {
        if (row.route == delete_route) continue;
        const bool per_source = row.route.find("{name}") != std::string::npos;
        for (const auto& [name, type] : source_types) {
          RouteRequests::Request request = requests.Build(row, {{"name", name}});
          if (request.method == "PUT") {  // the answer sent back, redacted secrets and all
            Json shown = server.Call("GET", base + "/" + name, key).body;
            shown["description"] = "updated";
            request.body = shown.dump();
          }
          Answer a = server.Call(request.method, request.path, key, request.body);
          if (row.route.find("include_credentials=true") != std::string::npos &&
              key == people.owner_key) {
            // Vending the stored credentials to a member data owner is the one place they go
            // out, on purpose: it must hold the markers (the scan would see them), and is left
            // out of the answers scanned.
            if (a.status == 200) {
              for (const std::string& marker : planted[name]) {
                vended += a.raw.find(marker) != std::string::npos;
              }
            }
          } else {
            answers += a.raw;
          }
          if (!per_source) break;
        }
      }
    }
    EXPECT_GT(vended, 0) << "no route vended a stored credential: the positive control failed";
    const std::string deleted = source_types.rbegin()->first;
    Answer gone = server.Call("DELETE", base + "/" + deleted, people.owner_key);
    EXPECT_EQ(gone.status, 204) << gone.raw;
    answers += gone.raw;

    // The CLI commands that show sources, as a user runs them.
    if (std::filesystem::exists(TribBinary())) {
      const std::string trib = TribAs(server.port(), people.owner_key);
      CommandResult list = RunCommand(trib + "datasource list " + people.project);
      EXPECT_EQ(list.exit_code, 0) << list.output;
      EXPECT_NE(list.output.find("leak_jdbc_1"), std::string::npos) << list.output;
      std::string cli = list.output;
      for (const auto& [name, type] : source_types) {
        CommandResult show = RunCommand(trib + "datasource show " + people.project + " " + name);
        if (name != deleted) {
          EXPECT_EQ(show.exit_code, 0) << name << ": " << show.output;
        }
        cli += show.output;
      }
      EXPECT_NE(cli.find("<redacted>"), std::string::npos) << cli.substr(0, 2000);
      markers.Scan("trib CLI output", cli, hits);
    } else {
      ADD_FAILURE() << "the trib binary is not built at " << TribBinary();
    }

    // The audit trail, as answered and as stored.
    answers += server.Call("GET", "/api/v1/admin/audit?limit=1000", env.admin_key).raw;
    AuditQuery all;
    all.limit = 1000;
    auto events = env.service->catalog().QueryAudit(all);
    ASSERT_TRUE(events.ok());
    EXPECT_GT(events->size(), 20u);
    std::string audit_rows;
    for (const AuditEvent& e : *events) {
      audit_rows +=
          e.actor + " " + e.action + " " + e.project + " " + e.target + " " + e.detail + "\n";
    }
    markers.Scan("audit rows", audit_rows, hits);

    // Every file under the data dir: the catalog (its secrets column holds only ciphertext),
    // its journal, key files, project stores.
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(env.dir.path())) {
      if (!entry.is_regular_file()) continue;
      ++files;
      markers.Scan("file " + entry.path().string(), ReadAll(entry.path()), hits);
    }
    EXPECT_GT(files, 5);
  }
  spdlog::set_default_logger(previous);
  markers.Scan("REST answers", answers, hits);
  markers.Scan("log lines", logs.str(), hits);
  EXPECT_GT(markers.all().size(), 40u);
  EXPECT_NE(logs.str().find("/api/v1/projects"), std::string::npos) << "logging was not captured";
  if (!mid_stream_logged.empty()) {
    EXPECT_NE(logs.str().find(mid_stream_logged), std::string::npos) << "no mid-stream failure";
  }
  for (const std::string& hit : hits) ADD_FAILURE() << "marker leaked: " << hit;
}

}  // namespace
}  // namespace trib::testing
