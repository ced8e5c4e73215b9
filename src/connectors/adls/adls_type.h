// The adls data-source type (Azure Data Lake Storage): its field table and cross-field rules,
// declared once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeAdlsType();

}  // namespace trib
