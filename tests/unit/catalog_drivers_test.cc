// The pieces under the catalog: placeholder rewriting, the SQLite driver, location parsing.
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/catalog.h"
#include "catalog/connection_pool.h"
#include "catalog/postgres_connection.h"
#include "catalog/sqlite_connection.h"
#include "catalog_test_backends.h"
#include "common/random.h"

namespace trib {
namespace {

TEST(CatalogPlaceholderTest, NumbersQuestionMarksOutsideQuotesAndComments) {
  EXPECT_EQ(RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2");
  EXPECT_EQ(RewritePlaceholders("VALUES ('it''s ?', ?) -- why?\n, ?"),
            "VALUES ('it''s ?', $1) -- why?\n, $2");
  EXPECT_EQ(RewritePlaceholders("SELECT 1"), "SELECT 1");
  EXPECT_EQ(RewritePlaceholders("?,?,?,?,?,?,?,?,?,?"), "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10");
  EXPECT_EQ(RewritePlaceholders("SELECT 'unterminated ?"), "SELECT 'unterminated ?");
}

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> location = backend_.NewLocation();
    ASSERT_TRUE(location.ok());
    auto connection = SqliteConnection::Open(location->substr(7));
    ASSERT_TRUE(connection.ok()) << connection.status().ToString();
    db_ = std::move(connection).value();
    ASSERT_TRUE(db_->Exec("CREATE TABLE parent (id TEXT PRIMARY KEY)").ok());
    ASSERT_TRUE(db_->Exec("CREATE TABLE child (id TEXT PRIMARY KEY,"
                          " parent TEXT REFERENCES parent(id), n BIGINT, note TEXT)")
                    .ok());
  }
  testing::SqliteBackend backend_;
  std::unique_ptr<SqliteConnection> db_;
};

TEST_F(SqliteConnectionTest, BindsAndReturnsNullIntegerAndText) {
  ASSERT_TRUE(db_->Exec("INSERT INTO parent (id) VALUES (?)", {std::string("p")}).ok());
  Result<SqlRows> inserted =
      db_->Exec("INSERT INTO child (id, parent, n, note) VALUES (?, ?, ?, ?)",
                {std::string("c"), std::string("p"), int64_t{-9'000'000'000}, std::monostate{}});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(inserted->affected, 1);
  for (int i = 0; i < 3; ++i) {  // the cached statement is reset and rebound each time
    Result<SqlRows> rows =
        db_->Exec("SELECT id, n, note FROM child WHERE parent = ?", {std::string("p")});
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->rows.size(), 1u);
    EXPECT_EQ(TextAt(rows->rows[0], 0), "c");
    EXPECT_EQ(IntAt(rows->rows[0], 1), -9'000'000'000);
    EXPECT_TRUE(IsNullAt(rows->rows[0], 2));
  }
}

TEST_F(SqliteConnectionTest, ClassifiesConstraintViolations) {
  ASSERT_TRUE(db_->Exec("INSERT INTO parent (id) VALUES (?)", {std::string("p")}).ok());
  const std::string secret = RandomToken();
  Status duplicate = db_->Exec("INSERT INTO parent (id) VALUES (?)", {std::string("p")}).status();
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
  Status orphan =
      db_->Exec("INSERT INTO child (id, parent) VALUES (?, ?)", {secret, std::string("nope")})
          .status();
  EXPECT_EQ(orphan.code(), StatusCode::kFailedPrecondition) << "foreign keys are off";
  EXPECT_EQ(orphan.message().find(secret), std::string::npos);
  Status wrong_count = db_->Exec("SELECT ? + ?", {int64_t{1}}).status();
  EXPECT_EQ(wrong_count.code(), StatusCode::kInternal);
  Status two = db_->Exec("SELECT 1; SELECT 2").status();
  EXPECT_EQ(two.code(), StatusCode::kInternal);
}

TEST_F(SqliteConnectionTest, RollbackUndoesAndLeavesTheConnectionUsable) {
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->Exec("INSERT INTO parent (id) VALUES (?)", {std::string("p")}).ok());
  ASSERT_TRUE(db_->Rollback().ok());
  EXPECT_TRUE(db_->Healthy());
  EXPECT_EQ(IntAt(db_->Exec("SELECT COUNT(*) FROM parent")->rows.at(0), 0), 0);
  // A transaction left open is ended rather than poisoning every later caller.
  ASSERT_TRUE(db_->Begin().ok());
  EXPECT_TRUE(db_->Healthy());
  EXPECT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->Commit().ok());
}

TEST(CatalogPoolTest, WaitsForAReleasedConnectionThenTimesOut) {
  testing::SqliteBackend backend;
  const std::string path = backend.NewLocation().value().substr(7);
  int opened = 0;
  ConnectionPool pool(
      SqlDialect::kSqlite,
      [&]() -> Result<std::unique_ptr<SqlConnection>> {
        ++opened;
        TRIB_ASSIGN_OR_RETURN(auto connection, SqliteConnection::Open(path));
        return std::unique_ptr<SqlConnection>(std::move(connection));
      },
      1, std::chrono::milliseconds(50));
  {
    Result<ConnectionPool::Lease> first = pool.Acquire();
    ASSERT_TRUE(first.ok());
    Result<ConnectionPool::Lease> second = pool.Acquire();
    EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  }
  Result<ConnectionPool::Lease> again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(opened, 1) << "the released connection was not reused";
  EXPECT_EQ(pool.open_connections(), 1u);
}

TEST(OpenCatalogTest, AcceptsSqlitePrefixesAndBarePaths) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("trib-open-" + RandomHex(8));
  std::filesystem::create_directories(dir);
  for (const std::string& location :
       {"sqlite:" + (dir / "a.db").string(), "sqlite://" + (dir / "b.db").string(),
        (dir / "c.db").string()}) {
    Result<std::unique_ptr<Catalog>> catalog = OpenCatalog(location);
    ASSERT_TRUE(catalog.ok()) << location << ": " << catalog.status().ToString();
    EXPECT_EQ((*catalog)->SchemaVersion().value(), 1);
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "a.db"));
  EXPECT_EQ(std::filesystem::status(dir / "a.db").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
      << "a new catalog file must be private to its owner";
  EXPECT_TRUE(std::filesystem::exists(dir / "b.db"));
  EXPECT_TRUE(std::filesystem::exists(dir / "c.db"));
  std::filesystem::remove_all(dir);

  EXPECT_EQ(OpenCatalog("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenCatalog("mysql://root@127.0.0.1/catalog").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenCatalog("sqlite:").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenCatalog("/nonexistent-dir-" + RandomHex(4) + "/x.db").status().code(),
            StatusCode::kUnavailable);
}

TEST(OpenCatalogTest, UnreachablePostgresIsUnavailableWithoutThePassword) {
  const std::string password = RandomToken();
  for (const std::string scheme : {"postgresql", "postgres"}) {
    // Port 1 on loopback: refused at once.
    Result<std::unique_ptr<Catalog>> catalog =
        OpenCatalog(scheme + "://tributary:" + password + "@127.0.0.1:1/catalog");
    ASSERT_FALSE(catalog.ok());
    EXPECT_EQ(catalog.status().code(), StatusCode::kUnavailable);
    EXPECT_EQ(catalog.status().message().find(password), std::string::npos)
        << catalog.status().ToString();
  }
}

TEST(OpenCatalogTest, MalformedPostgresUrlIsInvalidWithoutThePassword) {
  // libpq's own parse error would quote the bad percent-escape, password included.
  const std::string password = "pw%zz" + RandomHex(8);
  Result<std::unique_ptr<Catalog>> catalog =
      OpenCatalog("postgresql://tributary:" + password + "@127.0.0.1:1/catalog");
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog.status().field(), "catalog");
  EXPECT_EQ(catalog.status().message().find(password.substr(5)), std::string::npos)
      << catalog.status().ToString();
}

TEST(PostgresConnectionTest, TypesRoundTripAndErrorsHideValues) {
  const std::string url = testing::PgTestUrl();
  if (url.empty()) GTEST_SKIP() << testing::kPgUrlVariable << " is not set";
  auto connection = PostgresConnection::Connect(url);
  ASSERT_TRUE(connection.ok()) << connection.status().ToString();
  PostgresConnection& pg = **connection;
  Result<SqlRows> rows = pg.Exec("SELECT ?::bigint, ?::text, ?::text, 7::int4, '?'",
                                 {int64_t{-9'000'000'000}, std::string("naïve"), std::monostate{}});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(IntAt(rows->rows[0], 0), -9'000'000'000);
  EXPECT_TRUE(std::holds_alternative<int64_t>(rows->rows[0][0]));
  EXPECT_EQ(TextAt(rows->rows[0], 1), "naïve");
  EXPECT_TRUE(IsNullAt(rows->rows[0], 2));
  EXPECT_TRUE(std::holds_alternative<int64_t>(rows->rows[0][3]));
  EXPECT_EQ(TextAt(rows->rows[0], 4), "?");

  // PostgreSQL's own message would quote the value: "invalid input syntax for type bigint".
  const std::string secret = RandomToken();
  Status bad = pg.Exec("SELECT ?::text::bigint", {secret}).status();
  EXPECT_EQ(bad.code(), StatusCode::kInternal);
  EXPECT_NE(bad.message().find("22P02"), std::string::npos) << bad.ToString();
  EXPECT_EQ(bad.message().find(secret), std::string::npos) << bad.ToString();

  // A failed statement aborts the transaction; COMMIT then reports failure, not success.
  ASSERT_TRUE(pg.Begin().ok());
  EXPECT_FALSE(pg.Exec("SELECT ?::text::bigint", {secret}).ok());
  EXPECT_FALSE(pg.Commit().ok());
  EXPECT_TRUE(pg.Healthy());
}

}  // namespace
}  // namespace trib
