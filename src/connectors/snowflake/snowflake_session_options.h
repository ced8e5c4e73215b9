// The Snowflake session parameters a snowflake source's `sf_options` may set (names as
// Snowflake documents them, any case). Connection settings (account, user, credentials,
// database, schema, warehouse, role) have fields of their own; parameters that run statements
// or change what a session may reach are not declared, so they are refused.
#pragma once

#include "common/option_table.h"

namespace trib {

const OptionTable& SnowflakeSessionOptions();

}  // namespace trib
