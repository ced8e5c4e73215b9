// Reading through the REST API from a real PostgreSQL: formats, permissions, every bad input of
// the read issue, cancellation, splits and engine options.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "columnar/arrow_handles.h"
#include "columnar/ipc_reader.h"
#include "pg_test_db.h"
#include "project_fixture.h"
#include "test_service.h"

namespace trib::testing {
namespace {

struct Table {
  std::vector<std::string> names;
  std::vector<std::string> formats;
  int64_t rows = 0;
  std::vector<int64_t> first_int64;  // values of column 0 when it is int64
};

Table DecodeArrow(const std::string& bytes) {
  Table t;
  StreamHandle stream;
  Status st = ReadIpcStream(MemorySource(bytes), stream.get());
  EXPECT_TRUE(st.ok()) << st.ToString();
  if (!st.ok()) return t;
  StreamReader reader(stream.get());
  SchemaHandle schema;
  EXPECT_TRUE(reader.GetSchema(schema.get()).ok());
  for (int64_t i = 0; i < schema->n_children; ++i) {
    t.names.push_back(schema->children[i]->name);
    t.formats.push_back(schema->children[i]->format);
  }
  while (true) {
    ArrayHandle batch;
    EXPECT_TRUE(reader.Next(batch.get()).ok());
    if (!batch.valid()) break;
    t.rows += batch->length;
    if (!t.formats.empty() && t.formats[0] == "l") {
      const ArrowArray* c = batch->children[0];
      const auto* v = static_cast<const int64_t*>(c->buffers[1]);
      for (int64_t i = 0; i < c->length; ++i) t.first_int64.push_back(v[c->offset + i]);
    }
  }
  return t;
}

class RestReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = PgTestDb::FromEnvironment();
    if (!db)
      GTEST_SKIP() << "TRIB_TEST_PG_URL is not set (run under tests/scripts/with_postgres.sh)";
    db_ = *db;
    server_ = std::make_unique<TestServer>();
    const ProjectFixture people = ProjectFixture::Build(server_->env());
    owner_key_ = people.owner_key;
    scientist_key_ = people.scientist_key;
    outsider_key_ = people.outsider_key;
    std::tie(role_, password_) = db_.NewRole("reader");
    schema_ = "s_" + RandomHex().substr(0, 8);
    db_.Exec("CREATE SCHEMA " + schema_ + " AUTHORIZATION " + role_);
    db_.Exec("CREATE TABLE " + schema_ +
             ".orders (id bigint, customer text, amount numeric(12,2), paid boolean, "
             "at timestamptz)");
    db_.Exec("INSERT INTO " + schema_ +
             ".orders SELECT g, 'customer ' || g, g * 1.25, g % 2 = 0, "
             "'2024-01-01 00:00:00+00'::timestamptz + g * interval '1 minute' "
             "FROM generate_series(1, 1000) g");
    db_.Exec("INSERT INTO " + schema_ + ".orders VALUES (NULL, NULL, NULL, NULL, NULL)");
    db_.Exec("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema_ + " TO " + role_);
    ASSERT_EQ(CreateSource("orders_db", password_).status, 201);
  }

  Answer Call(const std::string& method, const std::string& path, const std::string& key,
              const Json& body = Json()) {
    return body.is_null() ? server_->Call(method, path, key)
                          : server_->Call(method, path, key, body);
  }

  Answer CreateSource(const std::string& name, const std::string& password,
                      const std::string& url = "") {
    return Call("POST", "/api/v1/projects/fraud/datasources", owner_key_,
                Json{{"name", name},
                     {"type", "jdbc"},
                     {"connection_string", url.empty() ? db_.JdbcUrl() : url},
                     {"arguments", {{"user", role_}, {"password", password}}}});
  }

  Answer Read(const Json& body, const std::string& accept = "application/vnd.apache.arrow.stream",
              const std::string& key = "", const std::string& source = "orders_db") {
    return server_->Post("/api/v1/projects/fraud/datasources/" + source + "/read",
                         key.empty() ? scientist_key_ : key, body, accept);
  }

  std::string Table() const { return schema_ + ".orders"; }

  void ExpectNoSecret(const Answer& a) {
    EXPECT_EQ(a.raw.find(password_), std::string::npos) << "the password leaked: " << a.raw;
  }

