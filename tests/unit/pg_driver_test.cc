// The PostgreSQL driver against a real server (tests/scripts/with_postgres.sh): types, errors,
// timeouts, cancellation, bounded batches, parallel table reads, cursor mode, browse.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "columnar/arrow_handles.h"
#include "common/random.h"
#include "silent_listener.h"
#include "sql/postgres/pg_numeric.h"
#include "sql/postgres/postgres_session.h"

namespace trib::sql {
namespace {

using namespace std::chrono_literals;

// ---- reading results back ----

struct ReadOut {
  SchemaHandle schema;
  std::vector<ArrayHandle> batches;
  int64_t rows = 0;
};

Status ReadAll(BatchReader& reader, ReadOut* out) {
  TRIB_RETURN_IF_ERROR(reader.GetSchema(out->schema.get()));
  while (true) {
    ArrayHandle batch;
    TRIB_RETURN_IF_ERROR(reader.Next(batch.get()));
    if (!batch.valid()) return Status::Ok();
    out->rows += batch->length;
    out->batches.push_back(std::move(batch));
  }
}

// Runs `sql` and reads everything; the status of Query or of the first failing Next.
Status RunQuery(SqlSession& session, const std::string& sql, ReadOut* out,
                const QueryOptions& options = {}) {
  Result<std::unique_ptr<BatchReader>> reader = session.Query(sql, options);
  if (!reader.ok()) return reader.status();
  return ReadAll(**reader, out);
}

bool Bit(const void* bits, int64_t i) {
  return (static_cast<const uint8_t*>(bits)[i >> 3] >> (i & 7)) & 1;
}

__extension__ typedef unsigned __int128 UInt128;

std::string Int128Text(pg::Int128 v, int scale) {
  const bool negative = v < 0;
  UInt128 m = negative ? -static_cast<UInt128>(v) : static_cast<UInt128>(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  if (scale > 0) {
    while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - scale, '.');
  }
  return (negative ? "-" : "") + digits;
}

// One value as text: integers, floats (shortest form), decimals with their scale, strings,
// binary as hex, dates/times as their raw integers, lists as [a,b]; "null" for NULL.
std::string Render(const ArrowSchema& field, const ArrowArray& array, int64_t row) {
  const int64_t i = row + array.offset;
  if (array.null_count != 0 && array.buffers[0] != nullptr && !Bit(array.buffers[0], i)) {
    return "null";
  }
  const std::string format = field.format;
  const void* values = array.n_buffers > 1 ? array.buffers[1] : nullptr;
  if (format == "b") return Bit(values, i) ? "true" : "false";
  if (format == "s") return std::to_string(static_cast<const int16_t*>(values)[i]);
  if (format == "i" || format == "tdD") {
    return std::to_string(static_cast<const int32_t*>(values)[i]);
  }
  if (format == "l" || format == "ttu" || format.rfind("tsu:", 0) == 0) {
    return std::to_string(static_cast<const int64_t*>(values)[i]);
  }
  if (format == "f") return fmt::format("{}", static_cast<const float*>(values)[i]);
  if (format == "g") return fmt::format("{}", static_cast<const double*>(values)[i]);
  if (format.rfind("d:", 0) == 0) {
    pg::Int128 v;
    std::memcpy(&v, static_cast<const uint8_t*>(values) + 16 * i, 16);
    return Int128Text(v, std::stoi(format.substr(format.find(',') + 1)));
  }
  if (format == "u" || format == "z") {
    const auto* offsets = static_cast<const int32_t*>(values);
    const char* data = static_cast<const char*>(array.buffers[2]);
    std::string bytes(data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
    if (format == "u") return bytes;
    std::string hex;
    for (unsigned char c : bytes) hex += fmt::format("{:02x}", c);
    return hex;
  }
  if (format == "+l") {
    const auto* offsets = static_cast<const int32_t*>(values);
    std::string out = "[";
    for (int32_t j = offsets[i]; j < offsets[i + 1]; ++j) {
      if (j != offsets[i]) out += ",";
      out += Render(*field.children[0], *array.children[0], j);
    }
    return out + "]";
  }
  return "?" + format;
}

std::vector<std::vector<std::string>> Rows(const ReadOut& out) {
  std::vector<std::vector<std::string>> rows;
  for (const ArrayHandle& batch : out.batches) {
    for (int64_t r = 0; r < batch->length; ++r) {
      std::vector<std::string> row;
      for (int64_t c = 0; c < batch->n_children; ++c) {
        row.push_back(Render(*out.schema->children[c], *batch->children[c], r));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<std::string> Formats(const ReadOut& out) {
  std::vector<std::string> formats;
  for (int64_t c = 0; c < out.schema->n_children; ++c) {
    formats.push_back(out.schema->children[c]->format);
  }
  return formats;
}

// ---- the server ----

bool HaveServer() {
  return std::getenv("TRIB_TEST_PG_HOST") != nullptr && std::getenv("TRIB_TEST_PG_PORT") != nullptr;
}

ConnectParams AdminParams() {
  ConnectParams p;
  p.host = std::getenv("TRIB_TEST_PG_HOST");
  p.port = std::atoi(std::getenv("TRIB_TEST_PG_PORT"));
  p.database = "postgres";
  p.user = "postgres";
  p.connect_timeout_ms = 5000;
  return p;
}

// Plain libpq for setting up and looking at the server from the side.
class Admin {
 public:
  Admin() {
    const std::string url = std::getenv("TRIB_TEST_PG_URL");
    conn_ = PQconnectdb(url.c_str());
  }
  ~Admin() { PQfinish(conn_); }
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }

  void Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const ExecStatusType s = PQresultStatus(r);
    EXPECT_TRUE(s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        << sql.substr(0, 200) << ": " << PQresultErrorMessage(r);
    PQclear(r);
  }
  std::string Value(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0
                        ? PQgetvalue(r, 0, 0)
                        : "<" + std::string(PQresultErrorMessage(r)) + ">";
    PQclear(r);
    return v;
  }
  // Polls until `sql` answers `expected` (backends come and go asynchronously).
  bool WaitFor(const std::string& sql, const std::string& expected) {
    for (int i = 0; i < 100; ++i) {
      if (Value(sql) == expected) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

 private:
  PGconn* conn_;
};

class PgDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveServer()) GTEST_SKIP() << "run under tests/scripts/with_postgres.sh";
    ASSERT_TRUE(admin_.ok());
  }

  std::unique_ptr<SqlSession> Connect(ConnectParams params = AdminParams(),
                                      PostgresMode mode = PostgresMode::kCopy) {
    Result<std::unique_ptr<SqlSession>> session = ConnectPostgres(params, mode);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? std::move(*session) : nullptr;
  }

  std::string Single(SqlSession& session, const std::string& sql) {
    ReadOut out;
    const Status s = RunQuery(session, sql, &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    const auto rows = Rows(out);
    return rows.size() == 1 && rows[0].size() == 1 ? rows[0][0] : "<" + s.message() + ">";
  }

  Admin admin_;
};

// ---- types ----

struct TypeCase {
  std::string column;
  std::string sql_type;
  std::string literal1, literal2;  // SQL literals of rows 1 and 3 (row 2 is all NULL)
  std::string format;              // Arrow format we produce
  std::string value1, value2;      // rendered
};

const std::vector<TypeCase>& TypeCases() {
  static const std::vector<TypeCase> cases = {
      {"i2", "int2", "32767", "-7", "s", "32767", "-7"},
      {"i4", "int4", "123456", "-2147483648", "i", "123456", "-2147483648"},
      {"i8", "int8", "9000000000", "-1", "l", "9000000000", "-1"},
      {"o", "oid", "4000000000", "0", "l", "4000000000", "0"},
      {"f4", "float4", "1.5", "-0.25", "f", "1.5", "-0.25"},
      {"f8", "float8", "3.14159", "-1e300", "g", "3.14159", "-1e+300"},
      {"n12", "numeric(12,2)", "1234567890.12", "-0.05", "d:12,2", "1234567890.12", "-0.05"},
      {"n38", "numeric(38,10)", "1234567890123456789012345678.0123456789", "-0.0000000001",
       "d:38,10", "1234567890123456789012345678.0123456789", "-0.0000000001"},
      {"n0", "numeric(20,0)", "-12345678901234567890", "10000", "d:20,0", "-12345678901234567890",
       "10000"},
      {"nfree", "numeric", "-123.4500", "'NaN'", "u", "-123.4500", "NaN"},
      {"nwide", "numeric(50,5)", "0.00001", "123456789012345678901234567890123456789012345", "u",
       "0.00001", "123456789012345678901234567890123456789012345.00000"},
      {"t", "text", "'h\u00e9llo'", "''", "u", "h\u00e9llo", ""},
      {"vc", "varchar(10)", "'abc'", "'x'", "u", "abc", "x"},
      {"bc", "char(5)", "'ab'", "'abcde'", "u", "ab   ", "abcde"},
      {"nm", "name", "'nm'", "'n'", "u", "nm", "n"},
      {"ci", "citext", "'MiXed'", "'a'", "u", "MiXed", "a"},
      {"mood", "trib_mood", "'happy'", "'sad'", "u", "happy", "sad"},
      {"dom", "trib_posint", "5", "7", "i", "5", "7"},
      {"by", "bytea", "'\\x00ff10'", "''", "z", "00ff10", ""},
      {"bo", "bool", "true", "false", "b", "true", "false"},
      {"d", "date", "'1999-12-31'", "'1900-01-01'", "tdD", "10956", "-25567"},
      {"tm", "time", "'13:45:01.5'", "'00:00:00'", "ttu", "49501500000", "0"},
      {"ts", "timestamp", "'1969-07-20 20:17:40'", "'2000-01-01 00:00:00'",
       "tsu:", "-14182940000000", "946684800000000"},
      {"tz", "timestamptz", "'2001-02-03 04:05:06.789+02'", "'1901-12-13 20:45:52.123456+00'",
       "tsu:UTC", "981165906789000", "-2147483647876544"},
      {"u", "uuid", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
       "'00000000-0000-0000-0000-000000000000'", "u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
       "00000000-0000-0000-0000-000000000000"},
      {"js", "json", "'{\"a\": [1, 2]}'", "'\"s\"'", "u", "{\"a\": [1, 2]}", "\"s\""},
      {"jb", "jsonb", "'{\"b\": 1, \"a\": [1, 2]}'", "'[]'", "u", "{\"a\": [1, 2], \"b\": 1}",
       "[]"},
      {"ai", "int4[]", "'{1,NULL,3}'", "'{}'", "+l", "[1,null,3]", "[]"},
      {"at", "text[]", "'{\"x\",\"y z\"}'", "'{\"\",NULL}'", "+l", "[x,y z]", "[,null]"},
      {"an", "numeric(5,2)[]", "'{1.5,-2.25}'", "'{0}'", "+l", "[1.50,-2.25]", "[0.00]"},
      {"atz", "timestamptz[]", "'{\"2000-01-01 00:00:00+00\"}'", "'{NULL}'", "+l",
       "[946684800000000]", "[null]"},
      {"iv", "interval", "'1 day 02:00:00'", "'-3 mons'", "u", "1 day 02:00:00", "-3 mons"},
      {"ip", "inet", "'10.0.0.1'", "'::1'", "u", "10.0.0.1/32", "::1/128"},  // inet::text
  };
  return cases;
}

void CreateTypesTable(Admin& admin) {
  admin.Exec("CREATE EXTENSION IF NOT EXISTS citext");
  admin.Exec(
      "DO $$ BEGIN CREATE TYPE trib_mood AS ENUM ('sad', 'happy'); "
      "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  admin.Exec(
      "DO $$ BEGIN CREATE DOMAIN trib_posint AS int4 CHECK (VALUE > 0); "
      "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  admin.Exec("DROP TABLE IF EXISTS trib_types");
  std::string create = "CREATE TABLE trib_types (id int4";
  std::string row1 = "INSERT INTO trib_types VALUES (1";
  std::string row3 = "INSERT INTO trib_types VALUES (3";
  for (const TypeCase& c : TypeCases()) {
    create += ", " + c.column + " " + c.sql_type;
    row1 += ", " + c.literal1;
    row3 += ", " + c.literal2;
  }
  admin.Exec(create + ")");
  admin.Exec(row1 + ")");
  admin.Exec("INSERT INTO trib_types (id) VALUES (2)");
  admin.Exec(row3 + ")");
}

TEST_F(PgDriverTest, EveryMappedTypeWithNulls) {
  CreateTypesTable(admin_);
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  ASSERT_TRUE(RunQuery(*session, "SELECT * FROM trib_types ORDER BY id", &out).ok());
  const auto& cases = TypeCases();
  const auto formats = Formats(out);
  ASSERT_EQ(formats.size(), cases.size() + 1);
  const auto rows = Rows(out);
  ASSERT_EQ(rows.size(), 3u);
  for (size_t i = 0; i < cases.size(); ++i) {
    const TypeCase& c = cases[i];
    EXPECT_EQ(out.schema->children[i + 1]->name, c.column);
    EXPECT_EQ(formats[i + 1], c.format) << c.column;
    EXPECT_EQ(rows[0][i + 1], c.value1) << c.column;
    EXPECT_EQ(rows[1][i + 1], "null") << c.column;
    EXPECT_EQ(rows[2][i + 1], c.value2) << c.column;
  }
}

TEST_F(PgDriverTest, DecimalEdgesInfinityAndDuplicateNames) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  ASSERT_TRUE(RunQuery(*session,
                       "SELECT 9.9999999999999999999999999999999999999::numeric(38,37) AS a, "
                       "(-99999999999999999999999999999999999999)::numeric(38,0) AS b, "
                       "'infinity'::date AS a, '-infinity'::timestamp AS ts, "
                       "'infinity'::timestamptz AS tz, 1, '2 hours'::interval",
                       &out)
                  .ok());
  EXPECT_EQ(Formats(out),
            (std::vector<std::string>{"d:38,37", "d:38,0", "tdD", "tsu:", "tsu:UTC", "i", "u"}));
  EXPECT_STREQ(out.schema->children[0]->name, "a");
  EXPECT_STREQ(out.schema->children[2]->name, "a");
  EXPECT_STREQ(out.schema->children[5]->name, "?column?");
  EXPECT_STREQ(out.schema->children[6]->name, "interval");
  const auto rows = Rows(out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"9.9999999999999999999999999999999999999",
                                               "-99999999999999999999999999999999999999",
                                               "2147483647", "-9223372036854775808",
                                               "9223372036854775807", "1", "02:00:00"}));
}

TEST_F(PgDriverTest, NaNInADecimalColumnNamesTheColumn) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  const Status s = RunQuery(*session, "SELECT 'NaN'::numeric(10,2) AS price", &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("\"price\""), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("NaN"), std::string::npos) << s.message();
  // The session is usable afterwards.
  EXPECT_EQ(Single(*session, "SELECT 41 + 1"), "42");
}

TEST_F(PgDriverTest, MultiDimensionalArrayIsAClearError) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  const Status s = RunQuery(*session, "SELECT '{{1,2},{3,4}}'::int4[] AS grid", &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("\"grid\""), std::string::npos) << s.message();
  EXPECT_EQ(Single(*session, "SELECT 'ok'"), "ok");
}

TEST_F(PgDriverTest, ZeroRowsKeepTheSchema) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  ASSERT_TRUE(RunQuery(*session, "SELECT 1::int8 AS x, 'a'::text AS y WHERE false", &out).ok());
  EXPECT_EQ(out.rows, 0);
  EXPECT_EQ(Formats(out), (std::vector<std::string>{"l", "u"}));
  EXPECT_STREQ(out.schema->children[1]->name, "y");
}

TEST_F(PgDriverTest, TenMegabyteTextValue) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  ASSERT_TRUE(RunQuery(*session,
                       "SELECT repeat('x', 10 * 1024 * 1024) AS big, 7 AS after "
                       "UNION ALL SELECT 'small', 8",
                       &out)
                  .ok());
  const auto rows = Rows(out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].size(), 10u * 1024 * 1024);
  EXPECT_EQ(rows[0][0].find_first_not_of('x'), std::string::npos);
  EXPECT_EQ(rows[0][1], "7");
  EXPECT_EQ(rows[1], (std::vector<std::string>{"small", "8"}));
}

