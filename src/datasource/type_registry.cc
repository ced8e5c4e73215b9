#include "datasource/type_registry.h"

namespace trib {

Status TypeRegistry::Register(TypeSpec spec) {
  if (types_.count(spec.name) != 0) {
    return Status::AlreadyExists("type",
                                 "data source type '" + spec.name + "' is registered twice");
  }
  std::string name = spec.name;
  types_.emplace(std::move(name), std::make_unique<TypeSpec>(std::move(spec)));
  return Status::Ok();
}

const TypeSpec* TypeRegistry::Find(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : it->second.get();
}

std::vector<const TypeSpec*> TypeRegistry::All() const {
  std::vector<const TypeSpec*> out;
  for (const auto& [name, spec] : types_) out.push_back(spec.get());
  return out;
}

std::string TypeRegistry::TypeList() const {
  std::string out;
  for (const auto& [name, spec] : types_) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace trib
