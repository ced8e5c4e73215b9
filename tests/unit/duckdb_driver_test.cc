#include "sql/duckdb/duckdb_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "arrow_test_values.h"
#include "common/option_table.h"
#include "common/random.h"

namespace trib::sql {
namespace {

namespace fs = std::filesystem;
using trib::testing::ReadContents;
using trib::testing::StreamContents;

std::unique_ptr<SqlSession> Connect(ConnectParams params = {}) {
  auto session = ConnectDuckDb(params);
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  return session.ok() ? std::move(session).value() : nullptr;
}

// Runs `sql` and reads everything it returns.
Result<StreamContents> RunSql(SqlSession& session, const std::string& sql,
                              const QueryOptions& options = {}) {
  TRIB_ASSIGN_OR_RETURN(auto reader, session.Query(sql, options));
  StreamHandle stream;
  ExportStream(std::move(reader), stream.get());
  return ReadContents(stream.get());
}

class DuckDbDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("trib-duckdb-" + RandomHex(6));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Every DuckDB type, a row of values and a row of NULLs; the Arrow formats are what DuckDB
// 1.4 produces with its default Arrow settings (documented in docs/sql-types.md).
TEST_F(DuckDbDriverTest, EveryTypeWithNulls) {
  auto session = Connect();
  ASSERT_TRUE(session);
  struct Case {
    const char* expr;
    const char* type;
    const char* format;
    const char* text;  // the exact value as ArrowValueText spells it; "" skips the check
  };
  const Case cases[] = {
      {"true", "BOOLEAN", "b", "1"},
      {"-7", "TINYINT", "c", "-7"},
      {"-300", "SMALLINT", "s", "-300"},
      {"-70000", "INTEGER", "i", "-70000"},
      {"-9000000000", "BIGINT", "l", "-9000000000"},
      {"170141183460469231731687303715884105727", "HUGEINT", "d:38,0",
       "170141183460469231731687303715884105727"},
      {"340282366920938463463374607431768211455", "UHUGEINT", "w:16", ""},
      {"200", "UTINYINT", "C", "200"},
      {"60000", "USMALLINT", "S", "60000"},
      {"4000000000", "UINTEGER", "I", "4000000000"},
      {"18000000000000000000", "UBIGINT", "L", "18000000000000000000"},
      {"1.5", "FLOAT", "f", "0x1.8p+0"},
      {"0.1", "DOUBLE", "g", "0x1.999999999999ap-4"},
      {"-123.4", "DECIMAL(4,1)", "d:4,1,128", "-1234"},
      {"1234567.89", "DECIMAL(9,2)", "d:9,2,128", "123456789"},
      {"123456789012345.678", "DECIMAL(18,3)", "d:18,3,128", "123456789012345678"},
      {"1.5", "DECIMAL(38,10)", "d:38,10,128", "15000000000"},
      {"'héllo'", "VARCHAR", "u", "héllo"},
      {"'\\x00\\xFFab'", "BLOB", "z", ""},  // checked below: it holds a NUL
      {"'2024-02-29'", "DATE", "tdD", "19782"},
      {"'12:34:56.789'", "TIME", "ttu", "45296789000"},
      {"'12:34:56+02'", "TIMETZ", "ttu", "45296000000"},  // the offset is dropped
      {"'2024-02-29 12:34:56.123456'", "TIMESTAMP", "tsu:", "1709210096123456"},
      {"'2024-02-29 12:34:56'", "TIMESTAMP_S", "tss:", "1709210096"},
      {"'2024-02-29 12:34:56.123'", "TIMESTAMP_MS", "tsm:", "1709210096123"},
      {"'2024-02-29 12:34:56.123456789'", "TIMESTAMP_NS", "tsn:", "1709210096123456789"},
      {"'2024-02-29 12:34:56.5+01'", "TIMESTAMPTZ", "tsu:UTC", "1709206496500000"},
      {"INTERVAL 1 DAY", "INTERVAL", "tin", ""},
      {"'6ba7b810-9dad-11d1-80b4-00c04fd430c8'", "UUID", "u",
       "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
      {"'{\"a\": 1}'", "JSON", "u", "{\"a\": 1}"},
      {"'b'", "ENUM('a', 'b')", "u", "b"},  // DuckDB's dictionary decoded: the label
      {"[1, NULL, 3]", "INTEGER[]", "+l<i>", "[1,null,3]"},
      {"['a', 'b']", "VARCHAR[2]", "+w:2<u>", ""},
      {"{'k': 1}", "STRUCT(k INTEGER)", "+s", ""},
      {"MAP {'a': 1}", "MAP(VARCHAR, INTEGER)", "+m", ""},
      {"'101'", "BIT", "z", ""},
      {"12345678901234567890123456789", "BIGNUM", "z", ""},
  };
  std::string values = "SELECT ";
  std::string nulls = "SELECT ";
  for (size_t i = 0; i < std::size(cases); ++i) {
    const std::string sep = i == 0 ? "" : ", ";
    values += sep + "CAST(" + cases[i].expr + " AS " + cases[i].type + ") AS c" + std::to_string(i);
    nulls += sep + "CAST(NULL AS " + std::string(cases[i].type) + ")";
  }
  auto got = RunSql(
      *session, "SELECT * FROM (" + values + " UNION ALL " + nulls + ") ORDER BY c0 NULLS LAST");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->rows, 2);
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(cases[i].type);
    EXPECT_EQ(got->names[i], "c" + std::to_string(i));
    EXPECT_EQ(got->formats[i], cases[i].format);
    ASSERT_TRUE(got->columns[i][0].has_value());
    if (std::string(cases[i].type) == "BLOB") {
      EXPECT_EQ(*got->columns[i][0], std::string("\0\xff"
                                                 "ab",
                                                 4));
    } else if (cases[i].text[0] != '\0') {
      EXPECT_EQ(*got->columns[i][0], cases[i].text);
    }
    EXPECT_FALSE(got->columns[i][1].has_value()) << "row 2 is NULL";
  }
}

// DuckDB hands ENUMs over as dictionaries, which writers and most consumers do not take: they
// read as their labels, NULLs kept, across DuckDB's 2048-row chunks.
TEST_F(DuckDbDriverTest, EnumsReadAsTheirLabels) {
  auto session = Connect();
  ASSERT_TRUE(session);
  std::string labels;
  for (int i = 0; i < 300; ++i) labels += (i == 0 ? "'m" : ", 'm") + std::to_string(i) + "'";
  // 300 labels: DuckDB indexes them with uint16.
  auto got = RunSql(*session,
                    "SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE CAST('m' || (g % 300) "
                    "AS ENUM(" +
                        labels + ")) END AS mood FROM range(5000) t(g) ORDER BY g");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->formats, (std::vector<std::string>{"l", "u"}));
  EXPECT_EQ(got->rows, 5000);
  EXPECT_GT(got->batches, 1);
  const auto& mood = got->columns[1];
  EXPECT_FALSE(mood[0].has_value());
  EXPECT_EQ(mood[1], "m1");
  EXPECT_FALSE(mood[7].has_value());
  EXPECT_EQ(mood[299], "m299");
  EXPECT_EQ(mood[302], "m2");
  EXPECT_EQ(mood[4999], "m" + std::to_string(4999 % 300));
}