// ---- connecting ----

TEST_F(PgDriverTest, WrongPasswordIsRejectedWithoutQuotingIt) {
  const std::string role = "trib_pg_" + RandomHex(4);
  const std::string password = RandomToken(18);
  const std::string wrong = RandomToken(18);
  admin_.Exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
  ConnectParams params = AdminParams();
  params.user = role;
  params.password = password;
  {
    auto session = Connect(params);
    ASSERT_NE(session, nullptr);
    EXPECT_TRUE(session->Ping().ok());
  }
  params.password = wrong;
  Result<std::unique_ptr<SqlSession>> rejected = ConnectPostgres(params);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.status().code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(rejected.status().field(), "password");
  EXPECT_EQ(rejected.status().message().find(wrong), std::string::npos);
  EXPECT_EQ(rejected.status().message().find(password), std::string::npos);
  EXPECT_NE(rejected.status().message().find("password authentication failed"), std::string::npos)
      << rejected.status().message();
  admin_.Exec("DROP ROLE " + role);
}

TEST_F(PgDriverTest, OptionsPassThroughAndUnknownOnesAreNamed) {
  ConnectParams params = AdminParams();
  params.options = {{"application_name", "trib-options-test"}, {"sslmode", "disable"}};
  auto session = Connect(params);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(Single(*session, "SELECT current_setting('application_name')"), "trib-options-test");

  params.options = {{"no_such_option", "1"}};
  Result<std::unique_ptr<SqlSession>> bad = ConnectPostgres(params);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("no_such_option"), std::string::npos);
  EXPECT_EQ(bad.status().field(), "arguments.no_such_option");

  params.options = {{"read_connections", "0"}};
  EXPECT_EQ(ConnectPostgres(params).status().code(), StatusCode::kInvalidArgument);
  params.options = {{"password", "x"}};
  EXPECT_EQ(ConnectPostgres(params).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PgDriverTest, UnknownDatabaseIsInvalidArgument) {
  ConnectParams params = AdminParams();
  params.database = "no_such_db_" + RandomHex(4);
  const Status s = ConnectPostgres(params).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "database");
}