  PgTestDb db_;
  std::unique_ptr<TestServer> server_;
  std::string owner_key_, scientist_key_, outsider_key_;
  std::string role_, password_, schema_;
};

TEST_F(RestReadTest, TableAsArrowIpc) {
  Answer a = Read(Json{{"table", Table()}});
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.content_type, "application/vnd.apache.arrow.stream");
  auto t = DecodeArrow(a.raw);
  EXPECT_EQ(t.rows, 1001);
  EXPECT_EQ(t.names, (std::vector<std::string>{"id", "customer", "amount", "paid", "at"}));
  EXPECT_EQ(t.formats, (std::vector<std::string>{"l", "u", "d:12,2", "b", "tsu:UTC"}));
}

TEST_F(RestReadTest, QueryWithLimitKeepsOrder) {
  Answer a = Read(Json{{"query", "SELECT id FROM " + Table() + " WHERE id IS NOT NULL ORDER BY id"},
                       {"limit", 5}});
  ASSERT_EQ(a.status, 200) << a.raw;
  auto t = DecodeArrow(a.raw);
  EXPECT_EQ(t.first_int64, (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST_F(RestReadTest, CsvAndJsonLinesByAcceptOrFormat) {
  const Json q = {{"query", "SELECT id, customer FROM " + Table() + " WHERE id <= 2 ORDER BY id"}};
  Answer csv = Read(q, "text/csv");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.raw, "id,customer\r\n1,customer 1\r\n2,customer 2\r\n");  // RFC 4180
  Json with_format = q;
  with_format["format"] = "jsonl";
  Answer jsonl = Read(with_format, "text/csv");
  ASSERT_EQ(jsonl.status, 200) << jsonl.raw;
  EXPECT_EQ(jsonl.raw,
            "{\"id\":1,\"customer\":\"customer 1\"}\n{\"id\":2,\"customer\":\"customer 2\"}\n");
}

TEST_F(RestReadTest, ParquetIsAParquetFile) {
  Answer a = Read(Json{{"table", Table()}, {"format", "parquet"}});
  ASSERT_EQ(a.status, 200) << a.raw.substr(0, 200);
  ASSERT_GT(a.raw.size(), 8u);
  EXPECT_EQ(a.raw.substr(0, 4), "PAR1");
  EXPECT_EQ(a.raw.substr(a.raw.size() - 4), "PAR1");
}

TEST_F(RestReadTest, ZeroRowsGiveTheSchemaAndNoRows) {
  Answer a = Read(Json{{"query", "SELECT id, customer FROM " + Table() + " WHERE false"}});
  ASSERT_EQ(a.status, 200) << a.raw;
  auto t = DecodeArrow(a.raw);
  EXPECT_EQ(t.rows, 0);
  EXPECT_EQ(t.names, (std::vector<std::string>{"id", "customer"}));
}

TEST_F(RestReadTest, TenMegabyteValue) {
  Answer a = Read(Json{{"query", "SELECT repeat('x', 10 * 1024 * 1024) AS big"}}, "text/csv");
  ASSERT_EQ(a.status, 200) << a.raw.substr(0, 200);
  EXPECT_EQ(a.raw.size(), std::string("big\r\n").size() + 10 * 1024 * 1024 + 2);
}

// Data owners see why a connection failed (others see one "cannot connect": see
// security_attacks_test.cc).
TEST_F(RestReadTest, WrongPasswordIs502AndNamesThePassword) {
  ASSERT_EQ(CreateSource("wrong_pw", "not-" + password_).status, 201);
  Answer a = Read(Json{{"query", "SELECT 1"}}, "application/vnd.apache.arrow.stream", owner_key_,
                  "wrong_pw");
  EXPECT_EQ(a.status, 502) << a.raw;
  EXPECT_EQ(a.body["error"]["code"], "upstream_rejected");
  ExpectNoSecret(a);
}

TEST_F(RestReadTest, RefusedConnectionIs503) {
  ASSERT_EQ(CreateSource("nowhere", password_, "jdbc:postgresql://127.0.0.1:1/postgres").status,
            201);
  Answer a = Read(Json{{"query", "SELECT 1"}, {"options", {{"connect_timeout_ms", 1000}}}},
                  "application/vnd.apache.arrow.stream", "", "nowhere");
  EXPECT_EQ(a.status, 503) << a.raw;
  ExpectNoSecret(a);
}

TEST_F(RestReadTest, SyntaxErrorReturnsTheDatabasesMessage) {
  Answer a = Read(Json{{"query", "SELEC id FROM " + Table()}});
  EXPECT_EQ(a.status, 400) << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "query");
  EXPECT_NE(a.body["error"]["message"].get<std::string>().find("syntax error"), std::string::npos);
  ExpectNoSecret(a);
}

TEST_F(RestReadTest, StatementTimeoutIs504) {
  Answer a =
      Read(Json{{"query", "SELECT pg_sleep(60)"}, {"options", {{"statement_timeout_ms", 300}}}});
  EXPECT_EQ(a.status, 504) << a.raw;
  EXPECT_EQ(a.body["error"]["code"], "deadline_exceeded");
}

TEST_F(RestReadTest, SourcesOfAnotherProjectAreNotFound) {
  Answer a = server_->Post("/api/v1/projects/fraud/datasources/orders_db/read", outsider_key_,
                           Json{{"query", "SELECT 1"}}, "text/csv");
  EXPECT_EQ(a.status, 404) << a.raw;
  Answer b = server_->Post("/api/v1/projects/other/datasources/orders_db/read", outsider_key_,
                           Json{{"query", "SELECT 1"}}, "text/csv");
  EXPECT_EQ(b.status, 404) << b.raw;
}

TEST_F(RestReadTest, BadReadRequestsNameTheField) {
  Answer a = Read(Json{{"query", "SELECT 1"}, {"format", "xlsx"}});
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.body["error"]["field"], "format");
  Answer b = Read(Json{{"query", "SELECT 1"}, {"limit", -3}});
  EXPECT_EQ(b.body["error"]["field"], "limit");
}

