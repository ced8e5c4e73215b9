// The redshift data-source type (Amazon Redshift): its field table and cross-field rules, declared
// once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeRedshiftType();

}  // namespace trib