using trib::testing::SilentListener;

TEST(PgConnectTest, ServerThatNeverAnswersHitsTheConnectTimeout) {
  SilentListener silent;
  ConnectParams params;
  params.host = "127.0.0.1";
  params.port = silent.port();
  params.database = "postgres";
  params.user = "nobody";
  params.password = RandomToken(12);
  params.connect_timeout_ms = 1000;  // libpq waits at least 2 s
  const Status s = ConnectPostgres(params).status();
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded) << s.ToString();
  EXPECT_EQ(s.message().find(params.password), std::string::npos);
}

TEST(PgConnectTest, RefusedPortIsUnavailable) {
  int port = 0;
  {
    SilentListener closed_soon;
    port = closed_soon.port();
  }
  ConnectParams params;
  params.host = "127.0.0.1";
  params.port = port;
  params.user = "nobody";
  params.connect_timeout_ms = 1000;
  const Status s = ConnectPostgres(params).status();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_EQ(s.field(), "host");
}

// ---- statements ----

TEST_F(PgDriverTest, SyntaxErrorCarriesPostgresMessageAndSqlstate) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  ReadOut out;
  const Status s = RunQuery(*session, "SELEC 1", &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "query");
  EXPECT_NE(s.message().find("syntax error at or near \"SELEC\""), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("42601"), std::string::npos) << s.message();

  const Status missing = RunQuery(*session, "SELECT * FROM no_such_table_here", &out);
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("42P01"), std::string::npos) << missing.message();
  EXPECT_EQ(Single(*session, "SELECT 'still fine'"), "still fine");
}

