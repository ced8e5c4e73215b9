#include "sql/sqlite/sqlite_session.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "sql/text_values.h"
#include "sql_read_helpers.h"

namespace trib::sql {
namespace {

using testing::BoolAt;
using testing::BytesAt;
using testing::Days;
using testing::IsValid;
using testing::Micros;
using testing::ReadAll;
using testing::ReadResult;
using testing::ValueAt;

class SqliteDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "trib-sqlite-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/test.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs setup SQL with sqlite3 itself, independent of the driver under test.
  void Exec(const std::string& sql, const std::string& path = {}) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.empty() ? path_.c_str() : path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::unique_ptr<SqlSession> Connect(std::map<std::string, std::string> options = {}) {
    ConnectParams params;
    params.database = path_;
    params.options = std::move(options);
    auto session = ConnectSqlite(params);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? std::move(*session) : nullptr;
  }

  const ArrowArray& Col(const ReadResult& r, int column, size_t batch = 0) {
    return *r.batches.at(batch)->children[column];
  }

  std::string dir_;
  std::string path_;
};

TEST_F(SqliteDriverTest, EveryDeclaredTypeWithNulls) {
  Exec(R"(CREATE TABLE t (i INTEGER, bi BIGINT, r REAL, d DOUBLE PRECISION, tx TEXT,
            vc VARCHAR(20), b BLOB, flag BOOLEAN, day DATE, ts DATETIME, ts2 TIMESTAMP,
            tm TIME, price DECIMAL(12,2), n NUMERIC);
          INSERT INTO t VALUES (42, -9000000000000, 1.5, -2.25, 'héllo', 'abc', x'00ff10', 1,
            '2024-02-29', '2024-01-02 03:04:05.123456', '2024-01-02T03:04:05+02:00',
            '13:14:15.5', '12345.67', 7);
          INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL);
          INSERT INTO t VALUES (0, 0, 0, 0, '', '', x'', 0, '1969-12-31', '1970-01-01',
            '1970-01-01 00:00:00Z', '00:00', '-0.05', -1);)");
  auto session = Connect();
  ASSERT_TRUE(session);
  const ReadResult r = ReadAll(*session, "SELECT * FROM t");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.names, (std::vector<std::string>{"i", "bi", "r", "d", "tx", "vc", "b", "flag", "day",
                                               "ts", "ts2", "tm", "price", "n"}));
  EXPECT_EQ(r.formats, (std::vector<std::string>{"l", "l", "g", "g", "u", "u", "z", "b", "tdD",
                                                 "tsu:", "tsu:", "ttu", "d:12,2", "l"}));
  ASSERT_EQ(r.rows, 3);
  ASSERT_EQ(r.batches.size(), 1u);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 0), 0), 42);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 1), 0), -9000000000000);
  EXPECT_EQ(ValueAt<double>(Col(r, 2), 0), 1.5);
  EXPECT_EQ(ValueAt<double>(Col(r, 3), 0), -2.25);
  EXPECT_EQ(BytesAt(Col(r, 4), 0), "héllo");
  EXPECT_EQ(BytesAt(Col(r, 5), 0), "abc");
  EXPECT_EQ(BytesAt(Col(r, 6), 0), std::string("\x00\xff\x10", 3));
  EXPECT_TRUE(BoolAt(Col(r, 7), 0));
  EXPECT_EQ(ValueAt<int32_t>(Col(r, 8), 0), Days(2024, 2, 29));
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 9), 0), Micros(2024, 1, 2, 3, 4, 5, 123456));
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 10), 0), Micros(2024, 1, 2, 1, 4, 5))
      << "an offset is converted to UTC";
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 11), 0), (13 * 3600 + 14 * 60 + 15) * 1000000LL + 500000);
  EXPECT_TRUE(ValueAt<Int128>(Col(r, 12), 0) == 1234567);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 13), 0), 7);
  for (int c = 0; c < 14; ++c) {
    EXPECT_FALSE(IsValid(Col(r, c), 1)) << "column " << c << " row 1 is NULL";
    EXPECT_TRUE(IsValid(Col(r, c), 0)) << c;
    EXPECT_TRUE(IsValid(Col(r, c), 2)) << c;
    EXPECT_EQ(Col(r, c).null_count, 1) << c;
  }
  EXPECT_EQ(BytesAt(Col(r, 4), 2), "");
  EXPECT_EQ(BytesAt(Col(r, 6), 2), "");
  EXPECT_FALSE(BoolAt(Col(r, 7), 2));
  EXPECT_EQ(ValueAt<int32_t>(Col(r, 8), 2), -1);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 9), 2), 0);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 10), 2), 0);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 11), 2), 0);
  EXPECT_TRUE(ValueAt<Int128>(Col(r, 12), 2) == -5);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 13), 2), -1);
}

