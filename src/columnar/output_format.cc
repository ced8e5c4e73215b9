#include "columnar/output_format.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

namespace trib {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct MediaType {
  const char* type;
  OutputFormat format;
};

constexpr MediaType kMediaTypes[] = {
    {"application/vnd.apache.arrow.stream", OutputFormat::kArrow},
    {"application/vnd.apache.parquet", OutputFormat::kParquet},
    {"application/x-parquet", OutputFormat::kParquet},
    {"text/csv", OutputFormat::kCsv},
    {"application/x-ndjson", OutputFormat::kJsonl},
    {"application/jsonl", OutputFormat::kJsonl},
    {"application/x-jsonlines", OutputFormat::kJsonl},
};

constexpr const char* kSupportedTypes =
    "application/vnd.apache.arrow.stream, application/vnd.apache.parquet, text/csv, "
    "application/x-ndjson";

std::optional<OutputFormat> FromMediaType(std::string_view lowered) {
  for (const MediaType& m : kMediaTypes) {
    if (lowered == m.type) return m.format;
  }
  return std::nullopt;
}

// Splits "type/subtype; a=b; q=0.5" into the lowered type and its q-value (1 when absent,
// -1 when unreadable).
std::string ParseRange(std::string_view range, double* q) {
  *q = 1.0;
  const size_t semi = range.find(';');
  const std::string type = Lower(Trim(range.substr(0, semi)));
  std::string_view params = semi == std::string_view::npos ? "" : range.substr(semi + 1);
  while (!params.empty()) {
    const size_t next = params.find(';');
    const std::string_view param = Trim(params.substr(0, next));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string value(param.substr(2));
      char* end = nullptr;
      *q = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size() || *q < 0 || *q > 1) *q = -1;
    }
    if (next == std::string_view::npos) break;
    params.remove_prefix(next + 1);
  }
  return type;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name, std::string_view field) {
  const std::string n = Lower(Trim(name));
  if (n == "arrow") return OutputFormat::kArrow;
  if (n == "parquet") return OutputFormat::kParquet;
  if (n == "csv") return OutputFormat::kCsv;
  if (n == "jsonl" || n == "json" || n == "ndjson") return OutputFormat::kJsonl;
  return Status::InvalidArgument(std::string(field), "unknown output format '" + std::string(name) +
                                                         "'; use arrow, parquet, csv or jsonl");
}

Result<OutputFormat> OutputFormatFromAccept(std::string_view accept, OutputFormat fallback,
                                            std::string_view field) {
  if (Trim(accept).empty()) return fallback;
  std::optional<OutputFormat> best;
  double best_q = 0;
  bool wildcard = false;
  double wildcard_q = 0;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    const std::string_view range = accept.substr(0, comma);
    double q = 0;
    const std::string type = ParseRange(range, &q);
    if (q < 0) {
      return Status::InvalidArgument(std::string(field),
                                     "bad q-value in '" + std::string(Trim(range)) + "'");
    }
    if (q > 0) {
      if (const auto format = FromMediaType(type)) {
        if (!best || q > best_q) {
          best = format;
          best_q = q;
        }
      } else if (type == "*/*" || type == "application/*") {
        if (!wildcard || q > wildcard_q) wildcard_q = q;
        wildcard = true;
      }
    }
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  if (best && (!wildcard || best_q >= wildcard_q)) return *best;
  if (wildcard) return fallback;
  return Status::InvalidArgument(std::string(field),
                                 "none of the accepted types can be produced; "
                                 "supported: " +
                                     std::string(kSupportedTypes));
}

Result<OutputFormat> OutputFormatFromContentType(std::string_view content_type,
                                                 std::string_view field) {
  double q = 0;
  const std::string type = ParseRange(content_type, &q);
  if (const auto format = FromMediaType(type)) return *format;
  return Status::InvalidArgument(std::string(field), "unsupported content type '" +
                                                         std::string(Trim(content_type)) +
                                                         "'; supported: " + kSupportedTypes);
}

Result<OutputFormat> OutputFormatFromPath(std::string_view path, std::string_view field) {
  const size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  const std::string ext = dot == std::string_view::npos ? "" : Lower(name.substr(dot));
  if (ext == ".arrow" || ext == ".arrows") return OutputFormat::kArrow;
  if (ext == ".parquet" || ext == ".pq") return OutputFormat::kParquet;
  if (ext == ".csv") return OutputFormat::kCsv;
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return OutputFormat::kJsonl;
  return Status::InvalidArgument(std::string(field),
                                 "cannot tell the output format from '" + std::string(name) +
                                     "'; use a .arrow, .parquet, .csv or .jsonl file name");
}

std::string_view FormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kArrow:
      return "arrow";
    case OutputFormat::kParquet:
      return "parquet";
    case OutputFormat::kCsv:
      return "csv";
    case OutputFormat::kJsonl:
      return "jsonl";
  }
  return "arrow";
}

std::string_view ContentType(OutputFormat format) {
  switch (format) {
    case OutputFormat::kArrow:
      return "application/vnd.apache.arrow.stream";
    case OutputFormat::kParquet:
      return "application/vnd.apache.parquet";
    case OutputFormat::kCsv:
      return "text/csv; charset=utf-8";
    case OutputFormat::kJsonl:
      return "application/x-ndjson";
  }
  return "application/octet-stream";
}

std::string_view FileExtension(OutputFormat format) {
  switch (format) {
    case OutputFormat::kArrow:
      return ".arrow";
    case OutputFormat::kParquet:
      return ".parquet";
    case OutputFormat::kCsv:
      return ".csv";
    case OutputFormat::kJsonl:
      return ".jsonl";
  }
  return "";
}

}  // namespace trib
