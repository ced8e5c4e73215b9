// A secret given to tributary appears nowhere but in the vault's ciphertext: not in the
// catalog file, not in any answer, not in the audit log, not in a log line.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "common/random.h"
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

}  // namespace
}  // namespace trib::testing
