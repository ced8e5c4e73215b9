// The ODBC driver against a real PostgreSQL (tests/scripts/with_postgres.sh) through psqlODBC.
#include "sql/odbc/odbc_session.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "common/random.h"
#include "sql/odbc/odbc_diag.h"
#include "sql/odbc/odbc_text.h"
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

constexpr const char* kPsqlOdbc = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";

// The port of TRIB_TEST_PG_URL (postgresql://postgres@127.0.0.1:PORT/postgres), or "".
std::string TestPort() {
  const char* url = std::getenv("TRIB_TEST_PG_URL");
  if (url == nullptr) return "";
  const std::string text = url;
  const size_t at = text.rfind('@');
  const size_t colon = text.find(':', at == std::string::npos ? 0 : at);
  const size_t slash = text.find('/', colon);
  if (colon == std::string::npos) return "";
  return text.substr(colon + 1, slash - colon - 1);
}

class OdbcDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = TestPort();
    if (port_.empty()) GTEST_SKIP() << "TRIB_TEST_PG_URL is not set (run with with_postgres.sh)";
    if (!std::filesystem::exists(kPsqlOdbc)) GTEST_SKIP() << "psqlODBC is not installed";
    session_ = Connect();
    ASSERT_TRUE(session_);
  }

  // BoolsAsChar=0: booleans as SQL_BIT (psqlODBC's default is text "0"/"1").
  ConnectParams Params(const std::string& extra = ";BoolsAsChar=0") const {
    ConnectParams params;
    params.odbc_connection_string = std::string("Driver=") + kPsqlOdbc +
                                    ";Server=127.0.0.1;Port=" + port_ + ";Database=postgres" +
                                    extra;
    params.user = "postgres";
    params.connect_timeout_ms = 5000;
    return params;
  }

  std::unique_ptr<SqlSession> Connect(const std::string& extra = ";BoolsAsChar=0") {
    auto session = ConnectOdbc(Params(extra));
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? std::move(*session) : nullptr;
  }

  void Run(const std::string& sql) {
    const ReadResult r = ReadAll(*session_, sql);
    ASSERT_TRUE(r.status.ok()) << sql << ": " << r.status.ToString();
  }

  const ArrowArray& Col(const ReadResult& r, int column, size_t batch = 0) {
    return *r.batches.at(batch)->children[column];
  }

  std::string port_;
  std::unique_ptr<SqlSession> session_;
};

TEST_F(OdbcDriverTest, EveryTypeWithNulls) {
  Run(R"(CREATE TEMP TABLE types (b boolean, s smallint, i integer, l bigint, f real,
           d double precision, n numeric(12,2), t text, v varchar(10), c char(3), by bytea,
           dt date, tm time, ts timestamp, u uuid, j json, iv interval, arr int[]))");
  Run(R"(INSERT INTO types VALUES (true, -32768, 2147483647, -9223372036854775808, 1.5, -2.25,
           -1234567890.12, 'héllo ✓ 𝄞', 'abc', 'xy', '\x00ff10', '2024-02-29',
           '13:14:15.123456', '2024-01-02 03:04:05.123456',
           'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '1 day', '{1,2}'),
         (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL),
         (false, 0, 0, 0, 0, 0, 0, '', '', '', '', '1969-12-31', '00:00', '1970-01-01',
           '00000000-0000-0000-0000-000000000000', '[]', '0', '{}'))");
  const ReadResult r = ReadAll(*session_, "SELECT * FROM types");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.names, (std::vector<std::string>{"b", "s", "i", "l", "f", "d", "n", "t", "v", "c",
                                               "by", "dt", "tm", "ts", "u", "j", "iv", "arr"}));
  EXPECT_EQ(r.formats,
            (std::vector<std::string>{"b", "s", "i", "l", "f", "g", "d:12,2", "u", "u", "u", "z",
                                      "tdD", "ttu", "tsu:", "u", "u", "u", "u"}));
  ASSERT_EQ(r.rows, 3);
  EXPECT_TRUE(BoolAt(Col(r, 0), 0));
  EXPECT_EQ(ValueAt<int16_t>(Col(r, 1), 0), -32768);
  EXPECT_EQ(ValueAt<int32_t>(Col(r, 2), 0), 2147483647);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 3), 0), INT64_MIN);
  EXPECT_EQ(ValueAt<float>(Col(r, 4), 0), 1.5f);
  EXPECT_EQ(ValueAt<double>(Col(r, 5), 0), -2.25);
  EXPECT_TRUE(ValueAt<Int128>(Col(r, 6), 0) == -123456789012LL);
  EXPECT_EQ(BytesAt(Col(r, 7), 0), "héllo ✓ 𝄞") << "UTF-8 through the wide API, surrogates too";
  EXPECT_EQ(BytesAt(Col(r, 8), 0), "abc");
  EXPECT_EQ(BytesAt(Col(r, 9), 0), "xy ") << "char(3) is blank-padded";
  EXPECT_EQ(BytesAt(Col(r, 10), 0), std::string("\x00\xff\x10", 3));
  EXPECT_EQ(ValueAt<int32_t>(Col(r, 11), 0), Days(2024, 2, 29));
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 12), 0), (13 * 3600 + 14 * 60 + 15) * 1000000LL + 123456);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 13), 0), Micros(2024, 1, 2, 3, 4, 5, 123456));
  EXPECT_EQ(BytesAt(Col(r, 14), 0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
      << "GUIDs in the canonical lower case";
  EXPECT_EQ(BytesAt(Col(r, 15), 0), "{\"a\": 1}");
  EXPECT_EQ(BytesAt(Col(r, 16), 0), "1 day") << "no mapping: text";
  EXPECT_EQ(BytesAt(Col(r, 17), 0), "{1,2}");
  for (int c = 0; c < 18; ++c) {
    EXPECT_TRUE(IsValid(Col(r, c), 0)) << c;
    EXPECT_FALSE(IsValid(Col(r, c), 1)) << "column " << c << " row 1 is NULL";
    EXPECT_TRUE(IsValid(Col(r, c), 2)) << c;
  }
  EXPECT_FALSE(BoolAt(Col(r, 0), 2));
  EXPECT_EQ(BytesAt(Col(r, 7), 2), "");
  EXPECT_EQ(BytesAt(Col(r, 10), 2), "");
  EXPECT_EQ(ValueAt<int32_t>(Col(r, 11), 2), -1);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 12), 2), 0);
  EXPECT_EQ(ValueAt<int64_t>(Col(r, 13), 2), 0);
  EXPECT_EQ(BytesAt(Col(r, 14), 2), "00000000-0000-0000-0000-000000000000");
}

