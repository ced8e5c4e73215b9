#include "server/read_output.h"

#include <cstdio>
#include <filesystem>

#include "columnar/csv_writer.h"
#include "columnar/ipc_writer.h"
#include "columnar/jsonl_writer.h"
#include "common/random.h"
#include "engine/duckdb_engine.h"
#include "server/prefetching_stream.h"

namespace trib {

namespace {

// How long the handler waits for the first batch before it commits to a 200 answer.
constexpr std::chrono::milliseconds kFirstBatchWait{2000};

// Parquet needs the whole file (its footer) before the first byte can go: DuckDB writes it to
// a temp file, which is then sent and removed.
Status SendParquet(ArrowArrayStream* stream, const std::string& temp_dir, const ByteSink& sink) {
  const std::string path = temp_dir + "/read-" + RandomHex() + ".parquet";
  struct Remove {
    std::string path;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } cleanup{path};
  TRIB_ASSIGN_OR_RETURN(auto engine, engine::DuckDbEngine::Open());
  TRIB_RETURN_IF_ERROR(engine->WriteFile(stream, path, engine::FileFormat::kParquet));
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::Internal("the Parquet file vanished before it was sent");
  std::vector<char> chunk(1 << 20);
  Status status;
  while (status.ok()) {
    const size_t n = std::fread(chunk.data(), 1, chunk.size(), file);
    if (n == 0) break;
    status = sink(chunk.data(), n);
  }
  std::fclose(file);
  return status;
}

}  // namespace

Result<OutputFormat> ChooseOutputFormat(const std::optional<std::string>& format,
                                        const std::string& accept) {
  if (format) return ParseOutputFormat(*format, "format");
  return OutputFormatFromAccept(accept, OutputFormat::kArrow);
}

Result<std::shared_ptr<StreamBody>> PrepareReadBody(std::unique_ptr<BatchReader> reader,
                                                    OutputFormat format,
                                                    std::shared_ptr<CancelToken> cancel,
                                                    std::string temp_dir) {
  auto prefetch = std::make_shared<PrefetchingStream>(std::move(reader), cancel);
  TRIB_RETURN_IF_ERROR(prefetch->WaitFirst(kFirstBatchWait));
  auto body = std::make_shared<StreamBody>();
  body->content_type = std::string(ContentType(format));
  body->produce = [prefetch, format, temp_dir](
                      const std::function<bool(const char*, size_t)>& write,
                      const std::function<bool()>& client_alive) -> Status {
    prefetch->SetClientAlive(client_alive);
    ArrowArrayStream stream;
    prefetch->Export(&stream);
    const ByteSink sink = [&write](const void* data, size_t size) {
      if (!write(static_cast<const char*>(data), size)) {
        return Status::Cancelled("the client went away");
      }
      return Status::Ok();
    };
    Status status;
    switch (format) {
      case OutputFormat::kArrow:
        status = WriteIpcStream(&stream, sink);
        break;
      case OutputFormat::kCsv:
        status = WriteCsvStream(&stream, sink);
        break;
      case OutputFormat::kJsonl:
        status = WriteJsonlStream(&stream, sink);
        break;
      case OutputFormat::kParquet:
        status = SendParquet(&stream, temp_dir, sink);
        break;
    }
    if (stream.release != nullptr) stream.release(&stream);
    return status;
  };
  return body;
}

}  // namespace trib