TEST_F(SqliteDriverTest, ExpressionsTakeTheirTypeFromTheirValues) {
  Exec("CREATE TABLE empty (x INTEGER)");
  auto session = Connect();
  ASSERT_TRUE(session);
  ReadResult r = ReadAll(*session,
                         "SELECT 1 AS a, 2.5 AS b, 'x' AS c, x'01' AS d, NULL AS e, "
                         "9223372036854775807 AS f");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"l", "g", "u", "z", "u", "l"}));
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 5), 0), INT64_MAX);
  EXPECT_FALSE(IsValid(Col(r, 4), 0));

  // Integers and reals: float64; integers and text: text, numbers written out exactly.
  r = ReadAll(*session, "SELECT column1 AS v FROM (VALUES (1), (2.5), (NULL))");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"g"}));
  EXPECT_EQ(ValueAt<double>(Col(r, 0), 0), 1.0);
  EXPECT_EQ(ValueAt<double>(Col(r, 0), 1), 2.5);
  r = ReadAll(*session, "SELECT column1 AS v FROM (VALUES (1), ('a'), (0.1))");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"u"}));
  EXPECT_EQ(BytesAt(Col(r, 0), 0), "1");
  EXPECT_EQ(BytesAt(Col(r, 0), 1), "a");
  EXPECT_EQ(BytesAt(Col(r, 0), 2), "0.1");
  // A double cannot hold 2^62 + 1: text keeps every digit.
  r = ReadAll(*session, "SELECT column1 AS v FROM (VALUES (4611686018427387905), (0.5))");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"u"}));
  EXPECT_EQ(BytesAt(Col(r, 0), 0), "4611686018427387905");
  // Aggregates over a typed column have no declared type either.
  r = ReadAll(*session, "SELECT count(*) AS n, max(x) AS m FROM empty");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"l", "u"}));
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 0), 0), 0);
}

TEST_F(SqliteDriverTest, ValueThatDoesNotFitItsColumnIsAnErrorNamingIt) {
  Exec("CREATE TABLE t (id INTEGER, amount INTEGER); INSERT INTO t VALUES (1, 5), (2, 'lots');");
  auto session = Connect();
  ASSERT_TRUE(session);
  ReadResult r = ReadAll(*session, "SELECT id, amount FROM t");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.field(), "query");
  EXPECT_NE(r.status.message().find("'amount'"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("CAST(amount AS TEXT)"), std::string::npos);
  // The advice works.
  r = ReadAll(*session, "SELECT id, CAST(amount AS TEXT) AS amount FROM t");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(BytesAt(Col(r, 1), 1), "lots");

  // An expression typed int64 by the first batch meets a real in a later batch.
  QueryOptions small;
  small.batch.max_rows = 2;
  r = ReadAll(*session, "SELECT column1 AS v FROM (VALUES (1), (2), (3.5))", small);
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status.message().find("'v'"), std::string::npos) << r.status.message();
  EXPECT_EQ(r.rows, 2) << "the rows before it were delivered";

  // Decimals never round.
  Exec("CREATE TABLE d (p DECIMAL(5,2)); INSERT INTO d VALUES ('1.005');");
  r = ReadAll(*session, "SELECT p FROM d");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument) << r.status.ToString();
}

