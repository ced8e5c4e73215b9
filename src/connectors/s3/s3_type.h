// The s3 data-source type (S3 buckets and prefixes): its field table and cross-field rules,
// declared once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeS3Type();

// A session token (a role's, or a stored one) travels in a header: over plain http only to
// this machine. Checked when the definition is written and again when it is used.
Status CheckS3TokenTransport(std::string_view endpoint, bool sends_token);

}  // namespace trib
