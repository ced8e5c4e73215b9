// The connectors tributary ships with: type name -> factory. The only place that lists them.
#pragma once

#include "connectors/connector.h"

namespace trib {

Status RegisterBuiltinConnectors(ConnectorRegistry& registry);

// Built once on first use (thread-safe).
const ConnectorRegistry& BuiltinConnectors();

}  // namespace trib
