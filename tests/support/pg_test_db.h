// The PostgreSQL started by tests/scripts/with_postgres.sh, for tests that read from it: runs
// SQL as the superuser and makes roles with generated passwords.
#pragma once

#include <libpq-fe.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/random.h"

namespace trib::testing {

class PgTestDb {
 public:
  // nullopt when the suite runs without the server (TRIB_TEST_PG_URL unset).
  static std::optional<PgTestDb> FromEnvironment() {
    const char* url = std::getenv("TRIB_TEST_PG_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    PgTestDb db;
    db.url_ = url;
    // postgresql://postgres@127.0.0.1:PORT/postgres
    const std::string text = url;
    const size_t at = text.find('@');
    const size_t colon = text.find(':', at);
    const size_t slash = text.find('/', colon);
    db.host_ = text.substr(at + 1, colon - at - 1);
    db.port_ = std::stoi(text.substr(colon + 1, slash - colon - 1));
    return db;
  }

  const std::string& host() const { return host_; }
  int port() const { return port_; }

  // Runs `sql` as the superuser; throws on failure (test set-up, not behaviour under test).
  void Exec(const std::string& sql) const {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn);
      PQfinish(conn);
      throw std::runtime_error("connecting to the test PostgreSQL: " + message);
    }
    PGresult* res = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(res);
    std::string message = PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("test SQL failed: " + message);
    }
  }

  // The first column of the first row of `sql`, or "" when there is none.
  std::string Scalar(const std::string& sql) const {
    PGconn* conn = PQconnectdb(url_.c_str());
    PGresult* res = PQexec(conn, sql.c_str());
    std::string out;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) {
      out = PQgetvalue(res, 0, 0);
    }
    PQclear(res);
    PQfinish(conn);
    return out;
  }

  // A login role with a fresh password (password authentication applies to it).
  std::pair<std::string, std::string> NewRole(const std::string& prefix) const {
    const std::string name = prefix + "_" + RandomHex().substr(0, 8);
    const std::string password = "pw-" + RandomToken(18);
    Exec("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
    return {name, password};
  }

  std::string JdbcUrl(const std::string& database = "postgres") const {
    return "jdbc:postgresql://" + host_ + ":" + std::to_string(port_) + "/" + database;
  }

 private:
  std::string url_;
  std::string host_;
  int port_ = 0;
};

}  // namespace trib::testing
