// The file formats a file read takes (parquet, csv, json), their declared options (Spark's
// names, which the reference's users already write) and the DuckDB reader call for a set of
// files. ORC is refused with a clear error: the pinned DuckDB has no ORC reader.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/option_table.h"
#include "common/status.h"

namespace trib::files {

enum class DataFormat { kParquet, kCsv, kJson };

std::string_view DataFormatName(DataFormat format);
// "parquet" | "csv" | "json" (any case); errors name "data_format".
Result<DataFormat> ParseDataFormat(std::string_view text);
// From a file name's extension (.parquet/.pq, .csv/.tsv/.txt, .json/.jsonl/.ndjson).
std::optional<DataFormat> FormatFromExtension(std::string_view key);

// The options `format` declares (options.<key> of a read request).
const OptionTable& FormatOptions(DataFormat format);

// Checks `options` against the format's table (errors name "options.<key>").
Status CheckFormatOptions(DataFormat format, const std::map<std::string, std::string>& options);

// The DuckDB table function reading `paths` (already checked, absolute) with `options`, e.g.
// read_parquet(['/a', '/b'], hive_partitioning = true). Errors name "options.<key>".
Result<std::string> ReaderCall(DataFormat format, const std::vector<std::string>& paths,
                               const std::map<std::string, std::string>& options,
                               bool hive_partitioning);

// A Spark DDL schema ("id BIGINT, name STRING, price DECIMAL(10,2)") as DuckDB's columns
// struct ({'id': 'BIGINT', ...}); only plain column names and a fixed list of types.
Result<std::string> ColumnsFromDdl(std::string_view field, std::string_view ddl);

}  // namespace trib::files