TEST_F(PgDriverTest, TrailingSemicolonAndCommentAreFine) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(Single(*session, "SELECT 5 -- five\n ;  "), "5");
  EXPECT_EQ(Single(*session, "SELECT '1 day'::interval -- with a cast wrapper"), "1 day");
}

TEST_F(PgDriverTest, StatementTimeoutIsDeadlineExceeded) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  QueryOptions options;
  options.statement_timeout_ms = 300;
  ReadOut out;
  const Status s = RunQuery(*session, "SELECT pg_sleep(60)", &out, options);
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded) << s.ToString();
  EXPECT_NE(s.message().find("57014"), std::string::npos) << s.message();
  // The next query without a limit runs normally.
  EXPECT_EQ(Single(*session, "SELECT current_setting('statement_timeout')"), "0");
}

TEST_F(PgDriverTest, CancelFromAnotherThreadStopsTheBackendQuery) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  const std::string pid = Single(*session, "SELECT pg_backend_pid()");
  auto token = std::make_shared<CancelToken>();
  QueryOptions options;
  options.cancel = token;
  const std::string active = "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid +
                             " AND state = 'active' AND query LIKE '%pg_sleep%'";
  std::thread canceller([&] {
    Admin side;
    EXPECT_TRUE(side.WaitFor(active, "1"));
    token->Cancel();
  });
  // The server may answer the COPY only once the first row exists: Query itself can be what
  // the cancel interrupts.
  ReadOut out;
  const Status s = RunQuery(*session, "SELECT pg_sleep(60)", &out, options);
  canceller.join();
  EXPECT_EQ(s.code(), StatusCode::kCancelled) << s.ToString();
  EXPECT_TRUE(admin_.WaitFor(active, "0"));
  EXPECT_EQ(Single(*session, "SELECT 'after cancel'"), "after cancel");
  session.reset();
  EXPECT_TRUE(admin_.WaitFor("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid, "0"));

  // A token that already fired stops the next query before it starts.
  auto session2 = Connect();
  ASSERT_NE(session2, nullptr);
  EXPECT_EQ(session2->Query("SELECT 1", options).status().code(), StatusCode::kCancelled);
}

TEST_F(PgDriverTest, CancelWhileBatchesStreamReturnsCancelledFromNext) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  auto token = std::make_shared<CancelToken>();
  QueryOptions options;
  options.cancel = token;
  options.batch.max_rows = 1000;
  Result<std::unique_ptr<BatchReader>> reader = session->Query(
      "SELECT a.g * 100000 + b.g FROM generate_series(1, 100000) AS a(g), generate_series(1, "
      "100000) AS b(g)",
      options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ArrayHandle batch;
  ASSERT_TRUE((*reader)->Next(batch.get()).ok());
  token->Cancel();
  Status s;
  do {
    batch.reset();
    s = (*reader)->Next(batch.get());
  } while (s.ok() && batch.valid());
  EXPECT_EQ(s.code(), StatusCode::kCancelled) << s.ToString();
  EXPECT_EQ((*reader)->Next(batch.get()).code(), StatusCode::kCancelled);
  reader->reset();
  EXPECT_EQ(Single(*session, "SELECT 'usable'"), "usable");
}

TEST_F(PgDriverTest, BatchesAreBoundedByRowsAndBytes) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  QueryOptions options;
  options.batch.max_rows = 1000;
  ReadOut out;
  ASSERT_TRUE(
      RunQuery(*session, "SELECT g::int8 FROM generate_series(1, 200000) g", &out, options).ok());
  EXPECT_EQ(out.rows, 200000);
  EXPECT_EQ(out.batches.size(), 200u);
  int64_t sum = 0;
  for (const ArrayHandle& b : out.batches) {
    EXPECT_EQ(b->length, 1000);
    const auto* v = static_cast<const int64_t*>(b->children[0]->buffers[1]);
    for (int64_t i = 0; i < b->length; ++i) sum += v[i];
  }
  EXPECT_EQ(sum, int64_t{200000} * 200001 / 2);

  options.batch.max_rows = 100000;
  options.batch.max_bytes = 1 << 20;
  ReadOut wide;
  ASSERT_TRUE(RunQuery(*session,
                       "SELECT g::int8, repeat('x', 100) FROM generate_series(1, 200000) g", &wide,
                       options)
                  .ok());
  EXPECT_EQ(wide.rows, 200000);
  EXPECT_GE(wide.batches.size(), 15u);
  for (const ArrayHandle& b : wide.batches) {
    const auto* offsets = static_cast<const int32_t*>(b->children[1]->buffers[1]);
    EXPECT_LE(offsets[b->length], 1 << 20);
  }
}

