// Where the catalog tests keep their data: a temp directory of SQLite files, or throw-away
// databases on the PostgreSQL server named by TRIB_TEST_PG_URL (started by
// tests/scripts/with_postgres.sh). Each backend object cleans up everything it created.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "catalog/postgres_connection.h"
#include "catalog/sql_connection.h"
#include "catalog/sqlite_connection.h"
#include "common/random.h"
#include "common/status.h"

namespace trib::testing {

inline constexpr const char* kPgUrlVariable = "TRIB_TEST_PG_URL";

inline std::string PgTestUrl() {
  const char* url = std::getenv(kPgUrlVariable);
  return url != nullptr ? url : "";
}

// `url` with its database name replaced by `database`.
inline std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t scheme = url.find("://");
  const size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = url.find('?');
  const std::string head = url.substr(0, std::min(path, query));
  const std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + database + tail;
}

class CatalogBackend {
 public:
  virtual ~CatalogBackend() = default;
  // A location for OpenCatalog holding an empty database.
  virtual Result<std::string> NewLocation() = 0;
  // A raw driver connection to a location made by NewLocation().
  virtual Result<std::unique_ptr<SqlConnection>> Connect(const std::string& location) = 0;
};

class SqliteBackend final : public CatalogBackend {
 public:
  SqliteBackend()
      : dir_(std::filesystem::temp_directory_path() / ("trib-catalog-test-" + RandomHex(8))) {
    std::filesystem::create_directories(dir_);
  }
  ~SqliteBackend() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  Result<std::string> NewLocation() override {
    return "sqlite:" + (dir_ / ("catalog-" + std::to_string(++count_) + ".db")).string();
  }
  Result<std::unique_ptr<SqlConnection>> Connect(const std::string& location) override {
    TRIB_ASSIGN_OR_RETURN(auto connection, SqliteConnection::Open(location.substr(7)));
    return std::unique_ptr<SqlConnection>(std::move(connection));
  }

 private:
  std::filesystem::path dir_;
  int count_ = 0;
};

class PostgresBackend final : public CatalogBackend {
 public:
  explicit PostgresBackend(std::string admin_url) : admin_url_(std::move(admin_url)) {}
  ~PostgresBackend() override {
    if (databases_.empty()) return;
    auto admin = PostgresConnection::Connect(admin_url_);
    if (!admin.ok()) return;
    for (const std::string& name : databases_) {
      (void)(*admin)->Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  Result<std::string> NewLocation() override {
    TRIB_ASSIGN_OR_RETURN(auto admin, PostgresConnection::Connect(admin_url_));
    const std::string name = "trib_test_" + RandomHex(8);
    TRIB_RETURN_IF_ERROR(admin->Exec("CREATE DATABASE " + name).status());
    databases_.push_back(name);
    return WithDatabase(admin_url_, name);
  }
  Result<std::unique_ptr<SqlConnection>> Connect(const std::string& location) override {
    TRIB_ASSIGN_OR_RETURN(auto connection, PostgresConnection::Connect(location));
    return std::unique_ptr<SqlConnection>(std::move(connection));
  }

  // The database name of a location made by NewLocation().
  static std::string DatabaseOf(const std::string& location) {
    const size_t slash = location.rfind('/');
    const size_t query = location.find('?', slash);
    return location.substr(slash + 1, query == std::string::npos ? query : query - slash - 1);
  }
  const std::string& admin_url() const { return admin_url_; }

 private:
  std::string admin_url_;
  std::vector<std::string> databases_;
};

}  // namespace trib::testing
