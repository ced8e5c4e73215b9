#include "columnar/batch_reader.h"

#include <cerrno>
#include <string>

namespace trib {

int ErrnoFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
      return EINVAL;
    case StatusCode::kDeadlineExceeded:
      return ETIMEDOUT;
    case StatusCode::kCancelled:
      return ECANCELED;
    case StatusCode::kUpstreamRejected:
      return EACCES;
    case StatusCode::kUnavailable:
      return EHOSTUNREACH;
    case StatusCode::kPayloadTooLarge:
      return EFBIG;
    default:
      return EIO;
  }
}

StatusCode StatusCodeForErrno(int code) {
  switch (code) {
    case EINVAL:
      return StatusCode::kInvalidArgument;
    case ETIMEDOUT:
      return StatusCode::kDeadlineExceeded;
    case ECANCELED:
      return StatusCode::kCancelled;
    case EACCES:
      return StatusCode::kUpstreamRejected;
    case EHOSTUNREACH:
      return StatusCode::kUnavailable;
    case EFBIG:
      return StatusCode::kPayloadTooLarge;
    default:
      return StatusCode::kInternal;
  }
}

namespace {

struct StreamState {
  std::unique_ptr<BatchReader> reader;
  std::string last_error;
};

StreamState* State(ArrowArrayStream* s) { return static_cast<StreamState*>(s->private_data); }

int Report(StreamState* state, const Status& status) {
  if (status.ok()) return 0;
  state->last_error = status.message();
  return ErrnoFor(status.code());
}

int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
  out->release = nullptr;
  return Report(State(s), State(s)->reader->GetSchema(out));
}

int GetNext(ArrowArrayStream* s, ArrowArray* out) {
  out->release = nullptr;
  return Report(State(s), State(s)->reader->Next(out));
}

const char* LastError(ArrowArrayStream* s) {
  return State(s)->last_error.empty() ? nullptr : State(s)->last_error.c_str();
}

void Release(ArrowArrayStream* s) {
  if (s == nullptr || s->release == nullptr) return;
  delete State(s);
  s->release = nullptr;
}

}  // namespace

void ExportStream(std::unique_ptr<BatchReader> reader, ArrowArrayStream* out) {
  out->get_schema = GetSchema;
  out->get_next = GetNext;
  out->get_last_error = LastError;
  out->release = Release;
  out->private_data = new StreamState{std::move(reader), {}};
}

Status StreamReader::Error(int code, const char* what) {
  const char* detail = stream_->get_last_error(stream_);
  return Status(StatusCodeForErrno(code),
                detail != nullptr ? std::string(detail) : std::string(what) + " failed");
}

Status StreamReader::GetSchema(ArrowSchema* out) {
  const int code = stream_->get_schema(stream_, out);
  return code == 0 ? Status::Ok() : Error(code, "reading the schema");
}

Status StreamReader::Next(ArrowArray* out) {
  const int code = stream_->get_next(stream_, out);
  return code == 0 ? Status::Ok() : Error(code, "reading a batch");
}

namespace {

class KeepAliveReader final : public BatchReader {
 public:
  KeepAliveReader(std::unique_ptr<BatchReader> reader, std::shared_ptr<void> resource)
      : resource_(std::move(resource)), reader_(std::move(reader)) {}
  Status GetSchema(ArrowSchema* out) override { return reader_->GetSchema(out); }
  Status Next(ArrowArray* out) override { return reader_->Next(out); }

 private:
  std::shared_ptr<void> resource_;  // declared first: destroyed after the reader
  std::unique_ptr<BatchReader> reader_;
};

}  // namespace

std::unique_ptr<BatchReader> KeepAlive(std::unique_ptr<BatchReader> reader,
                                       std::shared_ptr<void> resource) {
  return std::make_unique<KeepAliveReader>(std::move(reader), std::move(resource));
}

}  // namespace trib
