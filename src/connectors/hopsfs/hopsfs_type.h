// The hopsfs data-source type (a directory of the internal file system): its field table and
// cross-field rules, declared once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeHopsfsType();

}  // namespace trib
