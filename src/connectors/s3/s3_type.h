// The s3 data-source type (S3 buckets and prefixes): its field table and cross-field rules,
// declared once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeS3Type();

}  // namespace trib
