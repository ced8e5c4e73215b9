// The gcs data-source type (Google Cloud Storage): its field table and cross-field rules, declared
// once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeGcsType();

}  // namespace trib
