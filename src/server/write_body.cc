#include "server/write_body.h"

#include <filesystem>
#include <fstream>

#include "columnar/ipc_reader.h"
#include "common/random.h"
#include "common/strings.h"
#include "engine/duckdb_engine.h"

namespace trib {

namespace {

namespace fs = std::filesystem;

// A file removed when the last reader of it is gone.
struct TempFile {
  fs::path path;
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

std::string MediaType(const std::string& content_type) {
  const std::string lower = ToLower(content_type);
  return std::string(Trim(std::string_view(lower).substr(0, lower.find(';'))));
}

}  // namespace

Result<WriteBody> DecodeWriteBody(const std::string& content_type, const std::string& body,
                                  const std::string& temp_dir) {
  const std::string type = MediaType(content_type);
  WriteBody out;
  if (type == "application/vnd.apache.arrow.stream") {
    TRIB_RETURN_IF_ERROR(ReadIpcStream(MemorySource(body), out.rows.get()));
    return out;
  }
  engine::FileFormat format;
  if (type == "application/vnd.apache.parquet") {
    format = engine::FileFormat::kParquet;
  } else if (type == "text/csv") {
    format = engine::FileFormat::kCsv;
  } else {
    return Status::InvalidArgument("Content-Type",
                                   "the rows must come as application/vnd.apache.arrow.stream, "
                                   "application/vnd.apache.parquet or text/csv");
  }
  auto file = std::make_shared<TempFile>();
  file->path = fs::path(temp_dir) / ("upload-" + RandomHex(8));
  {
    std::ofstream stream(file->path, std::ios::binary);
    stream.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!stream) return Status::Unavailable("cannot keep the uploaded rows in the temp directory");
  }
  TRIB_ASSIGN_OR_RETURN(auto engine, engine::DuckDbEngine::Open());
  auto reader = engine->OpenFile(file->path.string(), format);
  if (!reader.ok()) {
    const Status hidden = HideTempPaths(reader.status(), temp_dir);
    return Status::InvalidArgument("body", "the body is not a readable " +
                                               std::string(engine::FileFormatName(format)) +
                                               " file: " + hidden.message());
  }
  ExportStream(std::move(reader).value(), out.rows.get());
  out.keep = file;
  return out;
}

Status HideTempPaths(Status status, const std::string& temp_dir) {
  if (status.ok() || temp_dir.empty()) return status;
  std::string message = status.message();
  if (const size_t line = message.find("\nLINE "); line != std::string::npos) message.resize(line);
  for (size_t at = message.find(temp_dir); at != std::string::npos; at = message.find(temp_dir)) {
    size_t end = at + temp_dir.size();
    while (end < message.size() && message[end] != '\'' && message[end] != '"' &&
           message[end] != ' ' && message[end] != '\n') {
      ++end;
    }
    message.replace(at, end - at, "the uploaded rows");
  }
  return Status(status.code(), message, status.field());
}

}  // namespace trib