TEST_F(RestReadTest, ClientDisconnectCancelsTheQuery) {
  const std::string marker = "trib_cancel_" + RandomHex().substr(0, 8);
  // Rows trickle out (10 per batch, 50 ms each): the client reads a little, then leaves.
  std::thread client([&] {
    httplib::Client http("127.0.0.1", server_->port());
    httplib::Headers headers = {{"Authorization", "ApiKey " + scientist_key_},
                                {"Accept", "application/vnd.apache.arrow.stream"}};
    http.set_read_timeout(20, 0);
    size_t received = 0;
    httplib::Request req;
    req.method = "POST";
    req.path = "/api/v1/projects/fraud/datasources/orders_db/read";
    req.headers = headers;
    req.body = Json{{"query", "SELECT g AS " + marker +
                                  ", pg_sleep(0.05) FROM "
                                  "generate_series(1, 100000) g"},
                    {"options", {{"batch_rows", 10}}}}
                   .dump();
    req.headers.emplace("Content-Type", "application/json");
    req.content_receiver = [&](const char*, size_t n, uint64_t, uint64_t) {
      received += n;
      return received < 1000;  // stop early: the connection closes
    };
    http.send(req);
  });
  client.join();
  const std::string running = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%" + marker +
                              "%' AND pid <> pg_backend_pid()";
  std::string count = "1";
  for (int i = 0; i < 100 && count != "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    count = db_.Scalar(running + " AND state = 'active'");
  }
  EXPECT_EQ(count, "0") << "the query kept running on the database after the client left";
}

TEST_F(RestReadTest, PartitionedReadCoversEveryRowOnce) {
  Answer a = Read(Json{{"table", Table()},
                       {"partition_column", "id"},
                       {"lower_bound", 1},
                       {"upper_bound", 1000},
                       {"num_partitions", 4}});
  ASSERT_EQ(a.status, 200) << a.raw;
  auto t = DecodeArrow(a.raw);
  EXPECT_EQ(t.rows, 1001);  // the NULL id falls into the first partition
  std::sort(t.first_int64.begin(), t.first_int64.end());
  EXPECT_EQ(std::adjacent_find(t.first_int64.begin(), t.first_int64.end()), t.first_int64.end());
}

