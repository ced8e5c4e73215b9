// The S3A options (Spark's fs.s3a.* keys) an s3 source's `arguments` may set. Keys that name a
// credential, a role or encryption have fields of their own; keys that load classes
// (credential providers, signers) or that apply to another bucket (fs.s3a.bucket.*) are not
// declared, so they are refused.
#pragma once

#include "common/option_table.h"

namespace trib {

const OptionTable& S3aOptions();

}  // namespace trib
