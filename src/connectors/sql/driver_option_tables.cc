#include "connectors/sql/driver_option_tables.h"

#include "sql/driver_options.h"

namespace trib {

Json DriverOptionTables(const std::vector<sql::SqlDriverKind>& drivers) {
  Json tables = Json::object();
  for (sql::SqlDriverKind driver : drivers) {
    Json list = Json::array();
    for (const sql::DriverOption& option : sql::DriverOptions(driver)) {
      Json entry = {{"name", option.name},
                    {"kind", sql::OptionKindName(option.kind)},
                    {"secret", option.secret},
                    {"description", option.description}};
      if (!option.choices.empty()) {
        Json choices = Json::array();
        for (std::string_view choice : option.choices) choices.push_back(choice);
        entry["choices"] = std::move(choices);
      }
      list.push_back(std::move(entry));
    }
    tables[std::string(sql::SqlDriverKindName(driver))] = std::move(list);
  }
  return tables;
}

}  // namespace trib
