#include "engine/duckdb_status.h"

#include <utility>

namespace trib::engine {

Status StatusFromDuckDb(duckdb_error_type type, std::string_view message, std::string field) {
  std::string text(message.empty() ? std::string_view("DuckDB reported an error") : message);
  switch (type) {
    case DUCKDB_ERROR_INTERRUPT:
      return Status::Cancelled("the DuckDB query was interrupted");
    case DUCKDB_ERROR_IO:
    case DUCKDB_ERROR_NETWORK:
    case DUCKDB_ERROR_HTTP:
    case DUCKDB_ERROR_CONNECTION:
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      return Status(StatusCode::kUnavailable, std::move(text), std::move(field));
    case DUCKDB_ERROR_PERMISSION:
      return Status(StatusCode::kPermissionDenied, std::move(text), std::move(field));
    case DUCKDB_ERROR_FATAL:
    case DUCKDB_ERROR_INTERNAL:
      return Status(StatusCode::kInternal, std::move(text), std::move(field));
    default:
      // Parser, binder, catalog, conversion, constraint, ...: the statement itself is wrong.
      return Status::InvalidArgument(std::move(field), std::move(text));
  }
}

Status StatusFromDuckDbMessage(const char* message, std::string field, std::string_view fallback) {
  if (message == nullptr) return Status::InvalidArgument(std::move(field), std::string(fallback));
  static const std::pair<std::string_view, duckdb_error_type> kPrefixes[] = {
      {"Permission Error: ", DUCKDB_ERROR_PERMISSION},
      {"IO Error: ", DUCKDB_ERROR_IO},
      {"Out of Memory Error: ", DUCKDB_ERROR_OUT_OF_MEMORY},
      {"INTERRUPT Error: ", DUCKDB_ERROR_INTERRUPT},
      {"INTERNAL Error: ", DUCKDB_ERROR_INTERNAL},
      {"FATAL Error: ", DUCKDB_ERROR_FATAL},
  };
  const std::string_view text(message);
  for (const auto& [prefix, type] : kPrefixes) {
    if (text.rfind(prefix, 0) == 0) return StatusFromDuckDb(type, text, std::move(field));
  }
  return Status::InvalidArgument(std::move(field), std::string(text));
}

}  // namespace trib::engine
