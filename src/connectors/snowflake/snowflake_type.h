// The snowflake data-source type (Snowflake): its field table and cross-field rules, declared once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeSnowflakeType();

}  // namespace trib
