// The MySQL/MariaDB driver. The parsers and options need no server; the rest runs against the
// MariaDB that tests/scripts/with_mariadb.sh starts (skipped when TRIB_TEST_MYSQL_* is unset):
//   bash tests/scripts/with_mariadb.sh build/tests/trib_unit_tests --gtest_filter='MariaDb*'
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "columnar/arrow_handles.h"
#include "silent_listener.h"
#include "sql/mariadb/mariadb_driver.h"
#include "sql/mariadb/mariadb_options.h"
#include "sql/mariadb/mariadb_values.h"

namespace trib::sql {
namespace {

using mariadb::DaysFromCivil;
using mariadb::Int128;
using mariadb::Parsed;
using mariadb::UInt128;

// --- values, no server --------------------------------------------------------------------

Int128 Dec(std::string_view text, int32_t scale) {
  Int128 v = 0;
  EXPECT_TRUE(mariadb::ParseDecimal(text, scale, &v)) << text;
  return v;
}

std::string ToString(Int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  UInt128 u = negative ? -static_cast<UInt128>(v) : v;
  std::string out;
  while (u > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return negative ? "-" + out : out;
}

TEST(MariaDbValuesTest, DecimalsParseExactlyAtTheColumnScale) {
  EXPECT_EQ(ToString(Dec("-12.5", 2)), "-1250");
  EXPECT_EQ(ToString(Dec("0.01", 2)), "1");
  EXPECT_EQ(ToString(Dec("-0.00", 2)), "0");
  EXPECT_EQ(ToString(Dec("123", 0)), "123");
  EXPECT_EQ(ToString(Dec("99999999999999999999999999999999999999", 0)),
            "99999999999999999999999999999999999999");
  EXPECT_EQ(ToString(Dec("-1234567890123456789012345.6789012345678", 13)),
            "-12345678901234567890123456789012345678");
  EXPECT_EQ(ToString(Dec("0.00000000000000000000000000000000000001", 38)), "1");
  Int128 v = 0;
  EXPECT_FALSE(mariadb::ParseDecimal("1.234", 2, &v)) << "more fraction digits than the scale";
  EXPECT_FALSE(mariadb::ParseDecimal("999999999999999999999999999999999999999", 0, &v))
      << "39 digits do not fit decimal128";
  EXPECT_FALSE(mariadb::ParseDecimal("1e5", 0, &v));
  EXPECT_FALSE(mariadb::ParseDecimal("", 0, &v));
  EXPECT_FALSE(mariadb::ParseDecimal("-", 0, &v));
  EXPECT_FALSE(mariadb::ParseDecimal("1.2.3", 3, &v));
}

TEST(MariaDbValuesTest, DatesTimesAndZeroDates) {
  int32_t days = 0;
  ASSERT_EQ(mariadb::ParseDateText("1970-01-02", &days), Parsed::kValue);
  EXPECT_EQ(days, 1);
  ASSERT_EQ(mariadb::ParseDateText("1969-12-31", &days), Parsed::kValue);
  EXPECT_EQ(days, -1);
  ASSERT_EQ(mariadb::ParseDateText("2024-02-29", &days), Parsed::kValue);
  EXPECT_EQ(days, 19782);
  EXPECT_EQ(mariadb::ParseDateText("0000-00-00", &days), Parsed::kNull);
  EXPECT_EQ(mariadb::ParseDateText("2024-00-10", &days), Parsed::kNull);
  EXPECT_EQ(mariadb::ParseDateText("2023-02-29", &days), Parsed::kNull);
  EXPECT_EQ(mariadb::ParseDateText("2024-1-1", &days), Parsed::kBad);

  int64_t us = 0;
  ASSERT_EQ(mariadb::ParseDatetimeText("1970-01-01 00:00:01.5", &us), Parsed::kValue);
  EXPECT_EQ(us, 1500000);
  ASSERT_EQ(mariadb::ParseDatetimeText("2038-01-19 03:14:07.999999", &us), Parsed::kValue);
  EXPECT_EQ(us, 2147483647999999);
  EXPECT_EQ(mariadb::ParseDatetimeText("0000-00-00 00:00:00", &us), Parsed::kNull);
  EXPECT_EQ(mariadb::ParseDatetimeText("2024-01-01 24:00:00", &us), Parsed::kBad);

  ASSERT_EQ(mariadb::ParseTimeText("-838:59:59.000001", &us), Parsed::kValue);
  EXPECT_EQ(us, -((838LL * 3600 + 59 * 60 + 59) * 1000000 + 1));
  ASSERT_EQ(mariadb::ParseTimeText("23:59:59.999999", &us), Parsed::kValue);
  EXPECT_EQ(us, 86399999999);
  EXPECT_EQ(mariadb::ParseTimeText("12:5:00", &us), Parsed::kBad);

  // Binary protocol: 2024-02-29 13:14:15.000016 (length 11), the zero date (length 0).
  const unsigned char dt[] = {0xE8, 0x07, 2, 29, 13, 14, 15, 16, 0, 0, 0};
  ASSERT_EQ(mariadb::DecodeBinaryDatetime(dt, sizeof dt, &days, &us), Parsed::kValue);
  EXPECT_EQ(days, DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(us, days * mariadb::kMicrosPerDay + (13 * 3600 + 14 * 60 + 15) * 1000000LL + 16);
  EXPECT_EQ(mariadb::DecodeBinaryDatetime(dt, 0, &days, &us), Parsed::kNull);
  // TIME -1 day 02:00:00 (length 8): negative, days=1, 2 h.
  const unsigned char tm[] = {1, 1, 0, 0, 0, 2, 0, 0};
  ASSERT_EQ(mariadb::DecodeBinaryTime(tm, sizeof tm, &us), Parsed::kValue);
  EXPECT_EQ(us, -26LL * 3600 * 1000000);
}

// --- options, no server -------------------------------------------------------------------

TEST(MariaDbOptionsTest, JdbcSpellingsMapOntoTls) {
  auto parse = [](std::map<std::string, std::string> o) {
    return mariadb::ParseMariaDbOptions(o, 5000);
  };
  EXPECT_EQ(parse({})->tls, mariadb::TlsMode::kPreferred);
  EXPECT_EQ(parse({{"sslMode", "DISABLED"}})->tls, mariadb::TlsMode::kDisabled);
  EXPECT_EQ(parse({{"ssl-mode", "required"}})->tls, mariadb::TlsMode::kRequired);
  EXPECT_EQ(parse({{"sslmode", "verify-full"}})->tls, mariadb::TlsMode::kVerifyIdentity);
  EXPECT_EQ(parse({{"useSSL", "false"}})->tls, mariadb::TlsMode::kDisabled);
  EXPECT_EQ(parse({{"useSSL", "true"}})->tls, mariadb::TlsMode::kRequired);
  EXPECT_EQ(parse({{"useSSL", "true"}, {"verifyServerCertificate", "true"}})->tls,
            mariadb::TlsMode::kVerifyIdentity);
  auto o = parse({{"connectTimeout", "1500"},
                  {"socketTimeout", "30000"},
                  {"characterEncoding", "UTF-8"},
                  {"useServerPrepStmts", "false"},
                  {"sslCa", "/etc/ca.pem"}});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->connect_timeout_ms, 1500);
  EXPECT_EQ(o->socket_timeout_ms, 30000);
  EXPECT_FALSE(o->server_prepared);
  EXPECT_EQ(o->ssl_ca, "/etc/ca.pem");
}

TEST(MariaDbOptionsTest, UnknownOrBadOptionsAreNamed) {
  auto unknown = mariadb::ParseMariaDbOptions({{"autoReconnect", "true"}}, 5000);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().field(), "autoReconnect");
  EXPECT_NE(unknown.status().message().find("autoReconnect"), std::string::npos);

  auto charset = mariadb::ParseMariaDbOptions({{"characterEncoding", "latin1"}}, 5000);
  ASSERT_FALSE(charset.ok());
  EXPECT_EQ(charset.status().field(), "characterEncoding");

  auto mode = mariadb::ParseMariaDbOptions({{"sslMode", "sometimes"}}, 5000);
  ASSERT_FALSE(mode.ok());
  EXPECT_EQ(mode.status().field(), "sslMode");

  auto timeout = mariadb::ParseMariaDbOptions({{"connectTimeout", "soon"}}, 5000);
  ASSERT_FALSE(timeout.ok());
  EXPECT_EQ(timeout.status().field(), "connectTimeout");
}

TEST(MariaDbOptionsTest, ConnectRejectsAnUnknownOptionBeforeTouchingTheNetwork) {
  ConnectParams params;
  params.host = "127.0.0.1";
  params.port = 1;
  params.options = {{"frobnicate", "1"}};
  auto session = ConnectMariaDb(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session.status().field(), "frobnicate");
}

// --- against a server ---------------------------------------------------------------------

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

bool HaveServer() {
  return Env("TRIB_TEST_MYSQL_HOST") && Env("TRIB_TEST_MYSQL_PORT") &&
         Env("TRIB_TEST_MYSQL_USER") && Env("TRIB_TEST_MYSQL_PASSWORD") &&
         Env("TRIB_TEST_MYSQL_DATABASE");
}

ConnectParams ServerParams() {
  ConnectParams p;
  p.host = Env("TRIB_TEST_MYSQL_HOST");
  p.port = std::atoi(Env("TRIB_TEST_MYSQL_PORT"));
  p.user = Env("TRIB_TEST_MYSQL_USER");
  p.password = Env("TRIB_TEST_MYSQL_PASSWORD");
  p.database = Env("TRIB_TEST_MYSQL_DATABASE");
  p.connect_timeout_ms = 5000;
  p.read_only = false;  // the fixture creates its tables through the driver
  return p;
}

// A whole result: the schema and every batch.
struct Table {
  SchemaHandle schema;
  std::vector<ArrayHandle> batches;
  int64_t rows() const {
    int64_t n = 0;
    for (const ArrayHandle& b : batches) n += b->length;
    return n;
  }
};

Result<Table> ReadAll(SqlSession& session, const std::string& sql, QueryOptions options = {}) {
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, session.Query(sql, options));
  Table t;
  TRIB_RETURN_IF_ERROR(reader->GetSchema(t.schema.get()));
  for (;;) {
    ArrayHandle batch;
    TRIB_RETURN_IF_ERROR(reader->Next(batch.get()));
    if (!batch.valid()) break;
    t.batches.push_back(std::move(batch));
  }
  return t;
}

void Exec(SqlSession& session, const std::string& sql) {
  auto t = ReadAll(session, sql);
  ASSERT_TRUE(t.ok()) << sql << ": " << t.status().ToString();
}

bool IsNull(const ArrowArray& column, int64_t row) {
  if (column.buffers[0] == nullptr) return false;
  return ((static_cast<const uint8_t*>(column.buffers[0])[row >> 3] >> (row & 7)) & 1) == 0;
}

template <typename T>
T Value(const ArrowArray& column, int64_t row) {
  return static_cast<const T*>(column.buffers[1])[row];
}

std::string Bytes(const ArrowArray& column, int64_t row) {
  const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
  const auto* data = static_cast<const char*>(column.buffers[2]);
  return std::string(data + offsets[row], data + offsets[row + 1]);
}

bool Bit(const ArrowArray& column, int64_t row) {
  return (static_cast<const uint8_t*>(column.buffers[1])[row >> 3] >> (row & 7)) & 1;
}

class MariaDbDriverTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (!HaveServer()) GTEST_SKIP() << "no MariaDB: run under tests/scripts/with_mariadb.sh";
    params_ = ServerParams();
    // Both wire protocols must read the same values.
    if (!GetParam()) params_.options["useServerPrepStmts"] = "false";
    auto session = ConnectMariaDb(params_);
    ASSERT_TRUE(session.ok()) << session.status().ToString();
    session_ = std::move(session).value();
  }

  // A table name unique to this test and protocol, dropped first.
  std::string FreshTable(const std::string& stem) {
    const std::string name = stem + (GetParam() ? "_bin" : "_text");
    Exec(*session_, "DROP TABLE IF EXISTS " + name);
    return name;
  }

  ConnectParams params_;
  std::unique_ptr<SqlSession> session_;
};