TEST_F(RestReadTest, SplitsGiveSparkStylePredicates) {
  Answer a = Call("GET",
                  "/api/v1/projects/fraud/datasources/orders_db/splits?table=" + Table() +
                      "&partition_column=id&lower_bound=0&upper_bound=100&num_partitions=4",
                  scientist_key_);
  ASSERT_EQ(a.status, 200) << a.raw;
  ASSERT_EQ(a.body["num_partitions"], 4);
  EXPECT_EQ(a.body["splits"][0]["predicate"], "\"id\" < 25 OR \"id\" IS NULL");
  EXPECT_EQ(a.body["splits"][3]["predicate"], "\"id\" >= 75");
}

// Only the identifier quote depends on the database, and the native drivers know it: splits of
// a source that cannot be reached still answer, quoted as its database quotes.
TEST_F(RestReadTest, SplitsNeedNoConnection) {
  ASSERT_EQ(CreateSource("pg_nowhere", password_, "jdbc:postgresql://127.0.0.1:1/postgres").status,
            201);
  ASSERT_EQ(CreateSource("my_nowhere", password_, "jdbc:mysql://127.0.0.1:1/shop").status, 201);
  const std::string query =
      "/splits?table=orders&partition_column=id&lower_bound=0&upper_bound=10&num_partitions=2";
  Answer pg = Call("GET", "/api/v1/projects/fraud/datasources/pg_nowhere" + query, scientist_key_);
  ASSERT_EQ(pg.status, 200) << pg.raw;
  EXPECT_EQ(pg.body["splits"][1]["predicate"], "\"id\" >= 5");
  EXPECT_EQ(pg.body["splits"][1]["query"],
            "SELECT * FROM (SELECT * FROM \"orders\") AS trib_partition WHERE \"id\" >= 5");
  Answer my = Call("GET", "/api/v1/projects/fraud/datasources/my_nowhere" + query, scientist_key_);
  ASSERT_EQ(my.status, 200) << my.raw;
  EXPECT_EQ(my.body["splits"][0]["predicate"], "`id` < 5 OR `id` IS NULL");
}

// A request that cannot be right fails as such, before a connection is tried (the source below
// would answer 503).
TEST_F(RestReadTest, BadReadRequestsFailBeforeConnecting) {
  ASSERT_EQ(CreateSource("pg_nowhere", password_, "jdbc:postgresql://127.0.0.1:1/postgres").status,
            201);
  const std::string path = "/api/v1/projects/fraud/datasources/pg_nowhere/read";
  Answer both = Call("POST", path, scientist_key_, Json{{"query", "SELECT 1"}, {"table", "t"}});
  EXPECT_EQ(both.status, 400) << both.raw;
  EXPECT_EQ(both.body["error"]["field"], "query");
  Answer limited = Call("POST", path, scientist_key_,
                        Json{{"table", "t"},
                             {"limit", 10},
                             {"partition_column", "id"},
                             {"lower_bound", 0},
                             {"upper_bound", 10},
                             {"num_partitions", 2}});
  EXPECT_EQ(limited.status, 400) << limited.raw;
  EXPECT_EQ(limited.body["error"]["field"], "limit");
  Answer reachable = Call("POST", path, scientist_key_,
                          Json{{"table", "t"}, {"options", {{"connect_timeout_ms", 300}}}});
  EXPECT_EQ(reachable.status, 503) << "a good request does try to connect: " << reachable.raw;
}

TEST_F(RestReadTest, TestAndBrowse) {
  Answer t = Call("POST", "/api/v1/projects/fraud/datasources/orders_db/test", scientist_key_);
  ASSERT_EQ(t.status, 200) << t.raw;
  EXPECT_EQ(t.body["ok"], true);
  Answer schemas =
      Call("GET", "/api/v1/projects/fraud/datasources/orders_db/browse", scientist_key_);
  ASSERT_EQ(schemas.status, 200) << schemas.raw;
  EXPECT_NE(schemas.raw.find(schema_), std::string::npos);
  Answer tables =
      Call("GET", "/api/v1/projects/fraud/datasources/orders_db/browse?schema=" + schema_,
           scientist_key_);
  ASSERT_EQ(tables.status, 200) << tables.raw;
  EXPECT_EQ(tables.body["tables"][0]["name"], "orders");
  Answer columns = Call(
      "GET",
      "/api/v1/projects/fraud/datasources/orders_db/browse?schema=" + schema_ + "&table=orders",
      scientist_key_);
  ASSERT_EQ(columns.status, 200) << columns.raw;
  EXPECT_EQ(columns.body["columns"][2]["name"], "amount");
  EXPECT_EQ(columns.body["columns"][2]["arrow_type"], "decimal(12,2)");
}