TEST_F(SqliteDriverTest, ZeroRows) {
  Exec("CREATE TABLE t (a INTEGER, b TEXT)");
  auto session = Connect();
  ASSERT_TRUE(session);
  ReadResult r = ReadAll(*session, "SELECT a, b FROM t");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"l", "u"}));
  EXPECT_EQ(r.rows, 0);
  EXPECT_TRUE(r.batches.empty());
  r = ReadAll(*session, "SELECT a + 1 AS x FROM t");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"u"})) << "no values: text";
  EXPECT_EQ(r.rows, 0);
}

TEST_F(SqliteDriverTest, TenMegabyteText) {
  Exec("CREATE TABLE big (id INTEGER, body TEXT, raw BLOB)");
  std::string body(10 * 1024 * 1024, 'x');
  for (size_t i = 0; i < body.size(); i += 4096) body[i] = static_cast<char>('a' + (i / 4096) % 26);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO big VALUES (1, ?1, ?1)", -1, &stmt, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(stmt, 1, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  auto session = Connect();
  ASSERT_TRUE(session);
  const ReadResult r = ReadAll(*session, "SELECT id, body, raw, length(body) AS n FROM big");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows, 1);
  EXPECT_TRUE(BytesAt(Col(r, 1), 0) == body);
  EXPECT_TRUE(BytesAt(Col(r, 2), 0) == body);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 3), 0), static_cast<int64_t>(body.size()));
}

TEST_F(SqliteDriverTest, BatchesAreBounded) {
  Exec(R"(CREATE TABLE t (n INTEGER, s TEXT);
          WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000)
          INSERT INTO t SELECT x, printf('row %d', x) FROM c;)");
  auto session = Connect();
  ASSERT_TRUE(session);
  QueryOptions options;
  options.batch.max_rows = 1000;
  ReadResult r = ReadAll(*session, "SELECT n, s FROM t ORDER BY n", options);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, 10000);
  ASSERT_EQ(r.batches.size(), 10u);
  for (const auto& batch : r.batches) EXPECT_EQ(batch->length, 1000);
  EXPECT_EQ(ValueAt<int64_t>(*r.batches[9]->children[0], 999), 10000);
  EXPECT_EQ(BytesAt(*r.batches[9]->children[1], 999), "row 10000");
  // Expressions (read ahead for their type) are batched the same way.
  r = ReadAll(*session, "SELECT n * 2 AS d FROM t ORDER BY n", options);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.batches.size(), 10u);
  EXPECT_EQ(ValueAt<int64_t>(*r.batches[0]->children[0], 0), 2);
  EXPECT_EQ(ValueAt<int64_t>(*r.batches[9]->children[0], 999), 20000);
  // The byte limit bounds batches of wide rows.
  options.batch.max_rows = 100000;
  options.batch.max_bytes = 20000;
  r = ReadAll(*session, "SELECT s FROM t", options);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, 10000);
  EXPECT_GT(r.batches.size(), 3u);
}

TEST_F(SqliteDriverTest, SyntaxErrorCarriesSqlitesMessage) {
  Exec("CREATE TABLE t (a INTEGER)");
  auto session = Connect();
  ASSERT_TRUE(session);
  ReadResult r = ReadAll(*session, "SELEC a FROM t");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.field(), "query");
  EXPECT_NE(r.status.message().find("syntax error"), std::string::npos) << r.status.message();
  r = ReadAll(*session, "SELECT nope FROM t");
  EXPECT_EQ(r.status.field(), "query");
  EXPECT_NE(r.status.message().find("no such column"), std::string::npos) << r.status.message();
  r = ReadAll(*session, "SELECT 1; DROP TABLE t");
  EXPECT_EQ(r.status.field(), "query");
  EXPECT_NE(r.status.message().find("single"), std::string::npos) << r.status.message();
  r = ReadAll(*session, "  -- nothing\n");
  EXPECT_EQ(r.status.field(), "query");
  // A trailing ';' and comment are fine.
  r = ReadAll(*session, "SELECT a FROM t; -- done");
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
}

