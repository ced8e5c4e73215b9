#include "sql/jdbc_url.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "sql/odbc/odbc_connection_string.h"

namespace trib::sql {
namespace {

using Args = std::map<std::string, std::string>;

JdbcTarget Parse(std::string_view url, const Args& arguments = {}) {
  auto target = ParseJdbcUrl(url, arguments);
  EXPECT_TRUE(target.ok()) << url << ": " << target.status().ToString();
  return target.ok() ? *target : JdbcTarget{};
}

Status Fail(std::string_view url, const Args& arguments = {}) {
  auto target = ParseJdbcUrl(url, arguments);
  EXPECT_FALSE(target.ok()) << url << " was accepted";
  return target.status();
}

// --- PostgreSQL ---

TEST(JdbcUrlTest, PostgresFull) {
  const JdbcTarget t =
      Parse("jdbc:postgresql://db.example.com:6543/sales?sslmode=require&ApplicationName=x");
  EXPECT_EQ(t.driver, SqlDriverKind::kPostgres);
  EXPECT_EQ(t.params.host, "db.example.com");
  EXPECT_EQ(t.params.port, 6543);
  EXPECT_EQ(t.params.database, "sales");
  EXPECT_EQ(t.params.options,
            (std::map<std::string, std::string>{{"sslmode", "require"}, {"ApplicationName", "x"}}));
  EXPECT_TRUE(t.params.user.empty());
  EXPECT_TRUE(t.params.password.empty());
}

TEST(JdbcUrlTest, PostgresDefaultsAndShortForms) {
  JdbcTarget t = Parse("jdbc:postgresql://host");
  EXPECT_EQ(t.params.host, "host");
  EXPECT_EQ(t.params.port, 0) << "0 lets the driver pick its default port";
  EXPECT_EQ(t.params.database, "");
  t = Parse("jdbc:postgresql://host/");
  EXPECT_EQ(t.params.database, "");
  t = Parse("jdbc:postgresql:sales");
  EXPECT_EQ(t.params.host, "localhost");
  EXPECT_EQ(t.params.database, "sales");
  t = Parse("jdbc:postgresql:/");
  EXPECT_EQ(t.params.host, "localhost");
  EXPECT_EQ(t.params.database, "");
  t = Parse("jdbc:postgresql:sales?sslmode=disable");
  EXPECT_EQ(t.params.options.at("sslmode"), "disable");
  t = Parse("JDBC:PostgreSQL://h:1/d");
  EXPECT_EQ(t.driver, SqlDriverKind::kPostgres) << "scheme and subprotocol ignore case";
  EXPECT_EQ(t.params.port, 1);
}

TEST(JdbcUrlTest, PostgresFirstOfSeveralHosts) {
  const JdbcTarget t = Parse("jdbc:postgresql://h1:5433,h2:5434/db?target_session_attrs=primary");
  EXPECT_EQ(t.params.host, "h1");
  EXPECT_EQ(t.params.port, 5433);
  EXPECT_EQ(t.params.database, "db");
}

TEST(JdbcUrlTest, Ipv6Host) {
  JdbcTarget t = Parse("jdbc:postgresql://[::1]:5432/db");
  EXPECT_EQ(t.params.host, "::1");
  EXPECT_EQ(t.params.port, 5432);
  t = Parse("jdbc:mysql://[fe80::1]/db");
  EXPECT_EQ(t.params.host, "fe80::1");
  EXPECT_EQ(t.params.port, 0);
  EXPECT_EQ(Fail("jdbc:postgresql://[::1/db").field(), "connection_string");
  EXPECT_EQ(Fail("jdbc:postgresql://[::1]x/db").field(), "connection_string");
}

TEST(JdbcUrlTest, PercentDecoding) {
  const JdbcTarget t = Parse("jdbc:postgresql://h/my%20db?application_name=a%20b%3Dc");
  EXPECT_EQ(t.params.database, "my db");
  EXPECT_EQ(t.params.options.at("application_name"), "a b=c");
  EXPECT_EQ(Fail("jdbc:postgresql://h/db%2").field(), "connection_string");
  EXPECT_EQ(Fail("jdbc:postgresql://h/db%zz").field(), "connection_string");
}

TEST(JdbcUrlTest, BadPorts) {
  for (const char* url :
       {"jdbc:postgresql://h:0/db", "jdbc:postgresql://h:65536/db", "jdbc:postgresql://h:abc/db",
        "jdbc:postgresql://h:/db", "jdbc:mysql://h:-1/db", "jdbc:sqlserver://h:99999"}) {
    const std::string u = url;
    const Status s =
        Fail(url, u.find("sqlserver") != std::string::npos ? Args{{"odbc_driver", "x"}} : Args{});
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(s.field(), "connection_string") << url;
    EXPECT_NE(s.message().find("port"), std::string::npos) << url;
  }
}

TEST(JdbcUrlTest, DatabaseWithSlashRefused) {
  EXPECT_EQ(Fail("jdbc:postgresql://h/a/b").field(), "connection_string");
}

// --- user, password, arguments ---

TEST(JdbcUrlTest, UserFromUrlAndArgumentsWin) {
  JdbcTarget t = Parse("jdbc:postgresql://alice@h/db");
  EXPECT_EQ(t.params.user, "alice");
  t = Parse("jdbc:postgresql://h/db?user=bob");
  EXPECT_EQ(t.params.user, "bob");
  EXPECT_EQ(t.params.options.count("user"), 0u) << "user is a field, not an option";
  t = Parse("jdbc:postgresql://alice@h/db?sslmode=disable",
            {{"user", "carol"}, {"password", "pw-1"}, {"sslmode", "require"}});
  EXPECT_EQ(t.params.user, "carol");
  EXPECT_EQ(t.params.password, "pw-1");
  EXPECT_EQ(t.params.options.at("sslmode"), "require") << "an argument wins over the URL";
  EXPECT_EQ(t.params.options.count("password"), 0u);
}

TEST(JdbcUrlTest, PasswordInUrlRefusedWithoutEchoingIt) {
  for (const char* url :
       {"jdbc:postgresql://h/db?password=hunter2", "jdbc:postgresql://h/db?user=a&PASSWORD=hunter2",
        "jdbc:mysql://h/db?sslpassword=hunter2", "jdbc:mariadb://h/db?pwd=hunter2",
        "jdbc:postgresql://alice:hunter2@h/db", "jdbc:mysql://alice:hunter2@h:3306/db",
        "jdbc:sqlite:/tmp/x.db?password=hunter2", "jdbc:duckdb:/tmp/x?motherduck_token=hunter2",
        "jdbc:odbc:DSN=x;PWD=hunter2", "jdbc:odbc:Driver=x;Password={hunter2}",
        "jdbc:sqlserver://h;password=hunter2", "jdbc:postgresql://h/db?api_secret=hunter2"}) {
    const std::string u = url;
    const Status s =
        Fail(url, u.find("sqlserver") != std::string::npos ? Args{{"odbc_driver", "drv"}} : Args{});
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(s.field(), "connection_string") << url;
    EXPECT_EQ(s.message().find("hunter2"), std::string::npos) << s.message();
  }
}

TEST(JdbcUrlTest, ConnectTimeoutUnits) {
  JdbcTarget t = Parse("jdbc:postgresql://h/db?connectTimeout=3");
  EXPECT_EQ(t.params.connect_timeout_ms, 3000) << "PgJDBC counts seconds";
  EXPECT_EQ(t.params.options.count("connectTimeout"), 0u);
  t = Parse("jdbc:mysql://h/db?connectTimeout=2500");
  EXPECT_EQ(t.params.connect_timeout_ms, 2500) << "Connector/J counts milliseconds";
  t = Parse("jdbc:postgresql://h/db", {{"connectTimeout", "7"}});
  EXPECT_EQ(t.params.connect_timeout_ms, 7000);
  t = Parse("jdbc:postgresql://h/db?connectTimeout=0");
  EXPECT_EQ(t.params.connect_timeout_ms, ConnectParams{}.connect_timeout_ms);
  const Status s = Fail("jdbc:postgresql://h/db?connectTimeout=soon");
  EXPECT_EQ(s.field(), "arguments.connectTimeout");
}

TEST(JdbcUrlTest, OdbcDriverArgumentRefusedForNativeDrivers) {
  EXPECT_EQ(Fail("jdbc:postgresql://h/db", {{"odbc_driver", "x"}}).field(),
            "arguments.odbc_driver");
  EXPECT_EQ(Fail("jdbc:sqlite:/x.db", {{"odbc_driver", "x"}}).field(), "arguments.odbc_driver");
}

// --- MySQL / MariaDB ---

TEST(JdbcUrlTest, MysqlAndMariaDb) {
  JdbcTarget t = Parse("jdbc:mysql://db:3307/shop?useSSL=true");
  EXPECT_EQ(t.driver, SqlDriverKind::kMariaDb);
  EXPECT_EQ(t.params.host, "db");
  EXPECT_EQ(t.params.port, 3307);
  EXPECT_EQ(t.params.database, "shop");
  EXPECT_EQ(t.params.options.at("useSSL"), "true");
  t = Parse("jdbc:mariadb://db/shop");
  EXPECT_EQ(t.driver, SqlDriverKind::kMariaDb);
  EXPECT_EQ(t.params.port, 0);
  t = Parse("jdbc:mariadb:failover://h1:3306,h2:3306/shop");
  EXPECT_EQ(t.params.host, "h1");
  EXPECT_EQ(t.params.database, "shop");
  t = Parse("jdbc:mysql://:3306/shop");
  EXPECT_EQ(t.params.host, "localhost") << "Connector/J's default host";
  EXPECT_EQ(Fail("jdbc:mysql:shop").field(), "connection_string");
  EXPECT_EQ(Fail("jdbc:mariadb:bogus://h/db").field(), "connection_string");
}

// --- SQLite / DuckDB ---

TEST(JdbcUrlTest, SqlitePaths) {
  JdbcTarget t = Parse("jdbc:sqlite:/var/data/online.db");
  EXPECT_EQ(t.driver, SqlDriverKind::kSqlite);
  EXPECT_EQ(t.params.database, "/var/data/online.db");
  EXPECT_TRUE(t.params.options.empty());
  t = Parse("jdbc:sqlite:relative/x.db");
  EXPECT_EQ(t.params.database, "relative/x.db");
  t = Parse("jdbc:sqlite:");
  EXPECT_EQ(t.params.database, ":memory:");
  t = Parse("jdbc:sqlite::memory:");
  EXPECT_EQ(t.params.database, ":memory:");
  t = Parse("jdbc:sqlite:C:/data/x.db");
  EXPECT_EQ(t.params.database, "C:/data/x.db");
  t = Parse("jdbc:sqlite:/data/x%.db");
  EXPECT_EQ(t.params.database, "/data/x%.db") << "a plain path is not percent-decoded";
}

TEST(JdbcUrlTest, SqliteFileUris) {
  JdbcTarget t = Parse("jdbc:sqlite:file:/data/my%20x.db?mode=ro");
  EXPECT_EQ(t.params.database, "/data/my x.db");
  EXPECT_EQ(t.params.options.at("mode"), "ro");
  t = Parse("jdbc:sqlite:file:///data/x.db");
  EXPECT_EQ(t.params.database, "/data/x.db");
  t = Parse("jdbc:sqlite:file://localhost/data/x.db");
  EXPECT_EQ(t.params.database, "/data/x.db");
  t = Parse("jdbc:sqlite:file:rel.db");
  EXPECT_EQ(t.params.database, "rel.db");
  t = Parse("jdbc:sqlite:/data/x.db?busy_timeout=100", {{"busy_timeout", "200"}});
  EXPECT_EQ(t.params.options.at("busy_timeout"), "200");
  EXPECT_EQ(Fail("jdbc:sqlite:file://otherhost/x.db").field(), "connection_string");
}

TEST(JdbcUrlTest, DuckDb) {
  JdbcTarget t = Parse("jdbc:duckdb:/data/offline.duckdb");
  EXPECT_EQ(t.driver, SqlDriverKind::kDuckDb);
  EXPECT_EQ(t.params.database, "/data/offline.duckdb");
  t = Parse("jdbc:duckdb:");
  EXPECT_EQ(t.params.database, ":memory:");
  t = Parse("jdbc:duckdb::memory:");
  EXPECT_EQ(t.params.database, ":memory:");
  t = Parse("jdbc:duckdb:/x.duckdb?access_mode=read_only");
  EXPECT_EQ(t.params.options.at("access_mode"), "read_only");
}

// --- declared options ---

TEST(JdbcUrlTest, OnlyDeclaredOptionsOfEachDriver) {
  struct Case {
    std::string url;
    Args arguments;
    std::string field;
  };
  const std::vector<Case> refused = {
      {"jdbc:postgresql://h/db?options=-c%20default_transaction_read_only%3Doff",
       {},
       "connection_string"},
      {"jdbc:postgresql://h/db", {{"hostaddr", "10.0.0.1"}}, "arguments.hostaddr"},
      {"jdbc:postgresql://h/db", {{"service", "prod"}}, "arguments.service"},
      {"jdbc:postgresql://h/db?sslmode=sideways", {}, "connection_string"},
      {"jdbc:postgresql://h/db", {{"keepalives_idle", "soon"}}, "arguments.keepalives_idle"},
      {"jdbc:mysql://h/db?allowLoadLocalInfile=true", {}, "connection_string"},
      {"jdbc:mysql://h/db", {{"useSSL", "maybe"}}, "arguments.useSSL"},
      {"jdbc:sqlite:x.db?vfs=unix-none", {}, "connection_string"},
      {"jdbc:sqlite:x.db", {{"mode", "rwc"}}, "arguments.mode"},
      {"jdbc:duckdb:x.duckdb?enable_external_access=true", {}, "connection_string"},
      {"jdbc:duckdb:x.duckdb", {{"allowed_directories", "['/']"}}, "arguments.allowed_directories"},
      {"jdbc:duckdb:x.duckdb", {{"threads", "many"}}, "arguments.threads"},
  };
  for (const Case& c : refused) {
    const Status s = Fail(c.url, c.arguments);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.url;
    EXPECT_EQ(s.field(), c.field) << c.url << ": " << s.ToString();
    for (const auto& [key, value] : c.arguments) {
      EXPECT_EQ(s.message().find(value), std::string::npos) << "values are not echoed";
    }
  }
  // Spellings each driver accepts.
  EXPECT_EQ(Parse("jdbc:mysql://h/db?use-ssl=true&SSLMODE=REQUIRED").params.options.size(), 2u);
  EXPECT_EQ(Parse("jdbc:duckdb:x.duckdb?THREADS=2&TimeZone=UTC").params.options.size(), 2u);
  EXPECT_EQ(Parse("jdbc:postgresql://h/db?ssl=true&sslrootcert=certs/ca.pem").params.options.size(),
            2u);
}

// --- ODBC ---

TEST(JdbcUrlTest, OdbcBareDsn) {
  const JdbcTarget t = Parse("jdbc:odbc:Warehouse");
  EXPECT_EQ(t.driver, SqlDriverKind::kOdbc);
  EXPECT_EQ(t.params.odbc_connection_string, "DSN=Warehouse");
  EXPECT_TRUE(t.params.options.empty());
}

TEST(JdbcUrlTest, OdbcDsnWithAttributes) {
  const JdbcTarget t = Parse("jdbc:odbc:Warehouse;UID=alice;ReadOnly=1");
  EXPECT_EQ(t.params.odbc_connection_string, "DSN=Warehouse;ReadOnly=1");
  EXPECT_EQ(t.params.user, "alice") << "UID moves to the user field; ConnectOdbc adds it back";
}

TEST(JdbcUrlTest, OdbcConnectionStringAndArguments) {
  const JdbcTarget t =
      Parse("jdbc:odbc:Driver={PostgreSQL Unicode};Server=h;Port=5432;Database=d;SSLmode=allow",
            {{"user", "bob"}, {"password", "pw"}, {"sslmode", "require"}, {"Fetch", "5000"}});
  EXPECT_EQ(t.params.odbc_connection_string,
            "Driver=PostgreSQL Unicode;Server=h;Port=5432;Database=d;SSLmode=require;Fetch=5000");
  EXPECT_EQ(t.params.user, "bob");
  EXPECT_EQ(t.params.password, "pw");
}

TEST(JdbcUrlTest, OdbcDriverArgumentFillsMissingDriver) {
  JdbcTarget t = Parse("jdbc:odbc:Server=h;Database=d", {{"odbc_driver", "{PostgreSQL Unicode}"}});
  EXPECT_EQ(t.params.odbc_connection_string, "Driver=PostgreSQL Unicode;Server=h;Database=d");
  EXPECT_EQ(t.odbc.driver, "PostgreSQL Unicode");
  EXPECT_EQ(t.odbc.driver_field, "arguments.odbc_driver");
  t = Parse("jdbc:odbc:DSN=x", {{"odbc_driver", "ignored"}});
  EXPECT_EQ(t.odbc.dsn, "x");
  EXPECT_EQ(t.odbc.dsn_field, "connection_string");
  EXPECT_TRUE(t.odbc.driver.empty());
  EXPECT_EQ(t.params.odbc_connection_string, "DSN=x");
  EXPECT_EQ(Fail("jdbc:odbc:Server=h;Database=d").field(), "connection_string");
}

// Attack 5: the driver manager dlopens whatever a Driver= path names, and reads or writes the
// files FILEDSN=, SAVEFILE= and trace attributes name: names only, each refusal naming the
// field the attribute came from.
TEST(JdbcUrlTest, OdbcDriverPathsAndFileAttributesAreRefused) {
  struct Case {
    std::string url;
    Args arguments;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"jdbc:odbc:Driver=/lib/x86_64-linux-gnu/libc.so.6", {}, "connection_string"},
      {"jdbc:odbc:Driver={/lib/x86_64-linux-gnu/libc.so.6};Server=h", {}, "connection_string"},
      {"jdbc:odbc:Driver=libc.so.6", {}, "connection_string"},
      {"jdbc:odbc:Driver=psqlodbcw.so", {}, "connection_string"},
      {"jdbc:odbc:DRIVER=..\\x", {}, "connection_string"},
      {"jdbc:odbc:Server=h", {{"odbc_driver", "/tmp/evil.so"}}, "arguments.odbc_driver"},
      {"jdbc:odbc:Server=h", {{"odbc_driver", "{/tmp/evil.so}"}}, "arguments.odbc_driver"},
      {"jdbc:sqlserver://h:1433/db", {{"odbc_driver", "/tmp/evil.so"}}, "arguments.odbc_driver"},
      {"jdbc:sqlserver://h:1433/db;Driver=/tmp/evil.so",
       {{"odbc_driver", "PostgreSQL Unicode"}},
       "connection_string"},
      {"jdbc:odbc:DSN=x", {{"Driver", "/tmp/evil.so"}}, "arguments.Driver"},
      {"jdbc:odbc:DSN=/etc/odbc.ini", {}, "connection_string"},
      {"jdbc:odbc:FILEDSN=/tmp/x.dsn", {}, "connection_string"},
      {"jdbc:odbc:filedsn=x.dsn", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;SAVEFILE=/tmp/out.dsn", {}, "connection_string"},
      {"jdbc:odbc:DSN=x", {{"SaveFile", "/tmp/out.dsn"}}, "arguments.SaveFile"},
      {"jdbc:odbc:DSN=x;DMConnAttr=[105]=\\/tmp/trace", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;TraceFile=/tmp/t.log", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;Trace=Yes", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;CommLog=1", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;B3=1", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;pqopt={hostaddr=169.254.169.254}", {}, "connection_string"},
      {"jdbc:odbc:DSN=x", {{"ConnSettings", "DELETE FROM t"}}, "arguments.ConnSettings"},
      {"jdbc:odbc:DSN=x;INITSTMT=DROP TABLE t", {}, "connection_string"},
      {"jdbc:odbc:DSN=x;ENABLE_LOCAL_INFILE=1", {}, "connection_string"},
      {"jdbc:sqlserver://h/db?FILEDSN=x", {{"odbc_driver", "FreeTDS"}}, "connection_string"},
  };
  for (const Case& c : cases) {
    const Status s = Fail(c.url, c.arguments);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.url;
    EXPECT_EQ(s.field(), c.field) << c.url << ": " << s.message();
    EXPECT_EQ(s.message().find("/tmp"), std::string::npos) << "repeats the value: " << s.message();
  }
  // A registered name is a name, braced or not.
  EXPECT_EQ(Parse("jdbc:odbc:Driver={PostgreSQL Unicode};Server=h").odbc.driver,
            "PostgreSQL Unicode");
  EXPECT_EQ(Parse("jdbc:odbc:Driver={PostgreSQL Unicode};Server=h").odbc.driver_field,
            "connection_string");
  EXPECT_EQ(Parse("jdbc:sqlserver://h/db", {{"odbc_driver", "FreeTDS"}}).odbc.driver_field,
            "arguments.odbc_driver");
}

TEST(JdbcUrlTest, OdbcBadStrings) {
  EXPECT_EQ(Fail("jdbc:odbc:").field(), "connection_string");
  EXPECT_EQ(Fail("jdbc:odbc:DSN=x;Server={h").field(), "connection_string");
  EXPECT_EQ(Fail("jdbc:odbc:DSN=x;novalue").field(), "connection_string");
  EXPECT_EQ(Fail("jdbc:odbc:DSN=x", {{"PWD", "p"}}).field(), "arguments.PWD");
}

TEST(JdbcUrlTest, GenericSubprotocolThroughOdbc) {
  const JdbcTarget t = Parse("jdbc:sqlserver://sql.example.com:1433/sales?encrypt=true",
                             {{"odbc_driver", "ODBC Driver 18 for SQL Server"}, {"user", "sa"}});
  EXPECT_EQ(t.driver, SqlDriverKind::kOdbc);
  EXPECT_EQ(t.params.odbc_connection_string,
            "Driver=ODBC Driver 18 for SQL Server;Server=sql.example.com;Port=1433;"
            "Database=sales;encrypt=true");
  EXPECT_EQ(t.params.user, "sa");
}

TEST(JdbcUrlTest, GenericSemicolonParametersAndUser) {
  const JdbcTarget t =
      Parse("jdbc:sqlserver://bob@h;databaseName=x;trust=yes", {{"odbc_driver", "{weird};driver"}});
  EXPECT_EQ(t.params.odbc_connection_string,
            "Driver={{weird}};driver};Server=h;databaseName=x;trust=yes");
  EXPECT_EQ(t.params.user, "bob");
}

TEST(JdbcUrlTest, GenericNeedsDriverAndHost) {
  Status s = Fail("jdbc:sqlserver://h:1433/db");
  EXPECT_EQ(s.field(), "arguments.odbc_driver");
  s = Fail("jdbc:sqlserver:///db", {{"odbc_driver", "x"}});
  EXPECT_EQ(s.field(), "connection_string");
  s = Fail("jdbc:oracle:thin:@h:1521:orcl", {{"odbc_driver", "x"}});
  EXPECT_EQ(s.field(), "connection_string");
  EXPECT_NE(s.message().find("jdbc:odbc:"), std::string::npos) << "says what works instead";
}

TEST(JdbcUrlTest, NotJdbc) {
  for (const char* url : {"", "postgresql://h/db", "jdbc:", "jdbc:postgresql", "jdbc::x"}) {
    const Status s = Fail(url);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(s.field(), "connection_string") << url;
  }
}

TEST(JdbcUrlTest, DriverKindNames) {
  EXPECT_EQ(SqlDriverKindName(SqlDriverKind::kPostgres), "postgresql");
  EXPECT_EQ(SqlDriverKindName(SqlDriverKind::kMariaDb), "mariadb");
  EXPECT_EQ(SqlDriverKindName(SqlDriverKind::kSqlite), "sqlite");
  EXPECT_EQ(SqlDriverKindName(SqlDriverKind::kDuckDb), "duckdb");
  EXPECT_EQ(SqlDriverKindName(SqlDriverKind::kOdbc), "odbc");
}

// --- ODBC connection strings ---

TEST(OdbcConnectionStringTest, ParseBracesAndBlanks) {
  auto a = ParseOdbcConnectionString(" Driver = {A;B}} c} ; Server=h ;;Empty=");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ((*a)[0].key, "Driver");
  EXPECT_EQ((*a)[0].value, "A;B} c");
  EXPECT_EQ((*a)[1].value, "h");
  EXPECT_EQ((*a)[2].key, "Empty");
  EXPECT_EQ((*a)[2].value, "");
  EXPECT_FALSE(ParseOdbcConnectionString("A={x}y").ok());
  EXPECT_FALSE(ParseOdbcConnectionString("=x").ok());
}

TEST(OdbcConnectionStringTest, ValuesCannotInjectAttributes) {
  EXPECT_EQ(OdbcAttributeValue("plain value"), "plain value");
  EXPECT_EQ(OdbcAttributeValue("p;DSN=evil"), "{p;DSN=evil}");
  EXPECT_EQ(OdbcAttributeValue("a}b"), "{a}}b}");
  EXPECT_EQ(OdbcAttributeValue(" edge"), "{ edge}");
  const std::string text = FormatOdbcConnectionString({{"UID", "u"}, {"PWD", "x};DSN={y"}});
  auto parsed = ParseOdbcConnectionString(text);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 2u) << text;
  EXPECT_EQ((*parsed)[1].value, "x};DSN={y");
}

TEST(OdbcConnectionStringTest, SetReplacesIgnoringCase) {
  OdbcAttributes a = {{"Server", "a"}};
  SetOdbcAttribute(a, "SERVER", "b");
  SetOdbcAttribute(a, "Port", "1");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].key, "Server");
  EXPECT_EQ(a[0].value, "b");
  EXPECT_TRUE(HasOdbcAttribute(a, "port"));
  EXPECT_FALSE(HasOdbcAttribute(a, "dsn"));
}

}  // namespace
}  // namespace trib::sql
