#include "objectstore/gcs/gcs_writer.h"

#include <algorithm>

#include "common/json.h"
#include "objectstore/gcs/gcs_errors.h"
#include "objectstore/gcs/gcs_json.h"

namespace trib::objectstore {

namespace {

class GcsWriter final : public ObjectWriter {
 public:
  explicit GcsWriter(GcsWriteTarget target) : t_(std::move(target)) {}
  ~GcsWriter() override {
    if (state_ == State::kOpen || state_ == State::kFailed) Abort();
  }

  Status Append(std::string_view bytes) override {
    TRIB_RETURN_IF_ERROR(CheckOpen());
    const auto chunk = static_cast<size_t>(t_.chunk_bytes);
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), chunk - buffer_.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      // A full chunk goes out only once more bytes follow: the last chunk must carry the total.
      if (buffer_.size() == chunk && !bytes.empty()) TRIB_RETURN_IF_ERROR(Fail(SendChunk(false)));
    }
    return Status::Ok();
  }

  Result<ObjectInfo> Commit() override {
    TRIB_RETURN_IF_ERROR(CheckOpen());
    Status sent = SendChunk(true);
    if (!sent.ok()) return Fail(std::move(sent));
    state_ = State::kCommitted;
    session_.clear();
    buffer_.clear();
    buffer_.shrink_to_fit();
    return std::move(committed_);
  }

  void Abort() override {
    if (state_ == State::kCommitted || state_ == State::kAborted) return;
    state_ = State::kAborted;
    buffer_.clear();
    buffer_.shrink_to_fit();
    if (session_.empty()) return;
    // Best effort: GCS also drops an idle session after a week. It answers 499 on success.
    (void)t_.client->Send(What("cancel upload"),
                          {.method = "DELETE", .write = true, .session_url = session_});
    session_.clear();
  }

 private:
  enum class State { kOpen, kFailed, kCommitted, kAborted };

  std::string What(std::string_view action) const {
    return "GCS " + std::string(action) + " '" + t_.key + "'";
  }

  Status CheckOpen() const {
    if (state_ == State::kOpen) return Status::Ok();
    return Status::FailedPrecondition("the writer of '" + t_.key + "' is " +
                                      (state_ == State::kCommitted ? "committed" : "closed"));
  }

  Status Fail(Status status) {
    if (!status.ok()) state_ = State::kFailed;
    return status;
  }

  Status AlreadyExists() const {
    return Status::AlreadyExists(
        "path", "'" + t_.key + "' already exists in the GCS store and overwrite is off");
  }

  // POST ...?uploadType=resumable: GCS answers the session's URL in Location. With overwrite
  // off, ifGenerationMatch=0 makes GCS refuse (412) when the name exists, checked again when the
  // upload finishes, so there is no look-then-write race.
  Status Start() {
    GcsRequest start{
        .method = "POST", .path = t_.client->UploadPath(), .with_csek = true, .write = true};
    start.query = {{"uploadType", "resumable"}, {"name", t_.full_key}};
    if (!t_.options.overwrite) start.query.emplace_back("ifGenerationMatch", "0");
    const std::string metadata =
        Json{{"name", t_.full_key}, {"contentType", t_.options.content_type}}.dump();
    start.headers = {{"Content-Type", "application/json; charset=UTF-8"},
                     {"X-Upload-Content-Type", t_.options.content_type}};
    start.body = metadata;
    TRIB_ASSIGN_OR_RETURN(GcsResponse answer, t_.client->Send(What("start upload"), start));
    if (answer.status == 412) return AlreadyExists();
    if (!answer.ok()) {
      return GcsErrorStatus(What("start upload"), answer, GcsTarget::kObject, t_.credential_field);
    }
    session_ = answer.Header("location");
    if (session_.empty()) {
      return Status::Unavailable(What("start upload") + " failed: GCS sent no session URL");
    }
    return Status::Ok();
  }

  // One chunk at offset sent_: "bytes a-b/*" while more follows (GCS answers 308 with the
  // range it holds), "bytes a-b/total" (or "bytes */total" when nothing is left) at the end.
  Status SendChunk(bool last) {
    if (session_.empty()) TRIB_RETURN_IF_ERROR(Start());
    const int64_t size = static_cast<int64_t>(buffer_.size());
    const int64_t total = sent_ + size;
    std::string range =
        size == 0 ? "bytes */"
                  : "bytes " + std::to_string(sent_) + "-" + std::to_string(total - 1) + "/";
    range += last ? std::to_string(total) : "*";
    GcsRequest put{.method = "PUT",
                   .headers = {{"Content-Range", range}},
                   .body = buffer_,
                   .with_csek = true,
                   .write = true,
                   .session_url = session_};
    const std::string what = What(last ? "finish upload" : "upload chunk");
    TRIB_ASSIGN_OR_RETURN(GcsResponse answer, t_.client->Send(what, put));
    if (answer.status == 412) return AlreadyExists();
    if (!last) {
      if (answer.status != 308) {
        if (answer.ok())
          return Status::Unavailable(what + " failed: GCS finished the upload early");
        return GcsErrorStatus(what, answer, GcsTarget::kObject, t_.credential_field);
      }
      // "Range: bytes=0-<last byte held>": every byte sent must be held before going on.
      if (answer.Header("range") != "bytes=0-" + std::to_string(total - 1)) {
        return Status::Unavailable(what + " failed: GCS holds fewer bytes than were sent");
      }
      sent_ = total;
      buffer_.clear();
      return Status::Ok();
    }
    if (!answer.ok()) return GcsErrorStatus(what, answer, GcsTarget::kObject, t_.credential_field);
    Result<ObjectInfo> info = ParseGcsObjectText(answer.body, t_.root);
    // The object is there now; should its resource be unreadable, what is known still holds.
    committed_ = info.ok() ? std::move(info).value()
                           : ObjectInfo{.key = t_.key, .size = total, .modified_ms = 0, .etag = ""};
    return Status::Ok();
  }

  GcsWriteTarget t_;
  State state_ = State::kOpen;
  std::string buffer_;   // at most one chunk
  std::string session_;  // the resumable session's URL; "" before Start and once done
  int64_t sent_ = 0;     // bytes GCS holds
  ObjectInfo committed_;
};

}  // namespace

std::unique_ptr<ObjectWriter> MakeGcsWriter(GcsWriteTarget target) {
  return std::make_unique<GcsWriter>(std::move(target));
}

}  // namespace trib::objectstore