TEST_F(OdbcDriverTest, FixedWidthColumnsUseBlockCursorsAcrossBatches) {
  QueryOptions options;
  options.batch.max_rows = 1500;  // not a multiple of the 1024-row rowset
  const ReadResult r = ReadAll(*session_,
                               "SELECT g AS n, g * 0.5 AS half, (g % 2 = 0) AS even, "
                               "CASE WHEN g % 7 = 0 THEN NULL ELSE g END AS maybe "
                               "FROM generate_series(1, 5000) g",
                               options);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.rows, 5000);
  ASSERT_EQ(r.batches.size(), 4u);
  EXPECT_EQ(r.batches[0]->length, 1500);
  EXPECT_EQ(r.batches[3]->length, 500);
  int64_t expected = 1;
  for (size_t b = 0; b < r.batches.size(); ++b) {
    for (int64_t i = 0; i < r.batches[b]->length; ++i, ++expected) {
      ASSERT_EQ(ValueAt<int32_t>(Col(r, 0, b), i), expected);
      ASSERT_EQ(BoolAt(Col(r, 2, b), i), expected % 2 == 0);
      ASSERT_EQ(IsValid(Col(r, 3, b), i), expected % 7 != 0) << expected;
    }
  }
}

TEST_F(OdbcDriverTest, UnconstrainedNumericNeverRounds) {
  Run("CREATE TEMP TABLE nums (x numeric)");
  Run("INSERT INTO nums VALUES (1.5), (1.234567890123456789)");
  // psqlODBC calls an unconstrained numeric numeric(28,6): a value with more digits is refused.
  ReadResult r = ReadAll(*session_, "SELECT x FROM nums ORDER BY x DESC");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument) << r.status.ToString();
  EXPECT_NE(r.status.message().find("'x'"), std::string::npos) << r.status.message();
  // With UnknownSizes=1 it reports no precision, and the column is read as exact text.
  auto session = Connect(";BoolsAsChar=0;UnknownSizes=1");
  ASSERT_TRUE(session);
  r = ReadAll(*session, "SELECT 1.234567890123456789::numeric AS x");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"u"}));
  EXPECT_EQ(BytesAt(Col(r, 0), 0), "1.234567890123456789");
}

TEST_F(OdbcDriverTest, ZeroRows) {
  const ReadResult r =
      ReadAll(*session_, "SELECT 1::int AS a, 'x'::text AS b FROM generate_series(1, 0)");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.formats, (std::vector<std::string>{"i", "u"}));
  EXPECT_EQ(r.rows, 0);
  EXPECT_TRUE(r.batches.empty());
}

