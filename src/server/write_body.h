// The body of POST .../write as an Arrow stream, by Content-Type: an Arrow IPC stream is read
// as it is; a Parquet file or CSV (with a header) is put in a private temp file and read back
// through DuckDB. Anything else is 415-style bad input naming the header.
#pragma once

#include <memory>
#include <string>

#include "columnar/arrow_handles.h"
#include "common/status.h"

namespace trib {

struct WriteBody {
  StreamHandle rows;
  std::shared_ptr<void> keep;  // a temp file the stream reads from, if any
};

// `body` must outlive the stream (the write is synchronous: the request keeps it).
Result<WriteBody> DecodeWriteBody(const std::string& content_type, const std::string& body,
                                  const std::string& temp_dir);

// `status` without the server's temp paths (DuckDB names the files it reads and quotes the
// statement under "LINE 1:"): what the caller of a write may see.
Status HideTempPaths(Status status, const std::string& temp_dir);

}  // namespace trib