TEST_F(RestReadTest, EngineOptionsCarryThePasswordOnlyForOwnersWhoAsk) {
  const std::string path = "/api/v1/projects/fraud/datasources/orders_db/engine-options";
  Answer plain = Call("GET", path, scientist_key_);
  ASSERT_EQ(plain.status, 200) << plain.raw;
  EXPECT_EQ(plain.body["options"]["url"], db_.JdbcUrl());
  EXPECT_EQ(plain.body["options"]["driver"], "org.postgresql.Driver");
  EXPECT_EQ(plain.body["options"]["user"], role_);
  ExpectNoSecret(plain);
  Answer denied = Call("GET", path + "?include_credentials=true", scientist_key_);
  EXPECT_EQ(denied.status, 403);
  ExpectNoSecret(denied);
  Answer vended = Call("GET", path + "?include_credentials=true", owner_key_);
  ASSERT_EQ(vended.status, 200);
  EXPECT_EQ(vended.body["options"]["password"], password_);
  Answer audit = Call("GET", "/api/v1/admin/audit?action=datasource.vend_credentials",
                      server_->env().admin_key);
  EXPECT_EQ(audit.body["events"].size(), 1u);
}

TEST_F(RestReadTest, ReadsAreAudited) {
  ASSERT_EQ(Read(Json{{"query", "SELECT 1 AS one"}}).status, 200);
  Answer audit =
      Call("GET", "/api/v1/admin/audit?action=datasource.read", server_->env().admin_key);
  ASSERT_EQ(audit.body["events"].size(), 1u);
  EXPECT_EQ(audit.body["events"][0]["actor"], "sam");
  EXPECT_EQ(audit.body["events"][0]["detail"]["query"], "SELECT 1 AS one");
}

// The embedded default: every project's online store (SQLite) and offline store (DuckDB) can be
// read at once, without any server.
TEST(DefaultSourcesReadTest, OnlineAndOfflineStoresAreReadable) {
  TestServer server;
  const std::string key = server.env().admin_key;
  ASSERT_EQ(server.Call("POST", "/api/v1/projects", key, Json{{"name", "shop"}}).status, 201);
  Answer online = server.Post("/api/v1/projects/shop/datasources/shop_onlinefeaturestore/read", key,
                              Json{{"query", "SELECT 1 AS one"}}, "text/csv");
  ASSERT_EQ(online.status, 200) << online.raw;
  EXPECT_EQ(online.raw, "one\r\n1\r\n");
  Answer offline = server.Post("/api/v1/projects/shop/datasources/shop_offline/read", key,
                               Json{{"query", "SELECT 42 AS answer"}}, "text/csv");
  ASSERT_EQ(offline.status, 200) << offline.raw;
  EXPECT_EQ(offline.raw, "answer\r\n42\r\n");
  // The training-datasets directory is a file source: a query is the wrong kind of read, and
  // the fresh directory holds no file yet.
  const std::string training = "/api/v1/projects/shop/datasources/shop_Training_Datasets/read";
  Answer query = server.Post(training, key, Json{{"query", "SELECT 1"}}, "text/csv");
  EXPECT_EQ(query.status, 400) << query.raw;
  EXPECT_EQ(query.body["error"]["field"], "query");
  Answer empty = server.Post(training, key, Json{{"path", ""}}, "text/csv");
  EXPECT_EQ(empty.status, 404) << empty.raw;
  Answer adls = server.Call(
      "POST", "/api/v1/projects/shop/datasources", key,
      Json{
          {"name", "lake"}, {"type", "adls"}, {"account_name", "lake"}, {"container_name", "raw"}});
  ASSERT_EQ(adls.status, 201) << adls.raw;
  Answer unsupported = server.Post("/api/v1/projects/shop/datasources/lake/read", key,
                                   Json{{"path", "x.csv"}}, "text/csv");
  EXPECT_EQ(unsupported.status, 409) << "adls reads are not built yet: " << unsupported.raw;
}

}  // namespace
}  // namespace trib::testing
