// Drives any batch writer (Begin / WriteBatch / End) over a whole ArrowArrayStream.
#pragma once

#include "columnar/arrow_handles.h"
#include "columnar/batch_reader.h"
#include "columnar/byte_sink.h"
#include "common/status.h"

namespace trib {

template <typename Writer>
Status WriteStreamWith(ArrowArrayStream* stream, Writer& writer, const ProgressFn& progress) {
  StreamReader reader(stream);
  SchemaHandle schema;
  TRIB_RETURN_IF_ERROR(reader.GetSchema(schema.get()));
  TRIB_RETURN_IF_ERROR(writer.Begin(*schema));
  while (true) {
    ArrayHandle batch;
    TRIB_RETURN_IF_ERROR(reader.Next(batch.get()));
    if (!batch.valid()) break;
    TRIB_RETURN_IF_ERROR(writer.WriteBatch(*batch));
    if (progress) progress(writer.rows_written(), writer.bytes_written());
  }
  return writer.End();
}

}  // namespace trib
