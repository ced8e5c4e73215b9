#include "connectors/files/file_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include "connectors/files/read_view.h"
#include "engine/duckdb_database.h"
#include "engine/duckdb_query_reader.h"

namespace trib::files {

namespace {

using objectstore::LocalFile;
using objectstore::ObjectStore;

constexpr int64_t kSpoolChunkBytes = 8 << 20;

// Copies a remote object into a new file of the view; the spool counts against `budget`.
Result<LocalFile> Spool(ObjectStore& store, const SelectedFile& file, const ReadView& view,
                        int64_t& budget, const std::shared_ptr<CancelToken>& cancel) {
  if (file.object.size > budget) {
    return Status(StatusCode::kPayloadTooLarge,
                  "the read needs more local spool space than the server allows "
                  "(setting file_spool_limit_mb); read fewer or smaller files",
                  "path");
  }
  const std::string spool = view.dir() + ".spool-" + std::to_string(budget);
  const int fd = ::open(spool.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return Status::Unavailable("cannot create a spool file for '" + file.object.key + "'");
  ::unlink(spool.c_str());  // lives on as the descriptor only
  LocalFile local(fd);
  for (int64_t offset = 0; offset < file.object.size; offset += kSpoolChunkBytes) {
    if (cancel && cancel->cancelled())
      return Status(StatusCode::kCancelled, "the read was cancelled");
    TRIB_ASSIGN_OR_RETURN(std::string bytes,
                          store.ReadRange(file.object.key, offset, kSpoolChunkBytes));
    if (bytes.empty()) break;
    if (::pwrite(fd, bytes.data(), bytes.size(), offset) != static_cast<ssize_t>(bytes.size())) {
      return Status::Unavailable("cannot write the spool of '" + file.object.key + "'");
    }
  }
  budget -= file.object.size;
  return local;
}

std::string SelectList(const std::vector<std::string>& columns) {
  if (columns.empty()) return "*";
  std::string out;
  for (const std::string& column : columns) {
    out += (out.empty() ? "" : ", ") + engine::SqlIdentifier(column);
  }
  return out;
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
  TRIB_ASSIGN_OR_RETURN(auto view, ReadView::Create(context.temp_root));
  int64_t budget = context.spool_limit_bytes;
  for (const SelectedFile& file : selection.files) {
    LocalFile local;
    if (store.quirks().local_files) {
      TRIB_ASSIGN_OR_RETURN(local, store.OpenLocal(file.object.key));
    } else {
      TRIB_ASSIGN_OR_RETURN(local, Spool(store, file, *view, budget, context.cancel));
    }
    TRIB_RETURN_IF_ERROR(view->Add(file.relative, std::move(local)).status());
  }
  TRIB_ASSIGN_OR_RETURN(std::string reader,
                        ReaderCall(format, view->paths(), request.options, true));

  // A private engine: it may read the view's directory, nothing else, and cannot be unlocked.
  TRIB_ASSIGN_OR_RETURN(auto db,
                        engine::DuckDbDatabase::Open("", {{"autoinstall_known_extensions", "false"},
                                                          {"autoload_known_extensions", "false"},
                                                          {"memory_limit", "512MB"},
                                                          {"threads", "2"}}));
  TRIB_ASSIGN_OR_RETURN(auto conn, engine::DuckDbConnection::Open(db));
  TRIB_RETURN_IF_ERROR(conn->Execute("SET allowed_directories = [" +
                                         engine::SqlLiteral(view->dir()) +
                                         "]; SET enable_external_access = false; "
                                         "SET lock_configuration = true",
                                     "path"));
  std::string sql = "SELECT " + SelectList(request.columns) + " FROM " + reader;
  if (limit) sql += " LIMIT " + std::to_string(*limit);
  engine::QueryControl control;
  control.timeout_ms = context.statement_timeout_ms;
  control.cancel = context.cancel;
  control.select_only = true;
  TRIB_ASSIGN_OR_RETURN(auto rows, engine::StreamQuery(conn, sql, control, "path"));
  return KeepAlive(std::move(rows), std::shared_ptr<ReadView>(std::move(view)));
}

}  // namespace trib::files
