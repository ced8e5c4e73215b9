// Writing one S3 object: small objects in one PUT at Commit; past one part, a multipart
// upload whose parts go out as they fill, several at once (each on a thread of its own), so
// at most a few parts are held in memory. Nothing is visible before Commit; Abort and the
// destructor wait for the parts in flight and abort the upload, leaving no parts behind.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "cloud/aws/sigv4.h"
#include "objectstore/object_store.h"
#include "objectstore/s3/s3_client.h"

namespace trib::objectstore {

struct S3WriteTarget {
  std::shared_ptr<S3Client> client;
  std::string full_key;  // the bucket's key
  std::string key;       // as the caller named it
  WriteOptions options;
  aws::NameValueList sse_headers;  // x-amz-server-side-encryption[-aws-kms-key-id]
  int64_t part_bytes = 8 << 20;
};

std::unique_ptr<ObjectWriter> MakeS3Writer(S3WriteTarget target);

}  // namespace trib::objectstore