TEST_F(PgDriverTest, AbandonedReaderLeavesTheSessionUsable) {
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  QueryOptions options;
  options.batch.max_rows = 100;
  {
    Result<std::unique_ptr<BatchReader>> reader = session->Query(
        "SELECT a.g * 100000 + b.g "
        "FROM generate_series(1, 100000) AS a(g), generate_series(1, 100000) AS b(g)",
        options);
    ASSERT_TRUE(reader.ok());
    ArrayHandle batch;
    ASSERT_TRUE((*reader)->Next(batch.get()).ok());
    EXPECT_EQ(batch->length, 100);
  }  // cancelled, not read to the end (10^10 rows would take hours)
  EXPECT_EQ(Single(*session, "SELECT 'next'"), "next");
}

// ---- ReadTable ----

TEST_F(PgDriverTest, ParallelReadTableReturnsExactlyTheTableRows) {
  admin_.Exec("DROP TABLE IF EXISTS trib_big CASCADE");  // and the view of an earlier run
  admin_.Exec("CREATE TABLE trib_big (id int8, label text, span interval)");
  constexpr int64_t kRows = 300000;
  admin_.Exec(
      "INSERT INTO trib_big SELECT g, md5(g::text), make_interval(secs => g) "
      "FROM generate_series(1, " +
      std::to_string(kRows) + ") g");
  admin_.Exec("CREATE OR REPLACE VIEW trib_big_view AS SELECT id FROM trib_big");
  const std::string app = "trib-par-" + RandomHex(4);
  ConnectParams params = AdminParams();
  params.options = {{"application_name", app}, {"read_connections", "2"}};
  auto session = Connect(params);
  ASSERT_NE(session, nullptr);
  const std::string connections =
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'";
  QueryOptions options;
  options.batch.max_rows = 5000;

  Result<std::unique_ptr<BatchReader>> reader = session->ReadTable({"public", "trib_big"}, options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ReadOut out;
  ASSERT_TRUE((*reader)->GetSchema(out.schema.get()).ok());
  EXPECT_EQ(Formats(out), (std::vector<std::string>{"l", "u", "u"}));
  EXPECT_EQ(admin_.Value(connections), "2") << "two connections read the table";
  std::vector<bool> seen(kRows + 1, false);
  int64_t rows = 0;
  int64_t duplicates = 0;
  while (true) {
    ArrayHandle batch;
    ASSERT_TRUE((*reader)->Next(batch.get()).ok());
    if (!batch.valid()) break;
    EXPECT_LE(batch->length, 5000);
    const auto* ids = static_cast<const int64_t*>(batch->children[0]->buffers[1]);
    const auto* span_offsets = static_cast<const int32_t*>(batch->children[2]->buffers[1]);
    for (int64_t i = 0; i < batch->length; ++i) {
      ASSERT_GE(ids[i], 1);
      ASSERT_LE(ids[i], kRows);
      if (seen[ids[i]]) ++duplicates;
      seen[ids[i]] = true;
      EXPECT_GT(span_offsets[i + 1], span_offsets[i]);
    }
    rows += batch->length;
  }
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(duplicates, 0);
  reader->reset();
  EXPECT_TRUE(admin_.WaitFor(connections, "1")) << "the extra connection is closed";
  EXPECT_EQ(Single(*session, "SELECT 'session free'"), "session free");

  // A view is one COPY on the session's connection.
  Result<std::unique_ptr<BatchReader>> view =
      session->ReadTable({"public", "trib_big_view"}, options);
  ASSERT_TRUE(view.ok());
  ArrayHandle first;
  ASSERT_TRUE((*view)->Next(first.get()).ok());
  EXPECT_EQ(admin_.Value(connections), "1");
  ReadOut rest;
  ASSERT_TRUE(ReadAll(**view, &rest).ok());
  EXPECT_EQ(first->length + rest.rows, kRows);
  view->reset();

  // Abandoned after one batch: both COPYs stop, the session is free again.
  {
    Result<std::unique_ptr<BatchReader>> early =
        session->ReadTable({"public", "trib_big"}, options);
    ASSERT_TRUE(early.ok());
    ArrayHandle batch;
    ASSERT_TRUE((*early)->Next(batch.get()).ok());
  }
  EXPECT_EQ(Single(*session, "SELECT count(*) FROM trib_big"), std::to_string(kRows));

  EXPECT_EQ(session->ReadTable({"public", "no_such_table"}, options).status().code(),
            StatusCode::kNotFound);
}

// ---- cursor mode (Redshift) ----

TEST_F(PgDriverTest, CursorModeGivesTheSameValuesAsCopy) {
  CreateTypesTable(admin_);
  auto copy = Connect();
  auto cursor = Connect(AdminParams(), PostgresMode::kCursor);
  ASSERT_NE(copy, nullptr);
  ASSERT_NE(cursor, nullptr);
  ReadOut a;
  ReadOut b;
  ASSERT_TRUE(RunQuery(*copy, "SELECT * FROM trib_types ORDER BY id", &a).ok());
  ASSERT_TRUE(RunQuery(*cursor, "SELECT * FROM trib_types ORDER BY id", &b).ok());
  EXPECT_EQ(Formats(a), Formats(b));
  EXPECT_EQ(Rows(a), Rows(b));
  ASSERT_EQ(Rows(b).size(), 3u);

  QueryOptions options;
  options.batch.max_rows = 7000;
  ReadOut many;
  ASSERT_TRUE(RunQuery(*cursor, "SELECT g FROM generate_series(1, 25000) g", &many, options).ok());
  EXPECT_EQ(many.rows, 25000);
  EXPECT_EQ(many.batches.size(), 4u);

  ReadOut bad;
  EXPECT_EQ(RunQuery(*cursor, "SELEC 1", &bad).code(), StatusCode::kInvalidArgument);
  options.statement_timeout_ms = 300;
  EXPECT_EQ(RunQuery(*cursor, "SELECT pg_sleep(60)", &bad, options).code(),
            StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Single(*cursor, "SELECT 'cursor ok'"), "cursor ok");
  // ReadTable in cursor mode is one cursor.
  Result<std::unique_ptr<BatchReader>> table = cursor->ReadTable({"", "trib_types"}, {});
  ASSERT_TRUE(table.ok());
  ReadOut whole;
  ASSERT_TRUE(ReadAll(**table, &whole).ok());
  EXPECT_EQ(whole.rows, 3);
}

// ---- browse ----

TEST_F(PgDriverTest, BrowseSchemasTablesAndColumns) {
  admin_.Exec("DROP SCHEMA IF EXISTS trib_browse CASCADE");
  admin_.Exec("CREATE SCHEMA trib_browse");
  admin_.Exec(
      "CREATE TABLE trib_browse.orders (id int8 NOT NULL, price numeric(12,2), tags text[], "
      "waited interval, at timestamptz)");
  admin_.Exec("CREATE VIEW trib_browse.cheap AS SELECT id FROM trib_browse.orders");
  auto session = Connect();
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(session->Ping().ok());

  Result<std::vector<std::string>> schemas = session->ListSchemas();
  ASSERT_TRUE(schemas.ok());
  auto has = [&](const std::string& s) {
    return std::find(schemas->begin(), schemas->end(), s) != schemas->end();
  };
  EXPECT_TRUE(has("trib_browse"));
  EXPECT_TRUE(has("public"));
  EXPECT_FALSE(has("pg_catalog"));
  EXPECT_FALSE(has("information_schema"));
  EXPECT_FALSE(has("pg_toast"));

  Result<std::vector<TableInfo>> tables = session->ListTables("trib_browse");
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ((*tables)[0].name, "cheap");
  EXPECT_EQ((*tables)[0].kind, "view");
  EXPECT_EQ((*tables)[1].name, "orders");
  EXPECT_EQ((*tables)[1].kind, "table");
  EXPECT_EQ((*tables)[1].schema, "trib_browse");

  Result<std::vector<ColumnInfo>> columns = session->ListColumns({"trib_browse", "orders"});
  ASSERT_TRUE(columns.ok());
  ASSERT_EQ(columns->size(), 5u);
  const std::vector<std::vector<std::string>> expected = {
      {"id", "bigint", "int64"},
      {"price", "numeric(12,2)", "decimal(12,2)"},
      {"tags", "text[]", "list<utf8>"},
      {"waited", "interval", "utf8"},
      {"at", "timestamp with time zone", "timestamp[us, UTC]"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*columns)[i].name, expected[i][0]);
    EXPECT_EQ((*columns)[i].database_type, expected[i][1]);
    EXPECT_EQ((*columns)[i].arrow_type, expected[i][2]);
  }
  EXPECT_FALSE((*columns)[0].nullable);
  EXPECT_TRUE((*columns)[1].nullable);
  EXPECT_EQ(session->ListColumns({"trib_browse", "nope"}).status().code(), StatusCode::kNotFound);
}

