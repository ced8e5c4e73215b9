// The bigquery data-source type (Google BigQuery): its field table and cross-field rules, declared
// once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeBigqueryType();

}  // namespace trib
