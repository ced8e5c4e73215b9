// Writing one GCS object by a resumable upload: the session starts at the first full chunk (or
// at Commit), chunks go out as they fill so at most one is held in memory, and the object
// appears only when the last chunk, which states the total size, is accepted. Abort and the
// destructor cancel the session (DELETE on its URL), leaving nothing behind.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "objectstore/gcs/gcs_client.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

struct GcsWriteTarget {
  std::shared_ptr<GcsClient> client;
  std::string full_key;  // the bucket's object name
  std::string key;       // as the caller named it
  std::string root;      // the store's prefix, cut off the names GCS answers with
  WriteOptions options;
  std::string credential_field;
  int64_t chunk_bytes = 8 << 20;  // a multiple of 256 KiB
};

std::unique_ptr<ObjectWriter> MakeGcsWriter(GcsWriteTarget target);

}  // namespace trib::objectstore
