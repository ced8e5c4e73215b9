// HEAD of one object as ObjectInfo. HEAD answers carry no error document, so a refusal is
// asked again as a one-byte GET to learn S3's error code (a wrong secret key and a missing
// permission both come back as a bare 403 otherwise).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "objectstore/object_store.h"
#include "objectstore/s3/s3_client.h"

namespace trib::objectstore {

// `full_key` is the bucket's key; `key` is what the caller named (for ObjectInfo and errors).
// A missing object is kNotFound naming "path".
Result<ObjectInfo> HeadS3Object(S3Client& client, const std::string& full_key,
                                std::string_view key);

}  // namespace trib::objectstore
