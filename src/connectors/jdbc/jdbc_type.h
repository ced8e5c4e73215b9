// The jdbc data-source type (any SQL database by jdbc: URL): its field table and cross-field rules,
// declared once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeJdbcType();

}  // namespace trib