// ---- numeric decoding without a server ----

std::vector<uint8_t> NumericBytes(int16_t weight, uint16_t sign, int16_t dscale,
                                  std::vector<uint16_t> digits) {
  std::vector<uint8_t> out;
  auto push = [&](uint16_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v & 0xff));
  };
  push(static_cast<uint16_t>(digits.size()));
  push(static_cast<uint16_t>(weight));
  push(sign);
  push(static_cast<uint16_t>(dscale));
  for (uint16_t d : digits) push(d);
  return out;
}

TEST(PgNumericTest, DecimalFromBase10000Digits) {
  pg::Int128 v = 0;
  // 1234567890.12 = 12|3456|7890 . 1200, weight 2
  auto bytes = NumericBytes(2, 0, 2, {12, 3456, 7890, 1200});
  ASSERT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 12, 2, &v),
            pg::NumericResult::kOk);
  EXPECT_EQ(Int128Text(v, 2), "1234567890.12");
  // -0.05 = 0500 at weight -1
  bytes = NumericBytes(-1, 0x4000, 2, {500});
  ASSERT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 12, 2, &v),
            pg::NumericResult::kOk);
  EXPECT_EQ(Int128Text(v, 2), "-0.05");
  // 10000 with no digits after the last group: 1 at weight 1
  bytes = NumericBytes(1, 0, 0, {1});
  ASSERT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 20, 3, &v),
            pg::NumericResult::kOk);
  EXPECT_EQ(Int128Text(v, 3), "10000.000");
  // Zero has no digits.
  bytes = NumericBytes(0, 0, 2, {});
  ASSERT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 5, 2, &v),
            pg::NumericResult::kOk);
  EXPECT_EQ(Int128Text(v, 2), "0.00");
  // 1000.00 does not fit numeric(5,2).
  bytes = NumericBytes(0, 0, 2, {1000});
  EXPECT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 5, 2, &v),
            pg::NumericResult::kOverflow);
  bytes = NumericBytes(0, 0xC000, 0, {});
  EXPECT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 5, 2, &v),
            pg::NumericResult::kNaN);
  bytes = NumericBytes(0, 0xF000, 0, {});
  EXPECT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 5, 2, &v),
            pg::NumericResult::kInfinite);
  // 10^40 overflows even decimal128 without wrapping around.
  bytes = NumericBytes(10, 0, 0, {1});
  EXPECT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 38, 0, &v),
            pg::NumericResult::kOverflow);
  bytes = NumericBytes(0, 0, 0, {1, 2});
  bytes.pop_back();
  EXPECT_EQ(pg::NumericToDecimal(bytes.data(), static_cast<int32_t>(bytes.size()), 5, 0, &v),
            pg::NumericResult::kMalformed);
}

