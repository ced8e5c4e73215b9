#include "connectors/connector.h"

namespace trib {

Status ConnectorRegistry::Register(std::string type, ConnectorFactory factory,
                                   DefinitionCheck check) {
  if (factories_.count(type) != 0) {
    return Status::AlreadyExists("type", "a connector for '" + type + "' is already registered");
  }
  if (check) checks_.emplace(type, std::move(check));
  factories_.emplace(std::move(type), std::move(factory));
  return Status::Ok();
}

const ConnectorFactory* ConnectorRegistry::Find(std::string_view type) const {
  auto it = factories_.find(type);
  return it == factories_.end() ? nullptr : &it->second;
}

const DefinitionCheck* ConnectorRegistry::FindCheck(std::string_view type) const {
  auto it = checks_.find(type);
  return it == checks_.end() ? nullptr : &it->second;
}

}  // namespace trib
