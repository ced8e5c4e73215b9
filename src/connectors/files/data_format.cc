#include "connectors/files/data_format.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "engine/duckdb_database.h"

namespace trib::files {

namespace {

using K = OptionKind;

// A CSV line or JSON object of a file read: DuckDB keeps a buffer of twice this per file it
// reads at once, so it is bounded well below the read's memory limit.
constexpr int64_t kMaxLineBytes = 16 << 20;

const OptionTable& CsvOptions() {
  static const OptionTable table = {
      "CSV",
      KeyMatch::kAnyCase,
      {
          {"header", K::kBoolean, "the first line names the columns (default: detected)"},
          {"delimiter", K::kText, "the one character between values (default ,)"},
          {"sep", K::kText, "Spark's name for delimiter"},
          {"quote", K::kText, "the quote character (default \")"},
          {"escape", K::kText, "the character that escapes a quote inside quotes"},
          {"comment", K::kText, "lines starting with this character are skipped"},
          {"nullValue", K::kText, "the text that stands for NULL (default: empty)"},
          {"schema", K::kText,
           "column names and types, e.g. id BIGINT, name STRING (default: detected)"},
          {"mode",
           K::kChoice,
           "rows with too few values: FAILFAST stops with the line, PERMISSIVE fills NULLs, "
           "DROPMALFORMED skips them",
           {"FAILFAST", "PERMISSIVE", "DROPMALFORMED"}},
          {"dateFormat", K::kText, "strftime format of dates, e.g. %d/%m/%Y"},
          {"timestampFormat", K::kText, "strftime format of timestamps"},
          {"skipRows", K::kInteger, "lines to skip before the header", {}, false, 1000000},
          {"encoding", K::kChoice, "text encoding", {"utf-8", "utf-16", "latin-1"}},
          {"recursiveFileLookup", K::kBoolean, "true: no partition columns from k=v directories"},
          {"mergeSchema", K::kBoolean, "files may have different columns: match them by name"},
      },
  };
  return table;
}

const OptionTable& JsonOptions() {
  static const OptionTable table = {
      "JSON",
      KeyMatch::kAnyCase,
      {
          {"multiLine", K::kBoolean,
           "true: each file is one JSON document (an array of objects); default: one object per "
           "line"},
          {"schema", K::kText, "column names and types, e.g. id BIGINT, name STRING"},
          {"dateFormat", K::kText, "strftime format of dates"},
          {"timestampFormat", K::kText, "strftime format of timestamps"},
          {"recursiveFileLookup", K::kBoolean, "true: no partition columns from k=v directories"},
          {"mergeSchema", K::kBoolean, "files may have different columns: match them by name"},
      },
  };
  return table;
}

const OptionTable& ParquetOptions() {
  static const OptionTable table = {
      "Parquet",
      KeyMatch::kAnyCase,
      {
          {"mergeSchema", K::kBoolean, "files may have different columns: match them by name"},
          {"recursiveFileLookup", K::kBoolean, "true: no partition columns from k=v directories"},
      },
  };
  return table;
}

bool IsTrue(const std::string& value) {
  const std::string v = ToLower(value);
  return v == "true" || v == "1" || v == "yes";
}

// The value of `key` (matched as the table matches), if given.
std::optional<std::string> Get(DataFormat format, const std::map<std::string, std::string>& options,
                               std::string_view key) {
  const OptionTable& table = FormatOptions(format);
  const OptionSpec* wanted = table.Find(key);
  for (const auto& [name, value] : options) {
    if (table.Find(name) == wanted) return value;
  }
  return std::nullopt;
}

Result<std::string> OneCharacter(std::string_view key, const std::string& value) {
  if (value.size() != 1 || value[0] == '\n' || value[0] == '\r') {
    const std::string field = "options." + std::string(key);
    return Status::InvalidArgument(field, "'" + field + "' must be one character");
  }
  return engine::SqlLiteral(value);
}

std::string PathList(const std::vector<std::string>& paths) {
  std::string out = "[";
  for (size_t i = 0; i < paths.size(); ++i) {
    out += (i > 0 ? ", " : "") + engine::SqlLiteral(paths[i]);
  }
  return out + "]";
}

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// A Spark/SQL type name as the DuckDB type it reads as; nullopt when not allowed.
std::optional<std::string> DuckDbType(std::string_view spelled) {
  const std::string type = Upper(spelled);
  static const std::map<std::string, std::string> kTypes = {
      {"BOOLEAN", "BOOLEAN"},
      {"BOOL", "BOOLEAN"},
      {"TINYINT", "TINYINT"},
      {"BYTE", "TINYINT"},
      {"SMALLINT", "SMALLINT"},
      {"SHORT", "SMALLINT"},
      {"INT", "INTEGER"},
      {"INTEGER", "INTEGER"},
      {"BIGINT", "BIGINT"},
      {"LONG", "BIGINT"},
      {"FLOAT", "FLOAT"},
      {"REAL", "FLOAT"},
      {"DOUBLE", "DOUBLE"},
      {"STRING", "VARCHAR"},
      {"VARCHAR", "VARCHAR"},
      {"TEXT", "VARCHAR"},
      {"DATE", "DATE"},
      {"TIMESTAMP", "TIMESTAMP"},
      {"TIMESTAMP_NTZ", "TIMESTAMP"},
      {"BINARY", "BLOB"},
      {"BLOB", "BLOB"},
  };
  if (auto it = kTypes.find(type); it != kTypes.end()) return it->second;
  // DECIMAL(p,s) with 1 <= p <= 38, 0 <= s <= p.
  if (type.starts_with("DECIMAL(") && type.back() == ')') {
    const std::string inner = type.substr(8, type.size() - 9);
    const size_t comma = inner.find(',');
    const std::string p(Trim(std::string_view(inner).substr(0, comma)));
    const std::string s(
        comma == std::string::npos ? "0" : Trim(std::string_view(inner).substr(comma + 1)));
    const auto digits = [](const std::string& t) {
      return !t.empty() && t.size() <= 2 && std::all_of(t.begin(), t.end(), ::isdigit);
    };
    if (digits(p) && digits(s)) {
      const int precision = std::stoi(p);
      const int scale = std::stoi(s);
      if (precision >= 1 && precision <= 38 && scale <= precision) {
        return "DECIMAL(" + p + "," + s + ")";
      }
    }
  }
  return std::nullopt;
}

bool IsPlainName(std::string_view name) {
  return !name.empty() && name.size() <= 255 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

}  // namespace

std::string_view DataFormatName(DataFormat format) {
  switch (format) {
    case DataFormat::kParquet:
      return "parquet";
    case DataFormat::kCsv:
      return "csv";
    case DataFormat::kJson:
      return "json";
  }
  return "parquet";
}

Result<DataFormat> ParseDataFormat(std::string_view text) {
  const std::string name = ToLower(text);
  if (name == "parquet") return DataFormat::kParquet;
  if (name == "csv") return DataFormat::kCsv;
  if (name == "json") return DataFormat::kJson;
  if (name == "orc") {
    return Status::InvalidArgument("data_format",
                                   "'data_format' orc cannot be read here (the engine has no ORC "
                                   "reader); convert the files to Parquet");
  }
  return Status::InvalidArgument("data_format", "'data_format' must be one of parquet, csv, json");
}

std::optional<DataFormat> FormatFromExtension(std::string_view key) {
  const size_t dot = key.rfind('.');
  if (dot == std::string_view::npos || key.find('/', dot) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string ext = ToLower(key.substr(dot + 1));
  if (ext == "parquet" || ext == "pq") return DataFormat::kParquet;
  if (ext == "csv" || ext == "tsv" || ext == "txt") return DataFormat::kCsv;
  if (ext == "json" || ext == "jsonl" || ext == "ndjson") return DataFormat::kJson;
  return std::nullopt;
}

const OptionTable& FormatOptions(DataFormat format) {
  switch (format) {
    case DataFormat::kParquet:
      return ParquetOptions();
    case DataFormat::kCsv:
      return CsvOptions();
    case DataFormat::kJson:
      return JsonOptions();
  }
  return ParquetOptions();
}

Status CheckFormatOptions(DataFormat format, const std::map<std::string, std::string>& options) {
  // "header" and "HEADER" are one option: given twice, which would win is a guess.
  std::map<const OptionSpec*, std::string> seen;
  for (const auto& [key, value] : options) {
    const OptionSpec* option = FormatOptions(format).Find(key);
    if (option == nullptr) continue;
    if (auto [it, fresh] = seen.emplace(option, key); !fresh) {
      return Status::InvalidArgument("options." + key,
                                     "'options." + key + "' repeats 'options." + it->second + "'");
    }
  }
  Json map = Json::object();
  for (const auto& [key, value] : options) map[key] = value;
  TRIB_RETURN_IF_ERROR(CheckOptionMap(FormatOptions(format), "options", map));
  if (auto schema = Get(format, options, "schema")) {
    TRIB_RETURN_IF_ERROR(ColumnsFromDdl("options.schema", *schema).status());
  }
  for (const char* key : {"delimiter", "sep", "quote", "escape", "comment"}) {
    if (format != DataFormat::kCsv) break;
    if (auto value = Get(format, options, key)) {
      TRIB_RETURN_IF_ERROR(OneCharacter(key, *value).status());
    }
  }
  return Status::Ok();
}

Result<std::string> ColumnsFromDdl(std::string_view field, std::string_view ddl) {
  const std::string name(field);
  std::string out = "{";
  size_t count = 0;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i <= ddl.size(); ++i) {
    const char c = i < ddl.size() ? ddl[i] : ',';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c != ',' || depth > 0) continue;
    const std::string column(Trim(ddl.substr(start, i - start)));
    start = i + 1;
    const size_t space = column.find_first_of(" \t");
    const std::string column_name = column.substr(0, space);
    const std::string type(space == std::string::npos
                               ? std::string_view()
                               : Trim(std::string_view(column).substr(space)));
    if (!IsPlainName(column_name) || type.empty()) {
      return Status::InvalidArgument(name, "'" + name +
                                               "' must list columns as 'name TYPE, ...' with "
                                               "names of letters, digits and '_'");
    }
    const auto duck = DuckDbType(type);
    if (!duck) {
      return Status::InvalidArgument(
          name, "'" + name + "': column '" + column_name +
                    "' has an unknown type; use BOOLEAN, INT, BIGINT, DOUBLE, STRING, DATE, "
                    "TIMESTAMP, DECIMAL(p,s), BINARY and the like");
    }
    out += (count++ > 0 ? ", " : "") + engine::SqlLiteral(column_name) + ": " +
           engine::SqlLiteral(*duck);
  }
  if (count == 0) return Status::InvalidArgument(name, "'" + name + "' lists no column");
  return out + "}";
}

Result<std::string> ReaderCall(DataFormat format, const std::vector<std::string>& paths,
                               const std::map<std::string, std::string>& options,
                               bool hive_partitioning) {
  TRIB_RETURN_IF_ERROR(CheckFormatOptions(format, options));
  std::string args = PathList(paths);
  const auto flag = [&](std::string_view key) {
    auto value = Get(format, options, key);
    return value && IsTrue(*value);
  };
  const bool partitions = hive_partitioning && !flag("recursiveFileLookup");
  args += std::string(", hive_partitioning = ") + (partitions ? "true" : "false");
  if (flag("mergeSchema")) args += ", union_by_name = true";
  switch (format) {
    case DataFormat::kParquet:
      return "read_parquet(" + args + ")";
    case DataFormat::kCsv: {
      args += ", max_line_size = " + std::to_string(kMaxLineBytes);
      args += ", buffer_size = " + std::to_string(2 * kMaxLineBytes);
      if (auto v = Get(format, options, "header")) {
        args += std::string(", header = ") + (IsTrue(*v) ? "true" : "false");
      }
      // Spark's default: a detected delimiter would read a ragged file as one column.
      auto delimiter = Get(format, options, "delimiter");
      if (!delimiter) delimiter = Get(format, options, "sep");
      TRIB_ASSIGN_OR_RETURN(std::string d, OneCharacter("delimiter", delimiter.value_or(",")));
      args += ", delim = " + d;
      for (const auto& [key, arg] : std::map<std::string, std::string>{
               {"quote", "quote"}, {"escape", "escape"}, {"comment", "comment"}}) {
        if (auto v = Get(format, options, key)) {
          TRIB_ASSIGN_OR_RETURN(std::string c, OneCharacter(key, *v));
          args += ", " + arg + " = " + c;
        }
      }
      if (auto v = Get(format, options, "nullValue")) {
        args += ", nullstr = " + engine::SqlLiteral(*v);
      }
      if (auto v = Get(format, options, "skipRows"))
        args += ", skip = " + std::to_string(std::stoll(*v));
      if (auto v = Get(format, options, "encoding"))
        args += ", encoding = " + engine::SqlLiteral(ToLower(*v));
      const std::string mode = Upper(Get(format, options, "mode").value_or("FAILFAST"));
      if (mode == "PERMISSIVE") args += ", null_padding = true";
      if (mode == "DROPMALFORMED") args += ", ignore_errors = true";
      break;
    }
    case DataFormat::kJson: {
      args += flag("multiLine") ? ", format = 'auto'" : ", format = 'newline_delimited'";
      args += ", maximum_object_size = " + std::to_string(kMaxLineBytes);
      break;
    }
  }
  if (auto v = Get(format, options, "schema")) {
    TRIB_ASSIGN_OR_RETURN(std::string columns, ColumnsFromDdl("options.schema", *v));
    args += ", columns = " + columns;
  }
  if (auto v = Get(format, options, "dateFormat"))
    args += ", dateformat = " + engine::SqlLiteral(*v);
  if (auto v = Get(format, options, "timestampFormat")) {
    args += ", timestampformat = " + engine::SqlLiteral(*v);
  }
  return std::string(format == DataFormat::kCsv ? "read_csv(" : "read_json(") + args + ")";
}

}  // namespace trib::files
