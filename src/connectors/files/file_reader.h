// Reads the selected files of a file data source into an Arrow stream with DuckDB, sandboxed:
// each read gets its own in-memory DuckDB that may read its ReadView's directory and nothing
// else (external access off, configuration locked), and runs SQL tributary writes itself from
// checked input (format options as literals, columns as quoted identifiers), never the
// caller's SQL. Files of stores without local files are spooled into the view first, within a
// byte cap, over several connections at once (spool.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "columnar/batch_reader.h"
#include "common/cancel.h"
#include "common/status.h"
#include "connectors/connector.h"
#include "connectors/files/data_format.h"
#include "connectors/files/file_selection.h"
#include "objectstore/object_store.h"

namespace trib::files {

struct FileReadContext {
  std::string temp_root;                // where read views and spools live
  int64_t spool_limit_bytes = 0;        // bytes a read may spool from a remote store; 0: none
  int spool_connections = 4;            // ranged GETs in flight while a read spools
  int64_t statement_timeout_ms = 0;     // 0: none
  std::shared_ptr<CancelToken> cancel;  // may be null
};

// The format of `request` (given, or from the files' extensions: they must agree).
Result<DataFormat> ResolveFormat(const FileRead& request, const Selection& selection);

Result<std::unique_ptr<BatchReader>> ReadSelection(objectstore::ObjectStore& store,
                                                   const Selection& selection,
                                                   const FileRead& request,
                                                   std::optional<int64_t> limit,
                                                   const FileReadContext& context);

}  // namespace trib::files
