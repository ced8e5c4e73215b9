// The options of the BigQuery reader (spark-bigquery-connector names) a bigquery source's
// `arguments` may set. Projects, datasets, tables and credentials have fields of their own;
// anything else is refused.
#pragma once

#include "common/option_table.h"

namespace trib {

const OptionTable& BigqueryReadOptions();

}  // namespace trib
