// The formats a read can be delivered in, and how clients name them: a `format` value, an
// HTTP Accept header, a content type or a file extension. Arrow means the IPC *stream* format
// (application/vnd.apache.arrow.stream; pyarrow reads it with pyarrow.ipc.open_stream, also
// when the file is called .arrow). Parquet is written by the engine (DuckDB), the others by
// columnar/ipc_writer.h, csv_writer.h and jsonl_writer.h.
#pragma once

#include <string_view>

#include "common/status.h"

namespace trib {

enum class OutputFormat { kArrow, kParquet, kCsv, kJsonl };

// "arrow", "parquet", "csv", "jsonl" (also "json", "ndjson"); case-insensitive.
Result<OutputFormat> ParseOutputFormat(std::string_view name, std::string_view field = "format");

// The best supported type of an Accept header (q-values honoured, q=0 refused, parameters
// ignored); `fallback` for an empty header or one whose best match is a wildcard.
Result<OutputFormat> OutputFormatFromAccept(std::string_view accept, OutputFormat fallback,
                                            std::string_view field = "Accept");

// A single media type, e.g. a Content-Type ("text/csv; charset=utf-8" is CSV).
Result<OutputFormat> OutputFormatFromContentType(std::string_view content_type,
                                                 std::string_view field = "content_type");

// From a file name's extension: .arrow/.arrows, .parquet/.pq, .csv, .jsonl/.ndjson/.json.
Result<OutputFormat> OutputFormatFromPath(std::string_view path, std::string_view field = "out");

std::string_view FormatName(OutputFormat format);     // "arrow", "parquet", "csv", "jsonl"
std::string_view ContentType(OutputFormat format);    // what the server answers with
std::string_view FileExtension(OutputFormat format);  // ".arrow", ".parquet", ".csv", ".jsonl"

}  // namespace trib
