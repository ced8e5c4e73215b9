#include "connectors/sql/driver_option_tables.h"

#include "sql/driver_options.h"

namespace trib {

Json DriverOptionTables(const std::vector<sql::SqlDriverKind>& drivers) {
  Json tables = Json::object();
  for (sql::SqlDriverKind driver : drivers) {
    tables[std::string(sql::SqlDriverKindName(driver))] = sql::DriverOptionTable(driver).Describe();
  }
  return tables;
}

}  // namespace trib