INSTANTIATE_TEST_SUITE_P(MariaDb, MariaDbDriverTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Binary" : "Text"; });

TEST_P(MariaDbDriverTest, EveryTypeWithNullsAndExactValues) {
  const std::string t = FreshTable("all_types");
  Exec(*session_, "CREATE TABLE " + t +
                      " (id INT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT,"
                      " bi BIGINT, f FLOAT, d DOUBLE, dec1 DECIMAL(12,2), dec2 DECIMAL(38,10),"
                      " dec3 DECIMAL(65,30), b1 BIT(1), b12 BIT(12), y YEAR, dt DATE, tm TIME(6),"
                      " dtm DATETIME(6), ts TIMESTAMP(3) NULL, ch CHAR(4), vc VARCHAR(20), tx TEXT,"
                      " bn BINARY(3), vb VARBINARY(8), bl BLOB, js JSON, en ENUM('red','green'),"
                      " st SET('a','b','c'), geo GEOMETRY, u UUID)");
  Exec(*session_, "INSERT INTO " + t +
                      " VALUES (1, -128, -32768, -8388608, -2147483648, -9223372036854775808,"
                      " 1.5, 0.1, -1234567890.12, 1234567890123456789012345678.0123456789,"
                      " 12345678901234567890123456789012345.123456789012345678901234567891,"
                      " b'1', b'101010101010', 2155, '2024-02-29', '23:59:59.999999',"
                      " '1969-12-31 23:59:59.000001', '2038-01-19 03:14:07.999', 'ab',"
                      " 'h\xC3\xA9llo \xF0\x9F\x98\x80', REPEAT('t', 1000), x'000102',"
                      " x'FF00', x'DEADBEEF', '{\"k\": [1, 2]}', 'green', 'a,c',"
                      " ST_GeomFromText('POINT(1 2)'), '123e4567-e89b-12d3-a456-426614174000')");
  Exec(*session_, "INSERT INTO " + t + " (id) VALUES (2)");

  auto read = ReadAll(*session_, "SELECT * FROM " + t + " ORDER BY id");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->batches.size(), 1u);
  const ArrowSchema& s = *read->schema;
  const ArrowArray& b = *read->batches[0];
  ASSERT_EQ(b.length, 2);
  ASSERT_EQ(s.n_children, 29);
  const std::vector<std::string> formats = {"i",      "c",       "s", "i", "i", "l", "f",   "g",
                                            "d:12,2", "d:38,10", "u", "b", "l", "s", "tdD", "ttu",
                                            "tsu:",   "tsu:UTC", "u", "u", "u", "z", "z",   "z",
                                            "u",      "u",       "u", "z", "u"};
  for (int c = 0; c < 29; ++c) {
    EXPECT_EQ(s.children[c]->format, formats[c]) << s.children[c]->name;
    if (c > 0) {
      EXPECT_TRUE(IsNull(*b.children[c], 1)) << s.children[c]->name << " row 2 is NULL";
    }
  }
  auto col = [&](int c) -> const ArrowArray& { return *b.children[c]; };
  EXPECT_EQ(Value<int8_t>(col(1), 0), -128);
  EXPECT_EQ(Value<int16_t>(col(2), 0), -32768);
  EXPECT_EQ(Value<int32_t>(col(3), 0), -8388608);
  EXPECT_EQ(Value<int32_t>(col(4), 0), INT32_MIN);
  EXPECT_EQ(Value<int64_t>(col(5), 0), INT64_MIN);
  EXPECT_EQ(Value<float>(col(6), 0), 1.5f);
  EXPECT_EQ(Value<double>(col(7), 0), 0.1);
  EXPECT_EQ(ToString(Value<Int128>(col(8), 0)), "-123456789012");
  EXPECT_EQ(ToString(Value<Int128>(col(9), 0)), "12345678901234567890123456780123456789");
  EXPECT_EQ(Bytes(col(10), 0), "12345678901234567890123456789012345.123456789012345678901234567891")
      << "DECIMAL(65,30) is beyond decimal128: its exact text";
  EXPECT_TRUE(Bit(col(11), 0));
  EXPECT_EQ(Value<int64_t>(col(12), 0), 0b101010101010);
  EXPECT_EQ(Value<int16_t>(col(13), 0), 2155);
  EXPECT_EQ(Value<int32_t>(col(14), 0), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(Value<int64_t>(col(15), 0), 86399999999);
  EXPECT_EQ(Value<int64_t>(col(16), 0), -999999);
  EXPECT_EQ(Value<int64_t>(col(17), 0), 2147483647999000) << "TIMESTAMP read as UTC";
  EXPECT_EQ(Bytes(col(18), 0), "ab");
  EXPECT_EQ(Bytes(col(19), 0), "h\xC3\xA9llo \xF0\x9F\x98\x80");
  EXPECT_EQ(Bytes(col(20), 0), std::string(1000, 't'));
  EXPECT_EQ(Bytes(col(21), 0), std::string("\x00\x01\x02", 3));
  EXPECT_EQ(Bytes(col(22), 0), std::string("\xFF\x00", 2));
  EXPECT_EQ(Bytes(col(23), 0), "\xDE\xAD\xBE\xEF");
  EXPECT_EQ(Bytes(col(24), 0), "{\"k\": [1, 2]}");
  EXPECT_EQ(Bytes(col(25), 0), "green");
  EXPECT_EQ(Bytes(col(26), 0), "a,c");
  // MySQL's internal geometry: a 4-byte SRID, then WKB (little-endian point, type 1).
  const std::string geo = Bytes(col(27), 0);
  ASSERT_EQ(geo.size(), 25u);
  EXPECT_EQ(geo.substr(4, 5), std::string("\x01\x01\x00\x00\x00", 5));
  EXPECT_EQ(Bytes(col(28), 0), "123e4567-e89b-12d3-a456-426614174000");
}

TEST_P(MariaDbDriverTest, UnsignedEdgeValuesWiden) {
  const std::string t = FreshTable("unsigned_edges");
  Exec(*session_, "CREATE TABLE " + t +
                      " (a TINYINT UNSIGNED, b SMALLINT UNSIGNED, c MEDIUMINT UNSIGNED,"
                      " d INT UNSIGNED, e BIGINT UNSIGNED, f DECIMAL(5,2) UNSIGNED)");
  Exec(*session_, "INSERT INTO " + t +
                      " VALUES (255, 65535, 16777215, 4294967295, 18446744073709551615, 999.99),"
                      " (0, 0, 0, 0, 0, 0)");
  auto read = ReadAll(*session_, "SELECT * FROM " + t + " ORDER BY a DESC");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const ArrowSchema& s = *read->schema;
  EXPECT_STREQ(s.children[0]->format, "s");
  EXPECT_STREQ(s.children[1]->format, "i");
  EXPECT_STREQ(s.children[2]->format, "i");
  EXPECT_STREQ(s.children[3]->format, "l");
  EXPECT_STREQ(s.children[4]->format, "d:20,0");
  EXPECT_STREQ(s.children[5]->format, "d:5,2");
  const ArrowArray& b = *read->batches.at(0);
  EXPECT_EQ(Value<int16_t>(*b.children[0], 0), 255);
  EXPECT_EQ(Value<int32_t>(*b.children[1], 0), 65535);
  EXPECT_EQ(Value<int32_t>(*b.children[2], 0), 16777215);
  EXPECT_EQ(Value<int64_t>(*b.children[3], 0), 4294967295LL);
  EXPECT_EQ(ToString(Value<Int128>(*b.children[4], 0)), "18446744073709551615");
  EXPECT_EQ(ToString(Value<Int128>(*b.children[5], 0)), "99999");
  for (int c = 0; c < 5; ++c) EXPECT_FALSE(IsNull(*b.children[c], 1));
  EXPECT_EQ(ToString(Value<Int128>(*b.children[4], 1)), "0");
}

TEST_P(MariaDbDriverTest, ZeroDatesReadAsNullAndLongTimesFailNamingTheColumn) {
  const std::string t = FreshTable("zero_dates");
  Exec(*session_, "SET SESSION sql_mode = ''");  // lets the server store zero dates
  Exec(*session_, "CREATE TABLE " + t + " (d DATE NOT NULL, dt DATETIME NOT NULL, tm TIME)");
  Exec(*session_,
       "INSERT INTO " + t + " VALUES ('0000-00-00', '0000-00-00 00:00:00', '-01:00:00')");
  auto dates = ReadAll(*session_, "SELECT d, dt FROM " + t);
  ASSERT_TRUE(dates.ok()) << dates.status().ToString();
  EXPECT_TRUE(dates->schema->children[0]->flags & ARROW_FLAG_NULLABLE);
  EXPECT_TRUE(IsNull(*dates->batches.at(0)->children[0], 0));
  EXPECT_TRUE(IsNull(*dates->batches.at(0)->children[1], 0));

  auto times = ReadAll(*session_, "SELECT tm AS span FROM " + t);
  ASSERT_FALSE(times.ok());
  EXPECT_EQ(times.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(times.status().message().find("`span`"), std::string::npos) << times.status().message();
  // The session survives the failed read.
  auto after = ReadAll(*session_, "SELECT CAST(tm AS CHAR) FROM " + t);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(Bytes(*after->batches.at(0)->children[0], 0), "-01:00:00");
}

TEST_P(MariaDbDriverTest, ExpressionsAreTypedFromTheResultMetadata) {
  // A trailing ';' as people paste it; a prepared statement would reject it as such.
  auto read = ReadAll(*session_,
                      "SELECT NULL AS n, 1.5 AS lit, CAST(7 AS UNSIGNED) AS u,"
                      " CAST('2024-05-06 07:08:09' AS DATETIME) AS at, 'x' AS s,"
                      " SUM(seq) AS total FROM seq_1_to_100 ;\n");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const ArrowSchema& s = *read->schema;
  EXPECT_STREQ(s.children[0]->format, "u") << "NULL is typed as text";
  EXPECT_STREQ(s.children[1]->format, "d:2,1");
  EXPECT_STREQ(s.children[2]->format, "l") << "unsigned 32-bit expression widened";
  EXPECT_STREQ(s.children[3]->format, "tsu:");
  EXPECT_STREQ(s.children[4]->format, "u");
  const ArrowArray& b = *read->batches.at(0);
  EXPECT_TRUE(IsNull(*b.children[0], 0));
  EXPECT_EQ(ToString(Value<Int128>(*b.children[1], 0)), "15");
  EXPECT_EQ(Value<int64_t>(*b.children[2], 0), 7);
  EXPECT_EQ(Value<int64_t>(*b.children[3], 0), DaysFromCivil(2024, 5, 6) * mariadb::kMicrosPerDay +
                                                   (7 * 3600 + 8 * 60 + 9) * 1000000LL);
  EXPECT_EQ(Bytes(*b.children[4], 0), "x");
  // SUM(BIGINT UNSIGNED) is DECIMAL(41,0): beyond decimal128, so its exact text.
  EXPECT_STREQ(s.children[5]->format, "u");
  EXPECT_EQ(Bytes(*b.children[5], 0), "5050");
}

TEST_P(MariaDbDriverTest, ZeroRowsGiveTheSchemaAndNoBatches) {
  auto read = ReadAll(*session_, "SELECT 1 AS one, 'x' AS two FROM DUAL WHERE 1 = 0");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->schema->n_children, 2);
  EXPECT_STREQ(read->schema->children[0]->name, "one");
  EXPECT_EQ(read->rows(), 0);
}

TEST_P(MariaDbDriverTest, TenMegabyteTextValue) {
  // Plus a 17 MB one: rows beyond 16 MB come as several protocol packets joined by libmariadb.
  auto read = ReadAll(*session_,
                      "SELECT CONCAT(REPEAT('abcdefghij', 1048576), 'END') AS big, 42 AS n,"
                      " REPEAT('z', 17000000) AS bigger");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const ArrowArray& b = *read->batches.at(0);
  const std::string big = Bytes(*b.children[0], 0);
  ASSERT_EQ(big.size(), 10485763u);
  EXPECT_EQ(big.substr(0, 12), "abcdefghijab");
  EXPECT_EQ(big.substr(big.size() - 5), "ijEND");
  EXPECT_EQ(Value<int32_t>(*b.children[1], 0), 42);
  EXPECT_EQ(Bytes(*b.children[2], 0), std::string(17000000, 'z'));
}

TEST_P(MariaDbDriverTest, BatchesStayWithinTheRowAndByteLimits) {
  QueryOptions options;
  options.batch.max_rows = 1000;
  auto rows = ReadAll(*session_, "SELECT seq FROM seq_1_to_25500", options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->batches.size(), 26u);
  int64_t expected = 1;
  for (const ArrayHandle& batch : rows->batches) {
    EXPECT_LE(batch->length, 1000);
    for (int64_t r = 0; r < batch->length; ++r) {
      ASSERT_EQ(ToString(Value<Int128>(*batch->children[0], r)), std::to_string(expected++));
    }
  }
  EXPECT_EQ(rows->rows(), 25500);

  // 40 values of 1 MiB with a 4 MiB budget: a batch ends as soon as its strings reach it.
  options.batch.max_bytes = 4u << 20;
  auto wide = ReadAll(*session_, "SELECT REPEAT('w', 1048576) AS w FROM seq_1_to_40", options);
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  EXPECT_EQ(wide->rows(), 40);
  for (const ArrayHandle& batch : wide->batches) EXPECT_LE(batch->length, 4);
}

TEST_P(MariaDbDriverTest, SyntaxErrorCarriesTheServersMessageAndSqlState) {
  auto read = ReadAll(*session_, "SELEC 1");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(read.status().field(), "query");
  EXPECT_NE(read.status().message().find("SQL syntax"), std::string::npos)
      << read.status().message();
  EXPECT_NE(read.status().message().find("42000"), std::string::npos);
  EXPECT_NE(read.status().message().find("1064"), std::string::npos);

  auto missing = ReadAll(*session_, "SELECT * FROM no_such_table");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "query");
  EXPECT_NE(missing.status().message().find("no_such_table"), std::string::npos);
}