TEST_F(DuckDbDriverTest, ZeroRowsKeepTheSchema) {
  auto session = Connect();
  ASSERT_TRUE(session);
  auto got = RunSql(*session, "SELECT 1::BIGINT AS a, 'x' AS b WHERE false");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->rows, 0);
  EXPECT_EQ(got->names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(got->formats, (std::vector<std::string>{"l", "u"}));
}

TEST_F(DuckDbDriverTest, SyntaxErrorIsInvalidQueryWithDuckDbsMessage) {
  auto session = Connect();
  ASSERT_TRUE(session);
  auto reader = session->Query("SELEC 1", {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.status().field(), "query");
  EXPECT_NE(reader.status().message().find("syntax error"), std::string::npos)
      << reader.status().message();

  auto missing = session->Query("SELECT * FROM no_such_table", {});
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("no_such_table"), std::string::npos);

  // A failure while rows are produced is the query's fault too.
  auto late = RunSql(*session, "SELECT CAST('x' || range AS INTEGER) FROM range(10)");
  EXPECT_EQ(late.status().code(), StatusCode::kInvalidArgument) << late.status().ToString();
  EXPECT_TRUE(session->Ping().ok()) << "the session survives a failed statement";
}

TEST_F(DuckDbDriverTest, SeveralStatementsStreamTheLast) {
  ConnectParams writable;
  writable.read_only = false;
  auto session = Connect(writable);
  ASSERT_TRUE(session);
  auto got = RunSql(*session,
                    "CREATE TABLE t AS SELECT range AS n FROM range(5000); "
                    "SELECT n * 2 AS twice FROM t ORDER BY n");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->rows, 5000);
  EXPECT_EQ(got->columns[0][4999], "9998");
}

