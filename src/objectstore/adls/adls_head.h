// Get Blob Properties (HEAD) of one blob as ObjectInfo. Directories of accounts with a
// hierarchical namespace answer too; they are no objects, so they are kNotFound like a missing
// blob.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "objectstore/adls/adls_client.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

// `blob` is the container's name for it; `key` what the caller named (for ObjectInfo and
// errors). A missing blob is kNotFound naming "path".
Result<ObjectInfo> HeadBlob(AdlsClient& client, const std::string& blob, std::string_view key);

}  // namespace trib::objectstore