TEST(PgNumericTest, TextLikePostgresPrintsIt) {
  auto text = [](std::vector<uint8_t> bytes) {
    std::string out;
    EXPECT_EQ(pg::NumericToText(bytes.data(), static_cast<int32_t>(bytes.size()), &out),
              pg::NumericResult::kOk);
    return out;
  };
  EXPECT_EQ(text(NumericBytes(0, 0x4000, 4, {123, 4500})), "-123.4500");
  EXPECT_EQ(text(NumericBytes(-2, 0, 5, {1000})), "0.00001");
  EXPECT_EQ(text(NumericBytes(2, 0, 0, {1})), "100000000");
  EXPECT_EQ(text(NumericBytes(0, 0, 3, {})), "0.000");
  EXPECT_EQ(text(NumericBytes(0, 0xD000, 0, {})), "Infinity");
  EXPECT_EQ(text(NumericBytes(0, 0xC000, 0, {})), "NaN");
}

}  // namespace
}  // namespace trib::sql

namespace trib::sql {
namespace {

// Reads run in READ ONLY transactions, in both read modes, and a query cannot switch the
// session back to read-write for the next one.
TEST_F(PgDriverTest, ReadsAreReadOnlyTransactions) {
  const std::string table = "trib_ro_" + RandomHex(4);
  admin_.Exec("CREATE TABLE " + table + " (id int)");
  admin_.Exec("INSERT INTO " + table + " VALUES (1)");
  admin_.Exec("CREATE SEQUENCE " + table + "_seq");
  for (PostgresMode mode : {PostgresMode::kCopy, PostgresMode::kCursor}) {
    auto session = Connect(AdminParams(), mode);
    ASSERT_NE(session, nullptr);
    for (const std::string& sql : std::vector<std::string>{
             "INSERT INTO " + table + " VALUES (2) RETURNING id",
             "DELETE FROM " + table + " RETURNING id", "SELECT nextval('" + table + "_seq')",
             "SELECT set_config('transaction_read_only', 'off', false)"}) {
      ReadOut fresh;
      const Status s = RunQuery(*session, sql, &fresh);
      EXPECT_FALSE(s.ok()) << sql;
    }
    // set_config of the session's default in one read; the next read is read-only all the same.
    ReadOut fresh;
    const Status reset = RunQuery(
        *session, "SELECT set_config('default_transaction_read_only', 'off', false)", &fresh);
    EXPECT_TRUE(reset.ok()) << reset.ToString();
    ReadOut after;
    const Status write = RunQuery(*session, "SELECT nextval('" + table + "_seq')", &after);
    EXPECT_FALSE(write.ok());
    EXPECT_NE(write.message().find("read-only"), std::string::npos) << write.message();
    EXPECT_EQ(Single(*session, "SELECT count(*) FROM " + table), "1");
    auto read = session->ReadTable({"", table}, {});
    ASSERT_TRUE(read.ok()) << read.status().ToString();
  }
  EXPECT_EQ(admin_.Value("SELECT count(*) FROM " + table), "1");
  EXPECT_EQ(admin_.Value("SELECT last_value FROM " + table + "_seq"), "1");
  EXPECT_EQ(admin_.Value("SELECT is_called::text FROM " + table + "_seq"), "false");
  admin_.Exec("DROP TABLE " + table + "; DROP SEQUENCE " + table + "_seq");
}

// Declared options only: libpq keywords that read server files or bypass the checked host are
// refused.
TEST_F(PgDriverTest, OnlyDeclaredOptions) {
  for (const char* keyword : {"service", "servicefile", "passfile", "hostaddr", "options",
                              "requirepeer", "krbsrvname", "replication"}) {
    ConnectParams params = AdminParams();
    params.options = {{keyword, "x"}};
    const Status s = ConnectPostgres(params).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << keyword;
    EXPECT_EQ(s.field(), std::string("arguments.") + keyword);
  }
}

}  // namespace
}  // namespace trib::sql
