// Which ODBC drivers and DSNs a definition may name, against a given system list (the REST
// tests in security_attacks_test.cc run it against the real odbcinst.ini).
#include "connectors/jdbc/odbc_policy.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace trib {
namespace {

const sql::OdbcSystem kSystem = {{"PostgreSQL Unicode", "PostgreSQL ANSI"}, {"warehouse"}};

sql::OdbcNames Driver(std::string name, std::string field = "connection_string") {
  return {std::move(name), std::move(field), "", ""};
}

TEST(OdbcPolicyTest, RegisteredDriversPassWithoutRegardToCase) {
  EXPECT_TRUE(CheckOdbcNames(Driver("PostgreSQL Unicode"), kSystem, std::nullopt).ok());
  EXPECT_TRUE(CheckOdbcNames(Driver("postgresql unicode"), kSystem, std::nullopt).ok());
  EXPECT_TRUE(
      CheckOdbcNames({"", "", "Warehouse", "connection_string"}, kSystem, std::nullopt).ok());
}

TEST(OdbcPolicyTest, UnregisteredDriverOrDsnNamesItsField) {
  Status s = CheckOdbcNames(Driver("FreeTDS", "arguments.odbc_driver"), kSystem, std::nullopt);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "arguments.odbc_driver");
  EXPECT_NE(s.message().find("PostgreSQL Unicode"), std::string::npos) << "lists what exists";
  s = CheckOdbcNames({"", "", "nosuch", "connection_string"}, kSystem, std::nullopt);
  EXPECT_EQ(s.field(), "connection_string");
  EXPECT_NE(s.message().find("odbc.ini"), std::string::npos) << s.message();
}

TEST(OdbcPolicyTest, TheAdministratorsListNarrowsTheRegisteredOnes) {
  const OdbcDriverAllowList allowed = std::vector<std::string>{"PostgreSQL ANSI"};
  EXPECT_TRUE(CheckOdbcNames(Driver("PostgreSQL ANSI"), kSystem, allowed).ok());
  const Status s = CheckOdbcNames(Driver("PostgreSQL Unicode"), kSystem, allowed);
  EXPECT_EQ(s.field(), "connection_string");
  EXPECT_NE(s.message().find("odbc_drivers"), std::string::npos) << s.message();
  // An allowed name that is not registered (removed since) is still refused.
  const OdbcDriverAllowList stale = std::vector<std::string>{"FreeTDS"};
  EXPECT_FALSE(CheckOdbcNames(Driver("FreeTDS"), kSystem, stale).ok());
  // An empty list allows no driver at all.
  EXPECT_FALSE(CheckOdbcNames(Driver("PostgreSQL ANSI"), kSystem, std::vector<std::string>{}).ok());
}

// The system's list as unixODBC gives it: install-deps installs psqlODBC (odbc-postgresql).
TEST(OdbcSystemTest, ListsTheRegisteredDrivers) {
  auto system = sql::ReadOdbcSystem();
  ASSERT_TRUE(system.ok()) << system.status().ToString();
  EXPECT_NE(std::find(system->drivers.begin(), system->drivers.end(), "PostgreSQL Unicode"),
            system->drivers.end());
}

}  // namespace
}  // namespace trib
