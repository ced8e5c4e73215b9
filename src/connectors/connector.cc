#include "connectors/connector.h"

namespace trib {

Status ConnectorRegistry::Register(std::string type, ConnectorFactory factory) {
  if (factories_.count(type) != 0) {
    return Status::AlreadyExists("type", "a connector for '" + type + "' is already registered");
  }
  factories_.emplace(std::move(type), std::move(factory));
  return Status::Ok();
}

const ConnectorFactory* ConnectorRegistry::Find(std::string_view type) const {
  auto it = factories_.find(type);
  return it == factories_.end() ? nullptr : &it->second;
}

}  // namespace trib
