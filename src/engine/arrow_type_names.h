// Human names for Arrow types, as ColumnType::ToString() spells tributary's own ("int64",
// "decimal(12,2)", "timestamp[us, UTC]", "list<int32>"), for any Arrow schema a driver emits.
#pragma once

#include <string>

#include "columnar/arrow_c_abi.h"

namespace trib::engine {

// The type of `field` (its format, children and dictionary); unknown formats come back as
// "arrow:<format>".
std::string ArrowTypeName(const ArrowSchema& field);

}  // namespace trib::engine
