// Writes rows (an Arrow stream) as one file of a file data source: DuckDB encodes them into a
// private temp file (Parquet with zstd, CSV with a header, or JSON lines), which the object
// store uploads as it grows and then commits atomically (rename, complete-multipart, ...). A
// failed or cancelled write leaves nothing visible; the modes decide what may already be there.
#pragma once

#include <string>

#include "connectors/connector.h"
#include "objectstore/object_store.h"

namespace trib::files {

// `base` is the source's prefix in the store ("" or ending in '/'); `temp_root` the server's
// temp dir. Errors name "path", "data_format" or "mode".
Result<WriteResult> WriteRows(objectstore::ObjectStore& store, const std::string& base,
                              WriteRequest& request, const std::string& temp_root);

}  // namespace trib::files