TEST_F(DuckDbDriverTest, TimeoutStopsALongQuery) {
  auto session = Connect();
  ASSERT_TRUE(session);
  QueryOptions options;
  options.statement_timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  auto got = RunSql(*session,
                    "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range "
                    "+ b.range = -1",
                    options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(got.status().code(), StatusCode::kDeadlineExceeded) << got.status().ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_TRUE(session->Ping().ok()) << "the session is usable after a timeout";
}

TEST_F(DuckDbDriverTest, TimeoutStopsAStreamWhileItIsRead) {
  auto session = Connect();
  ASSERT_TRUE(session);
  QueryOptions options;
  options.statement_timeout_ms = 300;
  auto reader = session->Query("SELECT range AS n FROM range(1000000000000)", options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Status status;
  int batches = 0;
  while (status.ok()) {
    ArrayHandle batch;
    status = (*reader)->Next(batch.get());
    if (status.ok()) {
      ASSERT_TRUE(batch.valid()) << "the stream cannot end before the timeout";
      ++batches;
    }
  }
  EXPECT_GT(batches, 0);
  EXPECT_EQ(status.code(), StatusCode::kDeadlineExceeded) << status.ToString();
}

TEST_F(DuckDbDriverTest, CancelFromAnotherThread) {
  auto session = Connect();
  ASSERT_TRUE(session);
  QueryOptions options;
  options.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = options.cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    token->Cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  auto got = RunSql(*session,
                    "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range "
                    "+ b.range = -1",
                    options);
  canceller.join();
  EXPECT_EQ(got.status().code(), StatusCode::kCancelled) << got.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));

  // A token cancelled before the query starts stops it at once.
  auto again = session->Query("SELECT 1", options);
  EXPECT_EQ(again.status().code(), StatusCode::kCancelled);
  EXPECT_TRUE(session->Ping().ok());
}

