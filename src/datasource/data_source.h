// A stored data source definition: what the catalog keeps, secrets still sealed.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/json.h"

namespace trib {

struct DataSource {
  std::string id;  // random hex, assigned on create
  std::string project_id;
  std::string name;
  std::string type;
  std::string description;
  Json config = Json::object();  // non-secret field values (defaults applied)
  // JSON pointer of each secret ("/password", "/arguments/password") -> sealed envelope.
  std::map<std::string, std::string> sealed_secrets;
  int64_t version = 1;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::string created_by;   // user name
  bool is_default = false;  // one of the project's built-in sources: cannot be deleted
};

}  // namespace trib