TEST_P(MariaDbDriverTest, StatementTimeoutEndsANeverEndingQuery) {
  QueryOptions options;
  options.statement_timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  auto read = ReadAll(*session_, "SELECT SLEEP(60)", options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kDeadlineExceeded) << read.status().ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_TRUE(ReadAll(*session_, "SELECT 1").ok()) << "the session is still usable";
}

TEST_P(MariaDbDriverTest, CancelFromAnotherThreadStopsTheQueryOnTheServer) {
  QueryOptions options;
  options.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = options.cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    token->Cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  auto read = ReadAll(*session_, "SELECT SLEEP(60)", options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  canceller.join();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kCancelled) << read.status().ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  auto after = ReadAll(*session_, "SELECT 42");
  ASSERT_TRUE(after.ok()) << after.status().ToString();

  // A token that fired before the query starts stops it at once.
  QueryOptions early;
  early.cancel = std::make_shared<CancelToken>();
  early.cancel->Cancel();
  auto never = session_->Query("SELECT 1", early);
  ASSERT_FALSE(never.ok());
  EXPECT_EQ(never.status().code(), StatusCode::kCancelled);
}

TEST_P(MariaDbDriverTest, ReaderDroppedEarlyStopsTheServerAndFreesTheSession) {
  QueryOptions options;
  options.batch.max_rows = 100;
  const auto start = std::chrono::steady_clock::now();
  {
    // A billion rows: reading them all to free the connection would take many minutes.
    auto reader = session_->Query("SELECT seq FROM seq_1_to_1000000000", options);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ArrayHandle batch;
    ASSERT_TRUE((*reader)->Next(batch.get()).ok());
    EXPECT_EQ(batch->length, 100);
    auto second = session_->Query("SELECT 1", {});
    ASSERT_FALSE(second.ok()) << "one query at a time";
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  }
  auto after = ReadAll(*session_, "SELECT 7");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->rows(), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_P(MariaDbDriverTest, BrowseListsSchemasTablesAndColumns) {
  const std::string t = FreshTable("browse");
  const std::string v = t + "_view";
  Exec(*session_, "DROP VIEW IF EXISTS " + v);
  Exec(*session_, "CREATE TABLE " + t +
                      " (id INT UNSIGNED NOT NULL, price DECIMAL(12,2), name VARCHAR(20),"
                      " `odd``name` DATETIME)");
  Exec(*session_, "CREATE VIEW " + v + " AS SELECT id FROM " + t);

  auto schemas = session_->ListSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  EXPECT_NE(std::find(schemas->begin(), schemas->end(), params_.database), schemas->end());
  for (const std::string& s : *schemas) {
    EXPECT_NE(s, "mysql");
    EXPECT_NE(s, "information_schema");
    EXPECT_NE(s, "performance_schema");
  }

  auto tables = session_->ListTables("");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  std::map<std::string, std::string> kinds;
  for (const TableInfo& info : *tables) kinds[info.name] = info.kind;
  EXPECT_EQ(kinds[t], "table");
  EXPECT_EQ(kinds[v], "view");

  auto columns = session_->ListColumns({params_.database, t});
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 4u);
  EXPECT_EQ((*columns)[0].name, "id");
  EXPECT_EQ((*columns)[0].database_type, "int(10) unsigned");
  EXPECT_EQ((*columns)[0].arrow_type, "int64");
  EXPECT_FALSE((*columns)[0].nullable);
  EXPECT_EQ((*columns)[1].database_type, "decimal(12,2)");
  EXPECT_EQ((*columns)[1].arrow_type, "decimal(12,2)");
  EXPECT_EQ((*columns)[2].arrow_type, "utf8");
  EXPECT_EQ((*columns)[3].name, "odd`name");
  EXPECT_TRUE((*columns)[3].nullable);

  auto missing = session_->ListColumns({params_.database, "no_such_table"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  EXPECT_EQ(session_->QuoteIdentifier("a`b"), "`a``b`");
  auto table = session_->ReadTable({"", "odd`table"}, {});
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("odd`table"), std::string::npos)
      << "the name was quoted, not cut at the backtick: " << table.status().message();
  auto limited = ReadAll(*session_, session_->LimitQuery("SELECT seq FROM seq_1_to_10", 3));
  ASSERT_TRUE(limited.ok()) << limited.status().ToString();
  EXPECT_EQ(limited->rows(), 3);
}

TEST(MariaDbConnectTest, WrongPasswordIsRejectedWithoutEchoingIt) {
  if (!HaveServer()) GTEST_SKIP() << "no MariaDB: run under tests/scripts/with_mariadb.sh";
  ConnectParams params = ServerParams();
  params.password = "wrong-" + std::string(Env("TRIB_TEST_MYSQL_PASSWORD"));
  auto session = ConnectMariaDb(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kUpstreamRejected);
  EXPECT_EQ(session.status().field(), "password");
  EXPECT_EQ(session.status().message().find(params.password), std::string::npos);
  EXPECT_EQ(session.status().message().find(Env("TRIB_TEST_MYSQL_PASSWORD")), std::string::npos);
}

TEST(MariaDbConnectTest, GoodCredentialsConnectAndPing) {
  if (!HaveServer()) GTEST_SKIP() << "no MariaDB: run under tests/scripts/with_mariadb.sh";
  auto session = ConnectMariaDb(ServerParams());
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_TRUE((*session)->Ping().ok());
  ConnectParams tls = ServerParams();
  tls.options["sslMode"] = "REQUIRED";  // the test server has no certificate
  auto required = ConnectMariaDb(tls);
  ASSERT_FALSE(required.ok());
  EXPECT_EQ(required.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(required.status().field(), "sslMode");
}

TEST(MariaDbConnectTest, SessionsRunInUtcAndWaitForSlowConsumers) {
  if (!HaveServer()) GTEST_SKIP() << "no MariaDB: run under tests/scripts/with_mariadb.sh";
  ConnectParams params = ServerParams();
  params.options["netTimeoutForStreamingResults"] = "120";
  auto session = ConnectMariaDb(params);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  auto read = ReadAll(**session,
                      "SELECT @@session.time_zone, @@session.net_write_timeout,"
                      " @@session.character_set_results, @@session.collation_connection");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  const ArrowArray& b = *read->batches.at(0);
  EXPECT_EQ(Bytes(*b.children[0], 0), "+00:00");
  EXPECT_EQ(Value<int64_t>(*b.children[1], 0), 120);
  EXPECT_EQ(Bytes(*b.children[2], 0), "utf8mb4");
  EXPECT_EQ(Bytes(*b.children[3], 0).substr(0, 7), "utf8mb4");
}

TEST(MariaDbConnectTest, UnknownDatabaseIsNamed) {
  if (!HaveServer()) GTEST_SKIP() << "no MariaDB: run under tests/scripts/with_mariadb.sh";
  ConnectParams params = ServerParams();
  params.database = "no_such_database";
  auto session = ConnectMariaDb(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().field(), "database") << session.status().ToString();
}

using trib::testing::SilentListener;

TEST(MariaDbConnectTest, UnresponsiveHostFailsWithinTheConnectTimeout) {
  SilentListener silent;
  ConnectParams params;
  params.host = "127.0.0.1";
  params.port = silent.port();
  params.user = "nobody";
  params.password = "irrelevant";
  params.connect_timeout_ms = 1000;
  const auto start = std::chrono::steady_clock::now();
  auto session = ConnectMariaDb(params);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kDeadlineExceeded) << session.status().ToString();
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));
  EXPECT_LT(elapsed, std::chrono::milliseconds(3000));
}

