#include "connectors/files/file_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "columnar/arrow_handles.h"
#include "common/random.h"
#include "connectors/files/data_format.h"
#include "engine/duckdb_engine.h"

namespace trib::files {

namespace {

namespace fs = std::filesystem;
using objectstore::ObjectStore;

constexpr int64_t kUploadChunkBytes = 8 << 20;

// Passes batches through and counts their rows.
class CountingReader final : public BatchReader {
 public:
  CountingReader(StreamHandle source, int64_t* rows) : source_(std::move(source)), rows_(rows) {}
  Status GetSchema(ArrowSchema* out) override { return reader_.GetSchema(out); }
  Status Next(ArrowArray* out) override {
    TRIB_RETURN_IF_ERROR(reader_.Next(out));
    if (out->release != nullptr) *rows_ += out->length;
    return Status::Ok();
  }

 private:
  StreamHandle source_;  // owns the stream
  StreamReader reader_{source_.get()};
  int64_t* rows_;
};

// A private working directory, removed with everything in it.
struct WorkDir {
  fs::path path;
  ~WorkDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

engine::FileFormat EngineFormat(DataFormat format) {
  switch (format) {
    case DataFormat::kParquet:
      return engine::FileFormat::kParquet;
    case DataFormat::kCsv:
      return engine::FileFormat::kCsv;
    case DataFormat::kJson:
      return engine::FileFormat::kJson;
  }
  return engine::FileFormat::kParquet;
}

std::string Extension(DataFormat format) {
  return format == DataFormat::kJson ? "jsonl" : std::string(DataFormatName(format));
}

bool LooksLikeFile(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return name.find('.') != std::string::npos;
}

// Every object below `prefix` (a directory of the source), all pages.
Result<std::vector<std::string>> KeysBelow(ObjectStore& store, const std::string& prefix) {
  std::vector<std::string> keys;
  objectstore::ListRequest request{.prefix = prefix, .recursive = true};
  while (true) {
    TRIB_ASSIGN_OR_RETURN(auto page, store.List(request));
    for (const auto& object : page.objects) keys.push_back(object.key);
    if (page.next_page_token.empty()) return keys;
    request.page_token = page.next_page_token;
  }
}

// The engine's file while it is still being written: it writes `encoded` + ".tmp-<random>"
// and renames it to `encoded` once complete (DuckDbEngine::WriteFile), in a directory of this
// write's own. -1 while it does not exist yet.
int OpenGrowing(const fs::path& encoded) {
  std::error_code ec;
  const std::string prefix = encoded.filename().string() + ".tmp-";
  for (const auto& entry : fs::directory_iterator(encoded.parent_path(), ec)) {
    if (entry.path().filename().string().starts_with(prefix)) {
      return ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    }
  }
  return ::open(encoded.c_str(), O_RDONLY | O_CLOEXEC);  // already complete
}

// Encodes `rows` into `encoded` on a thread of its own while this one uploads what is written
// so far: the engine only appends to its file (row groups, then the footer), so the bytes
// below the file's size are final and go out as they come, in parts, while the rest encodes.
Status EncodeAndUpload(engine::DuckDbEngine& engine, ArrowArrayStream* rows, DataFormat format,
                       const fs::path& encoded, ObjectStore& store, const std::string& key,
                       bool overwrite, const std::shared_ptr<CancelToken>& cancel) {
  auto opened = store.Write(key, {.overwrite = overwrite});
  if (!opened.ok()) {
    rows->release(rows);  // the engine would have; it never gets them now
    return opened.status();
  }
  std::unique_ptr<objectstore::ObjectWriter> writer = std::move(opened).value();
  // The encoder stops for the caller's cancel and for a failed upload alike.
  auto stop = std::make_shared<CancelToken>();
  std::atomic<bool> finished{false};
  Status encoded_status;
  std::thread encoder([&] {
    engine::WriteFileOptions options;
    options.cancel = stop;
    encoded_status = engine.WriteFile(rows, encoded.string(), EngineFormat(format), options);
    finished.store(true, std::memory_order_release);
  });
  const auto upload = [&]() -> Status {
    objectstore::LocalFile file;
    std::string chunk(kUploadChunkBytes, '\0');
    int64_t sent = 0;
    while (true) {
      if (cancel && cancel->cancelled()) {
        return Status(StatusCode::kCancelled, "the write was cancelled");
      }
      // Read before the size: once the encoder is done, the size seen next is the final one.
      const bool done = finished.load(std::memory_order_acquire);
      if (done && !encoded_status.ok()) return Status::Ok();  // answered below
      if (file.fd() < 0) file = objectstore::LocalFile(OpenGrowing(encoded));
      if (file.fd() >= 0) {
        struct stat st {};
        if (::fstat(file.fd(), &st) != 0) return Status::Internal("cannot read the encoded file");
        const int64_t size = st.st_size;
        while (size - sent >= kUploadChunkBytes || (done && sent < size)) {
          const auto want = static_cast<size_t>(std::min<int64_t>(kUploadChunkBytes, size - sent));
          const ssize_t n = ::pread(file.fd(), chunk.data(), want, sent);
          if (n <= 0) return Status::Internal("cannot read the encoded file");
          TRIB_RETURN_IF_ERROR(
              writer->Append(std::string_view(chunk.data(), static_cast<size_t>(n))));
          sent += n;
        }
      }
      if (done) return Status::Ok();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  };
  Status uploaded = upload();
  if (!uploaded.ok()) stop->Cancel();
  encoder.join();
  // An upload that failed stopped the encoder: its error is the cause.
  if (!uploaded.ok() || !encoded_status.ok()) {
    writer->Abort();
    return uploaded.ok() ? encoded_status : uploaded;
  }
  return writer->Commit().status();
}

}  // namespace

Result<WriteResult> WriteRows(ObjectStore& store, const std::string& base, WriteRequest& request,
                              const std::string& temp_root) {
  TRIB_ASSIGN_OR_RETURN(DataFormat format, ParseDataFormat(request.data_format));
  if (request.mode != "error" && request.mode != "overwrite" && request.mode != "append") {
    return Status::InvalidArgument("mode", "'mode' must be error, overwrite or append");
  }
  std::string path = request.path;
  const bool directory = path.empty() || path.ends_with('/') || !LooksLikeFile(path);
  while (path.ends_with('/')) path.pop_back();
  if (!path.empty()) TRIB_RETURN_IF_ERROR(objectstore::CheckObjectKey("path", path));
  if (!directory && request.mode == "append") {
    return Status::InvalidArgument(
        "mode", "'mode' append adds a file to a directory: give a directory 'path' (ending in /)");
  }
  const std::string dir_key = base + (path.empty() ? "" : path + "/");
  const std::string name =
      directory ? "part-" + RandomHex(8) + "." + Extension(format) : std::string();
  const std::string key = directory ? dir_key + name : base + path;

  // What is there already, by mode.
  std::vector<std::string> replaced;
  if (directory) {
    TRIB_ASSIGN_OR_RETURN(replaced, KeysBelow(store, dir_key));
    if (request.mode == "error" && !replaced.empty()) {
      return Status(StatusCode::kAlreadyExists,
                    "'path' already holds files; write with mode overwrite or append", "path");
    }
    if (request.mode == "append") replaced.clear();
  }

  // Only now is the body read.
  if (!request.rows) return Status::InvalidArgument("body", "the write has no rows");
  StreamHandle rows;
  TRIB_RETURN_IF_ERROR(request.rows(rows.get()));

  // Encode into a private file, then commit it through the store.
  WorkDir work;
  work.path = fs::path(temp_root) / ("write-" + RandomHex(8));
  std::error_code ec;
  fs::create_directories(work.path, ec);
  if (ec) return Status::Unavailable("cannot create a write's working directory");
  fs::permissions(work.path, fs::perms::owner_all, ec);
  const fs::path encoded = work.path / ("out." + Extension(format));
  TRIB_ASSIGN_OR_RETURN(auto engine, engine::DuckDbEngine::Open());
  int64_t row_count = 0;
  ArrowArrayStream counted;  // WriteFile releases it whatever happens
  ExportStream(std::make_unique<CountingReader>(std::move(rows), &row_count), &counted);
  TRIB_RETURN_IF_ERROR(EncodeAndUpload(*engine, &counted, format, encoded, store, key,
                                       request.mode == "overwrite", request.cancel));
  const auto bytes = static_cast<int64_t>(fs::file_size(encoded, ec));

  // Overwrite of a directory: the new file is visible first, then the old ones go.
  for (const std::string& old : replaced) {
    if (old == key) continue;
    Status removed = store.Delete(old);
    if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  }
  WriteResult result;
  result.path = path;
  result.files = {key.substr(base.size())};
  result.rows = row_count;
  result.bytes = bytes;
  return result;
}

}  // namespace trib::files
