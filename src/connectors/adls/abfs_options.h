// The ABFS options (Spark's fs.azure.* keys) an adls source's `spark_options` may set. Account
// keys, client secrets and the authentication type have fields of their own; keys that load
// classes (token providers, delegation) or name other accounts are not declared, so they are
// refused.
#pragma once

#include "common/option_table.h"

namespace trib {

const OptionTable& AbfsOptions();

}  // namespace trib