TEST(MariaDbConnectTest, RefusedPortOrUnknownHostIsUnavailable) {
  int port = 0;
  {
    SilentListener closed;  // a port that was free a moment ago, closed again
    port = closed.port();
  }
  ConnectParams params;
  params.host = "127.0.0.1";
  params.port = port;
  params.user = "nobody";
  params.connect_timeout_ms = 1000;
  auto session = ConnectMariaDb(params);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.status().code(), StatusCode::kUnavailable) << session.status().ToString();
  EXPECT_EQ(session.status().field(), "host");

  params.host = "no-such-host.invalid";  // RFC 6761: never resolves
  auto unknown = ConnectMariaDb(params);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnavailable) << unknown.status().ToString();
  EXPECT_EQ(unknown.status().field(), "host");
  EXPECT_NE(unknown.status().message().find("no-such-host.invalid"), std::string::npos);
}

// Reads run READ ONLY, with either protocol: a statement that returns no rows is refused
// before it runs, and one that does (INSERT ... RETURNING) fails in the read-only transaction.
TEST_P(MariaDbDriverTest, ReadsAreReadOnly) {
  const std::string table = FreshTable("ro_reads");
  Exec(*session_, "CREATE TABLE " + table + " (id INT)");
  Exec(*session_, "INSERT INTO " + table + " VALUES (1)");
  ConnectParams params = params_;
  params.read_only = true;
  auto reader = ConnectMariaDb(params);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (const std::string& sql : std::vector<std::string>{
           "INSERT INTO " + table + " VALUES (2)", "CREATE TABLE " + table + "_x (id INT)",
           "DROP TABLE " + table, "SET SESSION TRANSACTION READ WRITE",
           "INSERT INTO " + table + " VALUES (3) RETURNING id", "DO SLEEP(0)"}) {
    auto got = ReadAll(**reader, sql);
    EXPECT_FALSE(got.ok()) << sql;
    EXPECT_EQ(got.status().field(), "query") << sql << ": " << got.status().ToString();
  }
  auto rows = ReadAll(**reader, "SELECT id FROM " + table);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows(), 1) << "nothing was written";
  Exec(*session_, "DROP TABLE " + table);
}

}  // namespace
}  // namespace trib::sql
