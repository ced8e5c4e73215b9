// Type name -> field table. Connectors register themselves; the core never lists types.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "datasource/field_spec.h"

namespace trib {

class TypeRegistry {
 public:
  // Registering a taken name is an error, never a silent overwrite.
  Status Register(TypeSpec spec);
  const TypeSpec* Find(std::string_view type) const;
  std::vector<const TypeSpec*> All() const;  // ordered by name
  std::string TypeList() const;              // "adls, bigquery, ..."

 private:
  std::map<std::string, std::unique_ptr<TypeSpec>, std::less<>> types_;
};

}  // namespace trib
