// Lends an Arrow stream to DuckDB as a view, so SQL (COPY ... TO) can read it.
//
// Why a wrapper: duckdb_arrow_scan asks the stream for its schema several times and never
// releases what it gets (it clears the release callbacks), and it hides a failing source behind
// its own message. DuckDB therefore sees a facade stream whose schema this object owns and
// lends out, and whose batches come unchanged from the source, whose error is kept here.
#pragma once

#include <duckdb.h>

#include <string>

#include "columnar/arrow_handles.h"
#include "common/status.h"

namespace trib::engine {

class ArrowScanSource {
 public:
  // Takes `source` over (source->release is null afterwards); it is released with this object.
  explicit ArrowScanSource(ArrowArrayStream* source);
  ~ArrowScanSource() = default;
  ArrowScanSource(const ArrowScanSource&) = delete;
  ArrowScanSource& operator=(const ArrowScanSource&) = delete;

  // Creates (or replaces) the view `name` on `conn`'s current schema. The view reads this
  // object: drop it before this object goes, and scan it once (the source is a stream).
  Status CreateView(duckdb_connection conn, const std::string& name);

  // How the source failed, if it did; OK otherwise.
  const Status& source_error() const { return source_error_; }

 private:
  static int FacadeGetSchema(ArrowArrayStream* facade, ArrowSchema* out);
  static int FacadeGetNext(ArrowArrayStream* facade, ArrowArray* out);
  static const char* FacadeLastError(ArrowArrayStream* facade);
  static void FacadeRelease(ArrowArrayStream* facade);
  int Report(const Status& status);

  StreamHandle source_;
  SchemaHandle schema_;  // fetched once from the source, lent to DuckDB
  Status source_error_;
  std::string last_error_;
  ArrowArrayStream facade_{};
};

}  // namespace trib::engine