TEST_F(OdbcDriverTest, TenMegabyteTextAndBytes) {
  const ReadResult r = ReadAll(*session_,
                               "SELECT 1 AS id, repeat('abcdefghé', 1048576) AS body, "
                               "decode(repeat('00ff', 5242880), 'hex') AS raw");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows, 1);
  const std::string body = BytesAt(Col(r, 1), 0);
  ASSERT_EQ(body.size(), 10u * 1048576u) << "9 characters, 10 UTF-8 bytes, a million times";
  EXPECT_EQ(body.substr(0, 10), "abcdefghé");
  EXPECT_EQ(body.substr(body.size() - 10), "abcdefghé");
  const std::string raw = BytesAt(Col(r, 2), 0);
  ASSERT_EQ(raw.size(), 10u * 1048576u);
  EXPECT_EQ(raw.substr(raw.size() - 2), std::string("\x00\xff", 2));
}

TEST_F(OdbcDriverTest, SyntaxErrorCarriesTheDatabasesMessage) {
  const ReadResult r = ReadAll(*session_, "SELEC 1");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.field(), "query");
  EXPECT_NE(r.status.message().find("42601"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("syntax error"), std::string::npos) << r.status.message();
  EXPECT_TRUE(ReadAll(*session_, "SELECT 1 AS ok").status.ok()) << "the session stays usable";
}

TEST_F(OdbcDriverTest, StatementTimeout) {
  QueryOptions options;
  options.statement_timeout_ms = 1000;
  const auto start = std::chrono::steady_clock::now();
  const ReadResult r = ReadAll(*session_, "SELECT pg_sleep(60)", options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status.code(), StatusCode::kDeadlineExceeded) << r.status.ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_TRUE(ReadAll(*session_, "SELECT 1 AS ok").status.ok());
}

