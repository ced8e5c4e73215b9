// The data-source types tributary ships with. This is the only place that lists them.
#pragma once

#include "common/status.h"
#include "datasource/type_registry.h"

namespace trib {

// Adds the nine built-in types to `registry`; fails if one of them is already registered.
Status RegisterBuiltinTypes(TypeRegistry& registry);

// A process-wide registry holding the built-in types, built once on first use (thread-safe).
const TypeRegistry& BuiltinTypes();

}  // namespace trib