constexpr const char* kNeverEnds =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

TEST_F(SqliteDriverTest, StatementTimeout) {
  Exec("CREATE TABLE t (a INTEGER)");
  auto session = Connect();
  ASSERT_TRUE(session);
  QueryOptions options;
  options.statement_timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  ReadResult r = ReadAll(*session, kNeverEnds, options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status.code(), StatusCode::kDeadlineExceeded) << r.status.ToString();
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  EXPECT_LT(elapsed, std::chrono::seconds(10));

  // A statement that streams rows forever is stopped as well, mid-stream.
  options.batch.max_rows = 1000;
  r = ReadAll(*session,
              "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
              options);
  EXPECT_EQ(r.status.code(), StatusCode::kDeadlineExceeded) << r.status.ToString();
  EXPECT_GT(r.rows, 0);

  // The session stays usable.
  r = ReadAll(*session, "SELECT count(*) AS n FROM t");
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
}

TEST_F(SqliteDriverTest, CancelFromAnotherThread) {
  Exec("CREATE TABLE t (a INTEGER)");
  auto session = Connect();
  ASSERT_TRUE(session);
  QueryOptions options;
  options.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = options.cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    token->Cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  ReadResult r = ReadAll(*session, kNeverEnds, options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_EQ(r.status.code(), StatusCode::kCancelled) << r.status.ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  r = ReadAll(*session, "SELECT count(*) AS n FROM t");
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();

  // Cancelled before it starts: nothing runs.
  QueryOptions already;
  already.cancel = std::make_shared<CancelToken>();
  already.cancel->Cancel();
  r = ReadAll(*session, "SELECT a FROM t", already);
  EXPECT_EQ(r.status.code(), StatusCode::kCancelled) << r.status.ToString();
}

TEST_F(SqliteDriverTest, Browse) {
  const std::string aux = dir_ + "/aux.db";
  Exec(R"(CREATE TABLE orders (id INTEGER PRIMARY KEY, total DECIMAL(10,2) NOT NULL, note TEXT,
            extra);
          CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
          CREATE INDEX orders_total ON orders (total);)");
  Exec("CREATE TABLE \"we\"\"ird\" (x BLOB)", aux);
  // Reads cannot ATTACH; a read-write session (tributary's own use) browses attached schemas.
  ConnectParams params;
  params.database = path_;
  params.read_only = false;
  auto connected = ConnectSqlite(params);
  ASSERT_TRUE(connected.ok()) << connected.status().ToString();
  auto session = std::move(*connected);
  ASSERT_TRUE(ReadAll(*session, "ATTACH DATABASE '" + aux + "' AS aux").status.ok());

  auto schemas = session->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  EXPECT_EQ(*schemas, (std::vector<std::string>{"main", "aux"}));

  auto tables = session->ListTables("");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ((*tables)[0].name, "big_orders");
  EXPECT_EQ((*tables)[0].kind, "view");
  EXPECT_EQ((*tables)[0].schema, "main");
  EXPECT_EQ((*tables)[1].name, "orders");
  EXPECT_EQ((*tables)[1].kind, "table");
  tables = session->ListTables("aux");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_EQ((*tables)[0].name, "we\"ird");

  auto columns = session->ListColumns({"", "orders"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 4u);
  EXPECT_EQ((*columns)[0].name, "id");
  EXPECT_EQ((*columns)[0].database_type, "INTEGER");
  EXPECT_EQ((*columns)[0].arrow_type, "int64");
  EXPECT_EQ((*columns)[1].database_type, "DECIMAL(10,2)");
  EXPECT_EQ((*columns)[1].arrow_type, "decimal(10,2)");
  EXPECT_FALSE((*columns)[1].nullable);
  EXPECT_EQ((*columns)[2].arrow_type, "utf8");
  EXPECT_TRUE((*columns)[2].nullable);
  EXPECT_EQ((*columns)[3].database_type, "");
  EXPECT_EQ((*columns)[3].arrow_type, "") << "typed by its values at read time";

  columns = session->ListColumns({"aux", "we\"ird"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ((*columns)[0].arrow_type, "binary");
  {
    // ReadTable quotes the odd name.
    auto reader = session->ReadTable({"aux", "we\"ird"}, {});
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  }

  EXPECT_EQ(session->ListColumns({"", "missing"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(session->ListTables("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(session->ListColumns({"nope", "orders"}).status().code(), StatusCode::kNotFound);
}

TEST_F(SqliteDriverTest, MissingFileIsNotCreated) {
  ConnectParams params;
  params.database = dir_ + "/absent.db";
  auto session = ConnectSqlite(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session.status().field(), "connection_string");
  EXPECT_NE(session.status().message().find("absent.db"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(params.database));
  params.options["mode"] = "rwc";
  session = ConnectSqlite(params);
  EXPECT_EQ(session.status().field(), "arguments.mode") << "a read never creates a file";
  EXPECT_FALSE(std::filesystem::exists(params.database));
  params.read_only = false;
  session = ConnectSqlite(params);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(params.database));
  EXPECT_TRUE((*session)->Ping().ok());
}

TEST_F(SqliteDriverTest, ReadOnlyModeRefusesWrites) {
  Exec("CREATE TABLE t (a INTEGER)");
  auto session = Connect({{"mode", "ro"}});
  ASSERT_TRUE(session);
  EXPECT_TRUE(ReadAll(*session, "SELECT a FROM t").status.ok());
  const ReadResult r = ReadAll(*session, "INSERT INTO t VALUES (1)");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.field(), "query");
  // A read-write session (tributary's own writes, never a read) writes.
  ConnectParams params;
  params.database = path_;
  params.read_only = false;
  auto rw = ConnectSqlite(params);
  ASSERT_TRUE(rw.ok()) << rw.status().ToString();
  EXPECT_TRUE(ReadAll(**rw, "INSERT INTO t VALUES (1)").status.ok());
}

// Attack 3 of the security review: a read on the default online store ran writes, wrote files
// anywhere with VACUUM INTO and told existing files from missing ones with ATTACH.
TEST_F(SqliteDriverTest, ReadsChangeNothingAndReachNoOtherFile) {
  Exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2);");
  const std::string outside = dir_ + "/written-by-a-read.db";
  auto session = Connect();
  ASSERT_TRUE(session);
  const std::vector<std::string> refused = {
      "CREATE TABLE u (b INTEGER)", "INSERT INTO t VALUES (3)", "UPDATE t SET a = 5",
      "DELETE FROM t", "DROP TABLE t", "VACUUM", "VACUUM INTO '" + outside + "'",
      "ATTACH '" + path_ + "' AS again", "ATTACH '/etc/shadow' AS s",
      "ATTACH '/etc/nonexistent' AS s", "PRAGMA journal_mode = DELETE", "PRAGMA user_version = 7",
      "BEGIN", "SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')",
      "SELECT fts3_tokenizer('simple')", "INSERT INTO t VALUES (9) RETURNING a",
      "CREATE TEMP TABLE tmp AS SELECT 1",
      // They answer the server's path of the database file.
      "PRAGMA database_list", "SELECT file FROM pragma_database_list"};
  std::set<std::string> messages;
  for (const std::string& sql : refused) {
    const ReadResult r = ReadAll(*session, sql);
    EXPECT_FALSE(r.status.ok()) << sql;
    EXPECT_EQ(r.status.field(), "query") << sql << ": " << r.status.ToString();
    if (sql.rfind("ATTACH '/etc", 0) == 0) messages.insert(r.status.message());
  }
  EXPECT_EQ(messages.size(), 1u) << "ATTACH answers the same for a file that exists and one "
                                    "that does not";
  EXPECT_FALSE(std::filesystem::exists(outside));
  // Nothing changed, and reading still works, including browse's reporting pragmas.
  const ReadResult rows = ReadAll(*session, "SELECT a FROM t");
  ASSERT_TRUE(rows.status.ok()) << rows.status.ToString();
  EXPECT_EQ(rows.rows, 2);
  EXPECT_TRUE(ReadAll(*session, "PRAGMA table_info(t)").status.ok());
  EXPECT_TRUE(ReadAll(*session,
                      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                      "WHERE x < 5) SELECT x FROM n")
                  .status.ok());
  auto tables = session->ListTables("");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ(tables->size(), 1u);
  auto schemas = session->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << "browse still lists the schemas: " << schemas.status().ToString();
  EXPECT_EQ(*schemas, std::vector<std::string>{"main"});
  auto columns = session->ListColumns({"", "t"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(columns->size(), 1u);
}

// A view or trigger in a hostile file cannot write on the reader's behalf either.
TEST_F(SqliteDriverTest, ViewsOfTheFileCannotWrite) {
  Exec(
      "CREATE TABLE t (a INTEGER); CREATE TABLE log (x INTEGER);"
      "CREATE VIEW v AS SELECT a FROM t;"
      "CREATE TRIGGER tr INSTEAD OF INSERT ON v BEGIN INSERT INTO log VALUES (1); END;");
  auto session = Connect();
  ASSERT_TRUE(session);
  EXPECT_FALSE(ReadAll(*session, "INSERT INTO v VALUES (1)").status.ok());
  EXPECT_TRUE(ReadAll(*session, "SELECT * FROM v").status.ok());
}

TEST_F(SqliteDriverTest, OptionsAreChecked) {
  Exec("CREATE TABLE t (a INTEGER)");
  ConnectParams params;
  params.database = path_;
  params.options = {{"cache", "shared"}};
  auto session = ConnectSqlite(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().field(), "arguments");
  EXPECT_NE(session.status().message().find("'cache'"), std::string::npos);
  params.options = {{"mode", "sideways"}};
  EXPECT_EQ(ConnectSqlite(params).status().code(), StatusCode::kInvalidArgument);
  params.options = {{"busy_timeout", "-5"}};
  EXPECT_EQ(ConnectSqlite(params).status().code(), StatusCode::kInvalidArgument);
  params.options = {{"busy_timeout", "250"}};
  EXPECT_TRUE(ConnectSqlite(params).ok());
}

TEST_F(SqliteDriverTest, NotADatabaseAndInMemory) {
  {
    std::ofstream out(path_);
    out << std::string(4096, 'z');
  }
  ConnectParams params;
  params.database = path_;
  auto session = ConnectSqlite(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session.status().field(), "connection_string");

  params.database = ":memory:";
  session = ConnectSqlite(params);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_FALSE(ReadAll(**session, "CREATE TABLE m (x INTEGER)").status.ok()) << "a read";
  params.read_only = false;
  session = ConnectSqlite(params);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_TRUE(ReadAll(**session, "CREATE TABLE m (x INTEGER)").status.ok());
  const ReadResult r = ReadAll(**session, "SELECT count(*) AS n FROM m");
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
}

TEST_F(SqliteDriverTest, ReaderExportsAsArrowStream) {
  Exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'one'), (2, NULL);");
  auto session = Connect();
  ASSERT_TRUE(session);
  auto reader = session->Query("SELECT a, b FROM t ORDER BY a", {});
  ASSERT_TRUE(reader.ok());
  StreamHandle stream;
  ExportStream(std::move(*reader), stream.get());
  StreamReader consumer(stream.get());
  SchemaHandle schema;
  ASSERT_TRUE(consumer.GetSchema(schema.get()).ok());
  EXPECT_STREQ(schema->format, "+s");
  ASSERT_EQ(schema->n_children, 2);
  EXPECT_STREQ(schema->children[1]->name, "b");
  ArrayHandle batch;
  ASSERT_TRUE(consumer.Next(batch.get()).ok());
  ASSERT_TRUE(batch.valid());
  EXPECT_EQ(batch->length, 2);
  EXPECT_EQ(BytesAt(*batch->children[1], 0), "one");
  EXPECT_FALSE(IsValid(*batch->children[1], 1));
}

// --- the text parsers behind SQLite's dates, times and decimals ---

TEST(SqliteTextValuesTest, Decimal) {
  auto is = [](std::string_view text, int p, int s, long long expected) {
    const auto v = ParseDecimal(text, p, s);
    return v.has_value() && *v == expected;
  };
  EXPECT_TRUE(is("12.5", 5, 2, 1250));
  EXPECT_TRUE(is("-0.05", 3, 2, -5));
  EXPECT_TRUE(is("+7", 3, 0, 7));
  EXPECT_TRUE(is(".5", 2, 1, 5));
  EXPECT_TRUE(is("1.50000", 3, 2, 150)) << "trailing zeros past the scale are fine";
  EXPECT_TRUE(is("1e3", 4, 0, 1000));
  EXPECT_TRUE(is("1.5E-1", 3, 2, 15));
  EXPECT_TRUE(is("000123", 3, 0, 123));
  EXPECT_TRUE(is("0", 1, 0, 0));
  EXPECT_FALSE(ParseDecimal("1.005", 5, 2)) << "would round";
  EXPECT_FALSE(ParseDecimal("1000", 3, 0)) << "too many digits";
  EXPECT_FALSE(ParseDecimal("10.0", 3, 2)) << "10.00 needs 4 digits";
  EXPECT_FALSE(ParseDecimal("abc", 5, 2));
  EXPECT_FALSE(ParseDecimal("", 5, 2));
  EXPECT_FALSE(ParseDecimal("1.2.3", 5, 2));
  EXPECT_FALSE(ParseDecimal("1e", 5, 2));
  EXPECT_FALSE(ParseDecimal("NaN", 5, 2));
  const auto big = ParseDecimal("99999999999999999999999999999999999999", 38, 0);
  ASSERT_TRUE(big.has_value());
  EXPECT_TRUE(*big / 1000000000000000000LL / 1000000000000000000LL == 99);
  EXPECT_FALSE(ParseDecimal("999999999999999999999999999999999999999", 38, 0));
}

TEST(SqliteTextValuesTest, DatesTimesTimestamps) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("2000-03-01"), Days(2000, 3, 1));
  EXPECT_EQ(ParseDate("1900-02-28"), Days(1900, 2, 28));
  EXPECT_FALSE(ParseDate("1900-02-29")) << "1900 is not a leap year";
  EXPECT_FALSE(ParseDate("2024-13-01"));
  EXPECT_FALSE(ParseDate("2024-1-01"));
  EXPECT_FALSE(ParseDate("2024-01-01 00:00:00"));
  EXPECT_EQ(ParseTime("23:59:59.999999"), 86399999999LL);
  EXPECT_EQ(ParseTime("01:02"), 3720000000LL);
  EXPECT_EQ(ParseTime("00:00:00.123456000"), 123456) << "zeros past microseconds";
  EXPECT_FALSE(ParseTime("00:00:00.1234567")) << "would lose the 7";
  EXPECT_FALSE(ParseTime("24:00"));
  EXPECT_FALSE(ParseTime("12:00:"));
  EXPECT_EQ(ParseTimestamp("2024-01-02"), Micros(2024, 1, 2, 0, 0, 0));
  EXPECT_EQ(ParseTimestamp("2024-01-02T03:04"), Micros(2024, 1, 2, 3, 4, 0));
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04:05.5Z"), Micros(2024, 1, 2, 3, 4, 5, 500000));
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04:05-0130"), Micros(2024, 1, 2, 4, 34, 5));
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04:05+05"), Micros(2024, 1, 1, 22, 4, 5));
  EXPECT_EQ(ParseTimestamp("1969-12-31 23:59:59"), -1000000);
  EXPECT_FALSE(ParseTimestamp("2024-01-02 03:04:05 UTC"));
  EXPECT_FALSE(ParseTimestamp("2024-01-02X03:04"));
  EXPECT_FALSE(ParseTimestamp("1700000000"));
}

}  // namespace
}  // namespace trib::sql
