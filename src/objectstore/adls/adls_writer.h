// Writing one block blob: small objects in one Put Blob at Commit; past one block, blocks go
// up (Put Block) as they fill, so at most one block is held in memory, and Put Block List
// commits them at once. Nothing is visible before Commit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "objectstore/adls/adls_client.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

struct AdlsWriteTarget {
  std::shared_ptr<AdlsClient> client;
  std::string blob;  // the container's name for it
  std::string key;   // as the caller named it
  WriteOptions options;
  int64_t block_bytes = 8 << 20;
};

std::unique_ptr<ObjectWriter> MakeAdlsWriter(AdlsWriteTarget target);

}  // namespace trib::objectstore
