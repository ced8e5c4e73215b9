#include "objectstore/s3/s3_writer.h"

#include <algorithm>
#include <deque>
#include <thread>

#include "objectstore/s3/s3_errors.h"
#include "objectstore/s3/s3_head.h"
#include "objectstore/s3/s3_xml.h"

namespace trib::objectstore {

namespace {

// Parts uploading at once: a write keeps several connections busy (S3 serves each at a bounded
// pace), and holds at most this many parts plus the one filling in memory.
constexpr size_t kPartsInFlight = 4;

class S3Writer final : public ObjectWriter {
 public:
  explicit S3Writer(S3WriteTarget target) : t_(std::move(target)) {}
  ~S3Writer() override {
    if (state_ == State::kOpen || state_ == State::kFailed) Abort();
    (void)WaitForParts();  // none left running, whatever the state
  }

  Status Append(std::string_view bytes) override {
    TRIB_RETURN_IF_ERROR(CheckOpen());
    written_ += static_cast<int64_t>(bytes.size());
    const auto part = static_cast<size_t>(t_.part_bytes);
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), part - buffer_.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      // A full part goes out only once more bytes follow: the last part may be the only one,
      // and then one PUT does.
      if (buffer_.size() == part && !bytes.empty()) TRIB_RETURN_IF_ERROR(Fail(FlushPart()));
    }
    return Status::Ok();
  }

  Result<ObjectInfo> Commit() override {
    TRIB_RETURN_IF_ERROR(CheckOpen());
    if (upload_id_.empty()) {
      Status put = PutWhole();
      if (!put.ok()) return Fail(std::move(put));
    } else {
      if (!buffer_.empty()) TRIB_RETURN_IF_ERROR(Fail(FlushPart()));
      TRIB_RETURN_IF_ERROR(Fail(WaitForParts()));
      Status complete = Complete();
      if (!complete.ok()) return Fail(std::move(complete));
    }
    state_ = State::kCommitted;
    buffer_.clear();
    buffer_.shrink_to_fit();
    // The object is there now; should asking for its details fail, what is known still holds.
    Result<ObjectInfo> info = HeadS3Object(*t_.client, t_.full_key, t_.key);
    if (info.ok()) return info;
    return ObjectInfo{
        .key = t_.key, .size = written_, .modified_ms = t_.client->settings().now_ms(), .etag = ""};
  }

  void Abort() override {
    if (state_ == State::kCommitted || state_ == State::kAborted) return;
    state_ = State::kAborted;
    buffer_.clear();
    buffer_.shrink_to_fit();
    (void)WaitForParts();  // a part finishing after the abort would start the upload anew
    if (upload_id_.empty()) return;
    // Best effort: a part left behind would be billed until a lifecycle rule removes it.
    (void)t_.client->Send(
        What("AbortMultipartUpload"),
        {.method = "DELETE", .key = t_.full_key, .query = {{"uploadId", upload_id_}}});
    upload_id_.clear();
  }

 private:
  enum class State { kOpen, kFailed, kCommitted, kAborted };

  std::string What(std::string_view action) const {
    return "S3 " + std::string(action) + " '" + t_.key + "'";
  }

  Status CheckOpen() const {
    if (state_ == State::kOpen) return Status::Ok();
    return Status::FailedPrecondition("the writer of '" + t_.key + "' is " +
                                      (state_ == State::kCommitted ? "committed" : "closed"));
  }

  // A failed writer takes no more bytes; its upload is aborted by Abort or the destructor.
  Status Fail(Status status) {
    if (!status.ok()) state_ = State::kFailed;
    return status;
  }

  Status AlreadyExists() const {
    return Status::AlreadyExists(
        "path", "'" + t_.key + "' already exists in the S3 store and overwrite is off");
  }

  // Conditional writes: S3 refuses with 412 when the key exists by the time it commits, so no
  // HEAD-then-write race. (A retried request whose first attempt did commit is refused too.)
  void AddCondition(aws::NameValueList& headers) const {
    if (!t_.options.overwrite) headers.emplace_back("If-None-Match", "*");
  }

  Status PutWhole() {
    S3Request put{.method = "PUT", .key = t_.full_key, .body = buffer_};
    put.headers = t_.sse_headers;
    put.headers.emplace_back("Content-Type", t_.options.content_type);
    AddCondition(put.headers);
    TRIB_ASSIGN_OR_RETURN(S3Response answer, t_.client->Send(What("PutObject"), put));
    if (answer.status == 412) return AlreadyExists();
    if (!answer.ok()) return S3ErrorStatus(What("PutObject"), answer.status, answer.error);
    return Status::Ok();
  }

