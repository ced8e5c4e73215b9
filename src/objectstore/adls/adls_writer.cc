#include "objectstore/adls/adls_writer.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "common/random.h"
#include "objectstore/adls/adls_errors.h"
#include "objectstore/adls/adls_head.h"

namespace trib::objectstore {

namespace {

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

class AdlsWriter final : public ObjectWriter {
 public:
  explicit AdlsWriter(AdlsWriteTarget target)
      : t_(std::move(target)), upload_("trib" + RandomHex(8)) {}
  ~AdlsWriter() override {
    if (state_ == State::kOpen || state_ == State::kFailed) Abort();
  }

  Status Append(std::string_view bytes) override {
    TRIB_RETURN_IF_ERROR(CheckOpen());
    written_ += static_cast<int64_t>(bytes.size());
    const auto block = static_cast<size_t>(t_.block_bytes);
    while (!bytes.empty()) {
      const size_t take = std::min(bytes.size(), block - buffer_.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      // A full block goes up only once more bytes follow: the last one may be the only one,
      // and then one Put Blob does.
      if (buffer_.size() == block && !bytes.empty()) TRIB_RETURN_IF_ERROR(Fail(PutBlock()));
    }
    return Status::Ok();
  }

  Result<ObjectInfo> Commit() override {
    TRIB_RETURN_IF_ERROR(CheckOpen());
    if (block_ids_.empty()) {
      Status put = PutBlob();
      if (!put.ok()) return Fail(std::move(put));
    } else {
      if (!buffer_.empty()) TRIB_RETURN_IF_ERROR(Fail(PutBlock()));
      Status commit = PutBlockList();
      if (!commit.ok()) return Fail(std::move(commit));
    }
    state_ = State::kCommitted;
    buffer_.clear();
    buffer_.shrink_to_fit();
    Result<ObjectInfo> info = HeadBlob(*t_.client, t_.blob, t_.key);
    if (info.ok()) return info;
    return ObjectInfo{
        .key = t_.key, .size = written_, .modified_ms = t_.client->settings().now_ms(), .etag = ""};
  }

  // Blocks already up stay uncommitted: they are never visible, belong to no blob anyone can
  // read, and the service discards uncommitted blocks by itself (after a week); there is no
  // call to drop them earlier without touching the blob's committed state.
  void Abort() override {
    if (state_ == State::kCommitted || state_ == State::kAborted) return;
    state_ = State::kAborted;
    buffer_.clear();
    buffer_.shrink_to_fit();
    block_ids_.clear();
  }

 private:
  enum class State { kOpen, kFailed, kCommitted, kAborted };

  std::string What(std::string_view action) const {
    return "Azure " + std::string(action) + " '" + t_.key + "'";
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

  Status Refused(std::string_view action, const AdlsResponse& answer) const {
    // If-None-Match: * on an existing blob: 409 BlobAlreadyExists (412 from some versions).
    if (!t_.options.overwrite && (answer.status == 409 || answer.status == 412) &&
        (answer.error.code == "BlobAlreadyExists" || answer.error.code == "ConditionNotMet" ||
         answer.error.code.empty())) {
      return Status::AlreadyExists(
          "path", "'" + t_.key + "' already exists in the adls container and overwrite is off");
    }
    return AdlsErrorStatus(What(action), answer.status, answer.error,
                           t_.client->settings().auth.field);
  }

  // The service decides at commit whether the blob exists: no check-then-write race.
  void AddCondition(aws::NameValueList& headers) const {
    if (!t_.options.overwrite) headers.emplace_back("If-None-Match", "*");
  }

  Status PutBlob() {
    AdlsRequest put{.method = "PUT",
                    .blob = t_.blob,
                    .headers = {{"x-ms-blob-type", "BlockBlob"},
                                {"x-ms-blob-content-type", t_.options.content_type}},
                    .body = buffer_};
    AddCondition(put.headers);
    TRIB_ASSIGN_OR_RETURN(AdlsResponse answer, t_.client->Send(What("Put Blob"), put));
    if (!answer.ok()) return Refused("Put Blob", answer);
    return Status::Ok();
  }

  Status PutBlock() {
    // Every id of a blob must have the same length: a fixed-width number after this writer's
    // random prefix keeps concurrent writers of one name apart.
    char number[16];
    std::snprintf(number, sizeof(number), "%08zu", block_ids_.size());
    const std::string id = Base64(upload_ + "-" + number);
    AdlsRequest block{.method = "PUT",
                      .blob = t_.blob,
                      .query = {{"comp", "block"}, {"blockid", id}},
                      .body = buffer_};
    TRIB_ASSIGN_OR_RETURN(AdlsResponse answer, t_.client->Send(What("Put Block"), block));
    if (!answer.ok()) return Refused("Put Block", answer);
    block_ids_.push_back(id);
    buffer_.clear();
    return Status::Ok();
  }

  Status PutBlockList() {
    std::string body = R"(<?xml version="1.0" encoding="utf-8"?><BlockList>)";
    for (const std::string& id : block_ids_) body += "<Latest>" + id + "</Latest>";
    body += "</BlockList>";
    AdlsRequest commit{.method = "PUT",
                       .blob = t_.blob,
                       .query = {{"comp", "blocklist"}},
                       .headers = {{"Content-Type", "application/xml"},
                                   {"x-ms-blob-content-type", t_.options.content_type}},
                       .body = body};
    AddCondition(commit.headers);
    TRIB_ASSIGN_OR_RETURN(AdlsResponse answer, t_.client->Send(What("Put Block List"), commit));
    if (!answer.ok()) return Refused("Put Block List", answer);
    block_ids_.clear();
    return Status::Ok();
  }

  AdlsWriteTarget t_;
  std::string upload_;  // "trib" + 16 hex digits: this writer's block id prefix
  State state_ = State::kOpen;
  std::string buffer_;  // at most one block
  std::vector<std::string> block_ids_;
  int64_t written_ = 0;
};

}  // namespace

std::unique_ptr<ObjectWriter> MakeAdlsWriter(AdlsWriteTarget target) {
  return std::make_unique<AdlsWriter>(std::move(target));
}

}  // namespace trib::objectstore