TEST_F(OdbcDriverTest, CancelFromAnotherThread) {
  QueryOptions options;
  options.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = options.cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    token->Cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  const ReadResult r = ReadAll(*session_, "SELECT pg_sleep(60)", options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_EQ(r.status.code(), StatusCode::kCancelled) << r.status.ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_TRUE(ReadAll(*session_, "SELECT 1 AS ok").status.ok());
}

TEST_F(OdbcDriverTest, Browse) {
  const std::string schema = "odbc_browse_" + RandomHex(4);
  Run("CREATE SCHEMA " + schema);
  Run("CREATE TABLE " + schema + ".orders (id bigint NOT NULL, total numeric(10,2), note text)");
  Run("CREATE VIEW " + schema + ".big_orders AS SELECT * FROM " + schema + ".orders");
  Run("CREATE TABLE " + schema + ".\"odd_%\" (x int)");
  Run("CREATE TABLE " + schema + ".\"oddX%\" (y int)");

  auto schemas = session_->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  EXPECT_NE(std::find(schemas->begin(), schemas->end(), "public"), schemas->end());
  EXPECT_NE(std::find(schemas->begin(), schemas->end(), schema), schemas->end());

  auto tables = session_->ListTables(schema);
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  std::map<std::string, std::string> kinds;
  for (const auto& t : *tables) {
    EXPECT_EQ(t.schema, schema);
    kinds[t.name] = t.kind;
  }
  EXPECT_EQ(
      kinds,
      (std::map<std::string, std::string>{
          {"big_orders", "view"}, {"odd_%", "table"}, {"oddX%", "table"}, {"orders", "table"}}));

  auto columns = session_->ListColumns({schema, "orders"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_EQ((*columns)[0].name, "id");
  EXPECT_EQ((*columns)[0].arrow_type, "int64");
  EXPECT_FALSE((*columns)[0].nullable);
  EXPECT_EQ((*columns)[1].database_type, "numeric(10,2)");
  EXPECT_EQ((*columns)[1].arrow_type, "decimal(10,2)");
  EXPECT_TRUE((*columns)[1].nullable);
  EXPECT_EQ((*columns)[2].arrow_type, "utf8");

  // '_' and '%' in names are matched literally, not as patterns.
  columns = session_->ListColumns({schema, "odd_%"});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 1u);
  EXPECT_EQ((*columns)[0].name, "x");

  EXPECT_EQ(session_->ListColumns({schema, "missing"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(session_->QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  {
    auto reader = session_->ReadTable({schema, "odd_%"}, {});
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  }
  Run("DROP SCHEMA " + schema + " CASCADE");
}

TEST_F(OdbcDriverTest, PingAndUnreachableServer) {
  EXPECT_TRUE(session_->Ping().ok());
  // A closed port on loopback: refused at once.
  ConnectParams params = Params();
  params.odbc_connection_string =
      std::string("Driver=") + kPsqlOdbc + ";Server=127.0.0.1;Port=1;Database=postgres";
  const auto start = std::chrono::steady_clock::now();
  auto session = ConnectOdbc(params);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kUnavailable) << session.status().ToString();
}

TEST_F(OdbcDriverTest, UnknownRoleIsRejectedAndThePasswordNeverShows) {
  ConnectParams params = Params();
  params.user = "no_such_role_" + RandomHex(4);
  // Braces and ';' in the password must not let it set other attributes (here UID).
  params.password = "pw-" + RandomToken(16) + "};UID=postgres;X={";
  auto session = ConnectOdbc(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kUpstreamRejected) << session.status().ToString();
  EXPECT_EQ(session.status().message().find(params.password), std::string::npos);
}

TEST_F(OdbcDriverTest, UnknownDriverOrDsn) {
  ConnectParams params = Params();
  params.odbc_connection_string = "DSN=trib_no_such_dsn";
  auto session = ConnectOdbc(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument) << session.status().ToString();
  EXPECT_EQ(session.status().field(), "connection_string");
  params.odbc_connection_string = "";
  EXPECT_EQ(ConnectOdbc(params).status().field(), "connection_string");
}

// --- pure pieces: SQLSTATE mapping and UTF-16 ---

TEST(OdbcDiagTest, SqlStateMapping) {
  auto map = [](std::string state, OdbcPhase phase, bool cancelled = false) {
    OdbcErrorContext context;
    context.phase = phase;
    context.cancelled = cancelled;
    return OdbcStatus({{state, 0, "boom"}}, context);
  };
  EXPECT_EQ(map("28000", OdbcPhase::kConnect).code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(map("28P01", OdbcPhase::kConnect).field(), "password");
  EXPECT_EQ(map("08001", OdbcPhase::kConnect).code(), StatusCode::kUnavailable);
  EXPECT_EQ(map("08S01", OdbcPhase::kQuery).code(), StatusCode::kUnavailable);
  EXPECT_EQ(map("HYT00", OdbcPhase::kQuery).code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(map("HYT00", OdbcPhase::kConnect).code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(map("57014", OdbcPhase::kQuery).code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(map("57014", OdbcPhase::kQuery, true).code(), StatusCode::kCancelled);
  EXPECT_EQ(map("HY008", OdbcPhase::kQuery).code(), StatusCode::kCancelled);
  EXPECT_EQ(map("42P01", OdbcPhase::kQuery).field(), "query");
  EXPECT_EQ(map("22012", OdbcPhase::kQuery).field(), "query");
  EXPECT_EQ(map("IM002", OdbcPhase::kConnect).field(), "connection_string");
  EXPECT_EQ(map("HY000", OdbcPhase::kConnect).code(), StatusCode::kUnavailable);
  const Status s = OdbcStatus({{"01000", 0, "just a warning"}, {"42601", 7, "bad"}}, {});
  EXPECT_EQ(s.field(), "query") << "warnings do not decide";
  EXPECT_NE(s.message().find("SQLSTATE 42601: bad"), std::string::npos) << s.message();
  // Drivers that say 08001 for a refused login.
  EXPECT_EQ(OdbcStatus({{"08001", 0, "FATAL: password authentication failed for user \"u\""}},
                       {OdbcPhase::kConnect})
                .code(),
            StatusCode::kUpstreamRejected);
}

TEST(OdbcDiagTest, SecretIsRedacted) {
  OdbcErrorContext context;
  context.phase = OdbcPhase::kConnect;
  context.secret = "s3cr3t-value";
  const Status s =
      OdbcStatus({{"08001", 0, "bad conn PWD=s3cr3t-value; again s3cr3t-value"}}, context);
  EXPECT_EQ(s.message().find("s3cr3t-value"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("***"), std::string::npos);
}

TEST(OdbcTextTest, Utf8AndUtf16RoundTrip) {
  const std::string text = "a é ✓ 𝄞 z";
  const WideString wide = ToWide(text);
  EXPECT_EQ(wide.size(), 10u) << "𝄞 is a surrogate pair";
  EXPECT_EQ(ToUtf8(wide.data(), wide.size()), text);
  // A pair split across two SQLGetData pieces.
  std::string out;
  Utf16Decoder decoder;
  decoder.Append(wide.data(), 7, out);
  decoder.Append(wide.data() + 7, wide.size() - 7, out);
  decoder.Finish(out);
  EXPECT_EQ(out, text);
  // Invalid input becomes U+FFFD, never dropped silently.
  EXPECT_EQ(ToWide(std::string("a\xff", 2)), (WideString{'a', 0xFFFD}));
  const SQLWCHAR lone[] = {0xD800, 'x'};
  EXPECT_EQ(ToUtf8(lone, 2), "\xEF\xBF\xBDx");
}

}  // namespace
}  // namespace trib::sql