  Status Create() {
    S3Request create{.method = "POST", .key = t_.full_key, .query = {{"uploads", ""}}};
    create.headers = t_.sse_headers;
    create.headers.emplace_back("Content-Type", t_.options.content_type);
    TRIB_ASSIGN_OR_RETURN(S3Response answer,
                          t_.client->Send(What("CreateMultipartUpload"), create));
    if (!answer.ok()) {
      return S3ErrorStatus(What("CreateMultipartUpload"), answer.status, answer.error);
    }
    TRIB_ASSIGN_OR_RETURN(upload_id_, ParseUploadId(answer.body));
    return Status::Ok();
  }

  // A part in flight: its bytes, and what its upload answered once joined.
  struct Part {
    std::string body;
    std::string etag;
    Status status;
    std::thread thread;
  };

  // Starts uploading the buffer as the next part; waits for the oldest part first when
  // kPartsInFlight are out.
  Status FlushPart() {
    if (upload_id_.empty()) TRIB_RETURN_IF_ERROR(Create());
    if (in_flight_.size() >= kPartsInFlight) TRIB_RETURN_IF_ERROR(ReapOldest());
    const int number = static_cast<int>(etags_.size() + in_flight_.size()) + 1;
    auto part = std::make_unique<Part>();
    part->body = std::move(buffer_);
    buffer_ = std::string();
    buffer_.reserve(static_cast<size_t>(t_.part_bytes));
    Part* raw = part.get();
    raw->thread = std::thread([this, raw, number] {
      raw->status = UploadPart(number, raw->body, &raw->etag);
      raw->body = std::string();  // the memory goes as soon as the part is out
    });
    in_flight_.push_back(std::move(part));
    return Status::Ok();
  }

  Status UploadPart(int number, std::string_view body, std::string* etag) const {
    S3Request part{.method = "PUT",
                   .key = t_.full_key,
                   .query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}},
                   .body = body};
    TRIB_ASSIGN_OR_RETURN(S3Response answer, t_.client->Send(What("UploadPart"), part));
    if (!answer.ok()) return S3ErrorStatus(What("UploadPart"), answer.status, answer.error);
    *etag = answer.Header("etag");
    if (etag->empty()) return Status::Unavailable(What("UploadPart") + " failed: S3 sent no ETag");
    return Status::Ok();
  }

  // Joins the oldest part in flight; its ETag follows the earlier ones.
  Status ReapOldest() {
    std::unique_ptr<Part> part = std::move(in_flight_.front());
    in_flight_.pop_front();
    part->thread.join();
    if (!part->status.ok()) return part->status;
    etags_.push_back(std::move(part->etag));
    return Status::Ok();
  }

  // Joins every part in flight; the first failure among them, if any.
  Status WaitForParts() {
    Status first;
    while (!in_flight_.empty()) {
      Status reaped = ReapOldest();
      if (first.ok() && !reaped.ok()) first = std::move(reaped);
    }
    return first;
  }

  Status Complete() {
    std::string body = "<CompleteMultipartUpload>";
    for (size_t i = 0; i < etags_.size(); ++i) {
      body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
              XmlEscape(etags_[i]) + "</ETag></Part>";
    }
    body += "</CompleteMultipartUpload>";
    S3Request complete{.method = "POST",
                       .key = t_.full_key,
                       .query = {{"uploadId", upload_id_}},
                       .headers = {{"Content-Type", "application/xml"}},
                       .body = body,
                       .error_may_come_with_200 = true};
    AddCondition(complete.headers);
    TRIB_ASSIGN_OR_RETURN(S3Response answer,
                          t_.client->Send(What("CompleteMultipartUpload"), complete));
    if (answer.status == 412) return AlreadyExists();
    if (!answer.ok()) {
      return S3ErrorStatus(What("CompleteMultipartUpload"), answer.status, answer.error);
    }
    upload_id_.clear();  // completed: nothing left to abort
    return Status::Ok();
  }

  static std::string XmlEscape(std::string_view text) {
    std::string out;
    for (char c : text) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        default:
          out += c;
      }
    }
    return out;
  }

  S3WriteTarget t_;
  State state_ = State::kOpen;
  std::string buffer_;  // at most one part
  std::string upload_id_;
  std::vector<std::string> etags_;               // of the parts uploaded, 1..n, in order
  std::deque<std::unique_ptr<Part>> in_flight_;  // parts n+1.. still uploading, in order
  int64_t written_ = 0;
};

}  // namespace

std::unique_ptr<ObjectWriter> MakeS3Writer(S3WriteTarget target) {
  return std::make_unique<S3Writer>(std::move(target));
}

}  // namespace trib::objectstore