TEST_F(DuckDbDriverTest, BrowseListsTablesAndColumns) {
  ConnectParams params;
  params.database = (dir_ / "browse.duckdb").string();
  params.read_only = false;  // creates what it browses
  auto session = Connect(params);
  ASSERT_TRUE(session);
  ASSERT_TRUE(RunSql(*session,
                     "CREATE SCHEMA sales; "
                     "CREATE TABLE sales.orders (id BIGINT NOT NULL, price DECIMAL(12,2), "
                     "placed TIMESTAMPTZ, tags VARCHAR[]); "
                     "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE price > 100")
                  .ok());

  auto schemas = session->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  EXPECT_EQ(*schemas, (std::vector<std::string>{"main", "sales"}));

  auto tables = session->ListTables("sales");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ((*tables)[0].name, "big_orders");
  EXPECT_EQ((*tables)[0].kind, "view");
  EXPECT_EQ((*tables)[1].name, "orders");
  EXPECT_EQ((*tables)[1].kind, "table");
  EXPECT_EQ((*tables)[1].schema, "sales");
  auto main_tables = session->ListTables("");
  ASSERT_TRUE(main_tables.ok());
  EXPECT_TRUE(main_tables->empty());

  auto columns = session->ListColumns({"sales", "orders"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 4u);
  EXPECT_EQ((*columns)[0].name, "id");
  EXPECT_EQ((*columns)[0].database_type, "BIGINT");
  EXPECT_EQ((*columns)[0].arrow_type, "int64");
  EXPECT_FALSE((*columns)[0].nullable);
  EXPECT_EQ((*columns)[1].database_type, "DECIMAL(12,2)");
  EXPECT_EQ((*columns)[1].arrow_type, "decimal(12,2)");
  EXPECT_TRUE((*columns)[1].nullable);
  EXPECT_EQ((*columns)[2].database_type, "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ((*columns)[2].arrow_type, "timestamp[us, UTC]");
  EXPECT_EQ((*columns)[3].database_type, "VARCHAR[]");
  EXPECT_EQ((*columns)[3].arrow_type, "list<utf8>");

  auto missing = session->ListColumns({"sales", "nope"});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().field(), "table");

  auto table = session->ReadTable({"sales", "orders"}, {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
}

TEST_F(DuckDbDriverTest, MissingDirectoryIsAClearError) {
  ConnectParams params;
  params.database = (dir_ / "no-such-dir" / "x.duckdb").string();
  auto session = ConnectDuckDb(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(session.status().field(), "database");
  EXPECT_NE(session.status().message().find("x.duckdb"), std::string::npos);
  EXPECT_EQ(session.status().message().find(dir_.string()), std::string::npos)
      << "messages show no host path";
}

TEST_F(DuckDbDriverTest, ReadOnlyAccessMode) {
  ConnectParams params;
  params.database = (dir_ / "ro.duckdb").string();
  params.options["access_mode"] = "read_only";
  auto absent = ConnectDuckDb(params);
  EXPECT_EQ(absent.status().code(), StatusCode::kNotFound) << absent.status().ToString();

  {
    ConnectParams writable = params;
    writable.options.clear();
    writable.read_only = false;
    auto session = Connect(writable);
    ASSERT_TRUE(session);
    ASSERT_TRUE(RunSql(*session, "CREATE TABLE t AS SELECT 42 AS answer").ok());
  }
  auto session = Connect(params);
  ASSERT_TRUE(session);
  auto rows = RunSql(*session, "SELECT answer FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->columns[0][0], "42");
  auto write = RunSql(*session, "INSERT INTO t VALUES (1)");
  EXPECT_FALSE(write.ok());
  EXPECT_EQ(write.status().field(), "query");
  EXPECT_NE(write.status().message().find("SELECT"), std::string::npos) << write.status().message();
}

// Attack 2 of the security review: a read ran SET, COPY, ATTACH and INSTALL; the definition
// could switch the sandbox off. Reads open files read-only, run one SELECT, and cannot change
// a setting.
TEST_F(DuckDbDriverTest, ReadsRunOneSelectAndChangeNothing) {
  const fs::path db = dir_ / "store.duckdb";
  {
    ConnectParams writable;
    writable.database = db.string();
    writable.read_only = false;
    auto session = Connect(writable);
    ASSERT_TRUE(session);
    ASSERT_TRUE(RunSql(*session, "CREATE TABLE t AS SELECT 42 AS answer").ok());
  }
  ConnectParams params;
  params.database = db.string();
  auto session = Connect(params);
  ASSERT_TRUE(session);
  const fs::path written = dir_ / "written.csv";
  for (const std::string& sql :
       {std::string("CREATE TABLE u AS SELECT 1"), std::string("INSERT INTO t VALUES (1)"),
        std::string("SET enable_external_access = true"), std::string("SET threads = 1"),
        std::string("RESET lock_configuration"), "COPY t TO '" + written.string() + "'",
        "ATTACH '" + (dir_ / "other.duckdb").string() + "'", std::string("INSTALL httpfs"),
        std::string("LOAD '/lib/x86_64-linux-gnu/libc.so.6'"),
        std::string("PRAGMA enable_profiling"), std::string("CALL pragma_version()"),
        std::string("EXPLAIN ANALYZE SELECT 1"), std::string("CHECKPOINT"),
        std::string("SELECT 1; SELECT 2"), std::string("DETACH store")}) {
    auto got = RunSql(*session, sql);
    EXPECT_FALSE(got.ok()) << sql;
    EXPECT_EQ(got.status().field(), "query") << sql << ": " << got.status().ToString();
  }
  EXPECT_FALSE(fs::exists(written));
  EXPECT_FALSE(fs::exists(dir_ / "other.duckdb"));
  auto rows = RunSql(*session, "SELECT answer FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->columns[0][0], "42");
  auto locked = RunSql(*session, "SELECT current_setting('lock_configuration')::VARCHAR AS v");
  ASSERT_TRUE(locked.ok()) << locked.status().ToString();
  EXPECT_EQ(locked->columns[0][0], "true");
  // Browse still works on the read-only session.
  auto tables = session->ListTables("");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ(tables->size(), 1u);
  // A second read of the same file shares its (locked) database while the first is open.
  auto second = Connect(params);
  ASSERT_TRUE(second);
  auto again = RunSql(*second, "SELECT answer FROM t");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->columns[0][0], "42");
}

TEST_F(DuckDbDriverTest, UnknownOptionIsNamed) {
  ConnectParams params;
  params.options["threads"] = "2";
  params.options["no_such_setting"] = "1";
  auto session = ConnectDuckDb(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session.status().field(), "arguments.no_such_setting");

  ConnectParams bad_value;
  bad_value.options["threads"] = "many";
  auto bad = ConnectDuckDb(bad_value);
  EXPECT_EQ(bad.status().field(), "arguments.threads");
  EXPECT_EQ(bad.status().message().find("many"), std::string::npos) << "values are not echoed";
  bad_value.options["threads"] = "100000";
  EXPECT_EQ(ConnectDuckDb(bad_value).status().field(), "arguments.threads") << "bounded";
}

TEST_F(DuckDbDriverTest, ServerFilesAreOffLimitsByDefault) {
  const fs::path file = dir_ / "secret.csv";
  {
    std::ofstream out(file);
    out << "a\n1\n";
  }
  auto session = Connect();
  ASSERT_TRUE(session);
  auto read = RunSql(*session, "SELECT * FROM read_csv('" + file.string() + "')");
  EXPECT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kPermissionDenied) << read.status().ToString();

  // The definition cannot switch the sandbox off, in any spelling, read-only or not.
  for (const char* setting :
       {"enable_external_access", "ENABLE_EXTERNAL_ACCESS", "allow_unsigned_extensions",
        "allow_community_extensions", "autoload_known_extensions", "lock_configuration",
        "allowed_directories", "temp_directory", "extension_directory"}) {
    for (bool read_only : {true, false}) {
      ConnectParams open;
      open.read_only = read_only;
      open.options[setting] = "true";
      auto refused = ConnectDuckDb(open);
      ASSERT_FALSE(refused.ok()) << setting;
      EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(refused.status().field(), std::string("arguments.") + setting);
    }
  }
}

TEST_F(DuckDbDriverTest, MemoryIsBoundedAndInMemoryDatabasesNeverSpill) {
  const int64_t half = static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE) / 2;
  auto session = Connect();
  ASSERT_TRUE(session);
  auto settings = RunSql(*session,
                         "SELECT current_setting('memory_limit')::VARCHAR AS m, "
                         "current_setting('max_temp_directory_size')::VARCHAR AS t");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  const std::optional<int64_t> limit = ParseByteSize(settings->columns[0][0].value_or(""));
  ASSERT_TRUE(limit) << settings->columns[0][0].value_or("NULL");
  EXPECT_LE(*limit, half + (int64_t{64} << 20)) << "the default is half of the memory, not 80%";
  EXPECT_EQ(ParseByteSize(settings->columns[1][0].value_or("")), 0)
      << "an in-memory database spills nothing, not to ./.tmp: "
      << settings->columns[1][0].value_or("NULL");

  ConnectParams small;
  small.options["memory_limit"] = "512MB";
  EXPECT_TRUE(Connect(small));
  for (const char* value : {"lots", "-1GB", "100TB"}) {
    ConnectParams bad;
    bad.options["Memory_Limit"] = value;
    auto refused = ConnectDuckDb(bad);
    ASSERT_FALSE(refused.ok()) << value;
    EXPECT_EQ(refused.status().field(), "arguments.Memory_Limit") << value;
  }
}

TEST(ByteSizeTest, UnitsAsDuckDbReadsThem) {
  EXPECT_EQ(ParseByteSize("2048"), 2048);
  EXPECT_EQ(ParseByteSize("512MB"), 512000000);
  EXPECT_EQ(ParseByteSize("1.5 GiB"), 1610612736);
  EXPECT_EQ(ParseByteSize("2kib"), 2048);
  EXPECT_FALSE(ParseByteSize(""));
  EXPECT_FALSE(ParseByteSize("GB"));
  EXPECT_FALSE(ParseByteSize("1 parsec"));
  EXPECT_FALSE(ParseByteSize("99999999999TB"));
}

TEST_F(DuckDbDriverTest, TimeZoneOption) {
  ConnectParams params;
  params.options["TimeZone"] = "America/New_York";
  auto session = Connect(params);
  ASSERT_TRUE(session);
  auto got = RunSql(*session, "SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' AS t");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->formats[0], "tsu:America/New_York");
  EXPECT_EQ(got->columns[0][0], "1704067200000000") << "the instant does not change";

  params.options["TimeZone"] = "Mars/Olympus";
  auto bad = ConnectDuckDb(params);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "arguments.TimeZone") << "the field the setting came from";
}

TEST_F(DuckDbDriverTest, ANewStatementClosesTheOpenResultLoudly) {
  auto session = Connect();
  ASSERT_TRUE(session);
  auto first = session->Query("SELECT range FROM range(100000)", {});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(session->Ping().ok());
  ArrayHandle batch;
  Status status = (*first)->Next(batch.get());
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status.ToString();
}

}  // namespace
}  // namespace trib::sql
