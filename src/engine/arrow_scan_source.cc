#include "engine/arrow_scan_source.h"

#include <cerrno>

#include "columnar/batch_reader.h"

namespace trib::engine {

namespace {

// DuckDB may release what it is lent; the memory stays ours.
void LentSchemaRelease(ArrowSchema* schema) { schema->release = nullptr; }

ArrowScanSource* Self(ArrowArrayStream* facade) {
  return static_cast<ArrowScanSource*>(facade->private_data);
}

}  // namespace

ArrowScanSource::ArrowScanSource(ArrowArrayStream* source) {
  *source_ = *source;
  source->release = nullptr;
  facade_.get_schema = FacadeGetSchema;
  facade_.get_next = FacadeGetNext;
  facade_.get_last_error = FacadeLastError;
  facade_.release = FacadeRelease;
  facade_.private_data = this;
}

Status ArrowScanSource::CreateView(duckdb_connection conn, const std::string& name) {
  if (!source_.valid()) return Status::Internal("the Arrow stream to write was already released");
  if (duckdb_arrow_scan(conn, name.c_str(), reinterpret_cast<duckdb_arrow_stream>(&facade_)) !=
      DuckDBSuccess) {
    if (!source_error_.ok()) return source_error_;
    return Status::InvalidArgument("stream",
                                   "DuckDB cannot read this Arrow stream (unsupported schema?)");
  }
  return Status::Ok();
}

int ArrowScanSource::Report(const Status& status) {
  if (status.ok()) return 0;
  if (source_error_.ok()) source_error_ = status;
  last_error_ = status.message();
  return status.code() == StatusCode::kInvalidArgument ? EINVAL : EIO;
}

int ArrowScanSource::FacadeGetSchema(ArrowArrayStream* facade, ArrowSchema* out) {
  ArrowScanSource* self = Self(facade);
  out->release = nullptr;
  if (!self->schema_.valid()) {
    StreamReader reader(self->source_.get());
    const int code = self->Report(reader.GetSchema(self->schema_.get()));
    if (code != 0) return code;
  }
  *out = *self->schema_;
  out->release = LentSchemaRelease;
  return 0;
}

int ArrowScanSource::FacadeGetNext(ArrowArrayStream* facade, ArrowArray* out) {
  ArrowScanSource* self = Self(facade);
  out->release = nullptr;
  StreamReader reader(self->source_.get());
  return self->Report(reader.Next(out));
}

const char* ArrowScanSource::FacadeLastError(ArrowArrayStream* facade) {
  ArrowScanSource* self = Self(facade);
  return self->last_error_.empty() ? nullptr : self->last_error_.c_str();
}

void ArrowScanSource::FacadeRelease(ArrowArrayStream* facade) { facade->release = nullptr; }

}  // namespace trib::engine
