#include "connectors/files/file_reader.h"

#include <sys/resource.h>

#include <algorithm>

#include "connectors/files/read_view.h"
#include "connectors/files/spool.h"
#include "engine/duckdb_database.h"
#include "engine/duckdb_query_reader.h"

namespace trib::files {

namespace {

using objectstore::LocalFile;
using objectstore::ObjectStore;

// DuckDB names the files it reads (the read's private directory: a host path), quotes the
// statement under "LINE 1:" and suggests its own options; callers get the files' own names and
// tributary's options instead.
Status Clean(Status status, const ReadView& view) {
  if (status.ok()) return status;
  std::string message = status.message();
  if (const size_t line = message.find("\nLINE "); line != std::string::npos) message.resize(line);
  if (const size_t fixes = message.find("\nPossible fixes"); fixes != std::string::npos) {
    message.resize(fixes);
  }
  message = view.Describe(std::move(message));
  if (message.find("Error when sniffing file") != std::string::npos) {
    const size_t open = message.find('"');
    const size_t close = open == std::string::npos ? open : message.find('"', open + 1);
    const std::string file = close == std::string::npos
                                 ? "a file"
                                 : "'" + message.substr(open + 1, close - open - 1) + "'";
    message = "cannot read " + file +
              " as CSV: its rows do not agree on one layout (a row with too few or too many "
              "values?); set options.mode PERMISSIVE to pad short rows with NULLs or "
              "DROPMALFORMED to skip them, or give options.delimiter, quote and escape";
  }
  return Status(status.code(), message, status.field());
}

// Errors raised while batches stream (a CSV line, a corrupt page) are cleaned the same way.
class CleaningReader final : public BatchReader {
 public:
  CleaningReader(std::unique_ptr<BatchReader> reader, std::shared_ptr<const ReadView> view)
      : view_(std::move(view)), reader_(std::move(reader)) {}
  Status GetSchema(ArrowSchema* out) override { return Clean(reader_->GetSchema(out), *view_); }
  Status Next(ArrowArray* out) override { return Clean(reader_->Next(out), *view_); }

 private:
  std::shared_ptr<const ReadView> view_;  // declared first: it outlives the reader
  std::unique_ptr<BatchReader> reader_;
};

std::string SelectList(const std::vector<std::string>& columns) {
  if (columns.empty()) return "*";
  std::string out;
  for (const std::string& column : columns) {
    out += (out.empty() ? "" : ", ") + engine::SqlIdentifier(column);
  }
  return out;
}

}  // namespace

namespace {

size_t OpenFilesPerRead() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return kMaxSelectedFiles;
  }
  return std::clamp<size_t>(limit.rlim_cur / 4, 16, kMaxSelectedFiles);
}

}  // namespace

Result<DataFormat> ResolveFormat(const FileRead& request, const Selection& selection) {
  if (!request.data_format.empty()) return ParseDataFormat(request.data_format);
  std::optional<DataFormat> found;
  for (const SelectedFile& file : selection.files) {
    const auto format = FormatFromExtension(file.object.key);
    if (!format || (found && *found != *format)) {
      return Status::InvalidArgument(
          "data_format",
          "give 'data_format' (parquet, csv or json): the files' names do not "
          "tell one format");
    }
    found = format;
  }
  return *found;
}

Result<std::unique_ptr<BatchReader>> ReadSelection(ObjectStore& store, const Selection& selection,
                                                   const FileRead& request,
                                                   std::optional<int64_t> limit,
                                                   const FileReadContext& context) {
  TRIB_ASSIGN_OR_RETURN(DataFormat format, ResolveFormat(request, selection));
  TRIB_RETURN_IF_ERROR(CheckFormatOptions(format, request.options));
  for (const std::string& column : request.columns) {
    if (column.size() > 255 || column.find('\0') != std::string::npos) {
      return Status::InvalidArgument("columns", "'columns' holds a name that is too long");
    }
  }
  // Each file is held open while the read runs: a read may take a share of the descriptors.
  if (selection.files.size() > OpenFilesPerRead()) {
    return Status::InvalidArgument(
        "path", "'path' covers " + std::to_string(selection.files.size()) +
                    " files; a read may cover " + std::to_string(OpenFilesPerRead()) +
                    " here: read a narrower directory or glob");
  }
  TRIB_ASSIGN_OR_RETURN(auto view, ReadView::Create(context.temp_root));
  std::vector<LocalFile> locals;
  if (store.quirks().local_files) {
    for (const SelectedFile& file : selection.files) {
      TRIB_ASSIGN_OR_RETURN(locals.emplace_back(), store.OpenLocal(file.object.key));
    }
  } else {
    // Remote bytes are copied beside the view first, all of them within the cap. Only the
    // listed bytes are asked for (and the listed version, by etag): an object replaced since
    // the listing fails the read rather than overrun the cap or mix versions.
    std::vector<objectstore::ObjectInfo> objects;
    int64_t total = 0;
    for (const SelectedFile& file : selection.files) {
      objects.push_back(file.object);
      total += file.object.size;
    }
    if (total > context.spool_limit_bytes) {
      return Status(StatusCode::kPayloadTooLarge,
                    "the read needs more local spool space than the server allows "
                    "(setting file_spool_limit_mb); read fewer or smaller files",
                    "path");
    }
    TRIB_ASSIGN_OR_RETURN(locals, SpoolObjects(store, objects,
                                               {.path_prefix = view->dir() + ".spool-",
                                                .connections = context.spool_connections,
                                                .cancel = context.cancel}));
  }
  for (size_t i = 0; i < selection.files.size(); ++i) {
    TRIB_RETURN_IF_ERROR(view->Add(selection.files[i].relative, std::move(locals[i])).status());
  }
  TRIB_ASSIGN_OR_RETURN(std::string reader,
                        ReaderCall(format, view->paths(), request.options, true));

  // A private engine: it may read the view's directory, nothing else, and cannot be unlocked.
  TRIB_ASSIGN_OR_RETURN(
      auto db, engine::DuckDbDatabase::Open("", {{"autoinstall_known_extensions", "false"},
                                                 {"autoload_known_extensions", "false"},
                                                 {"memory_limit", "512MB"},
                                                 {"threads", "2"},
                                                 {"temp_directory", view->dir() + ".spill"},
                                                 {"max_temp_directory_size", "1GB"}}));
  TRIB_ASSIGN_OR_RETURN(auto conn, engine::DuckDbConnection::Open(db));
  TRIB_RETURN_IF_ERROR(
      Clean(conn->Execute("SET allowed_directories = [" + engine::SqlLiteral(view->dir()) +
                              "]; SET enable_external_access = false; "
                              "SET lock_configuration = true",
                          "path"),
            *view));
  std::string sql = "SELECT " + SelectList(request.columns) + " FROM " + reader;
  if (limit) sql += " LIMIT " + std::to_string(*limit);
  engine::QueryControl control;
  control.timeout_ms = context.statement_timeout_ms;
  control.cancel = context.cancel;
  control.select_only = true;
  auto rows = engine::StreamQuery(conn, sql, control, "path");
  if (!rows.ok()) return Clean(rows.status(), *view);
  return std::unique_ptr<BatchReader>(std::make_unique<CleaningReader>(
      std::move(rows).value(), std::shared_ptr<const ReadView>(std::move(view))));
}

}  // namespace trib::files
