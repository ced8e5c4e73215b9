#include "objectstore/s3/s3_store.h"

#include <algorithm>
#include <limits>

#include "common/clock.h"
#include "objectstore/s3/s3_address.h"
#include "objectstore/s3/s3_client.h"
#include "objectstore/s3/s3_errors.h"
#include "objectstore/s3/s3_head.h"
#include "objectstore/s3/s3_writer.h"
#include "objectstore/s3/s3_xml.h"

namespace trib::objectstore {

namespace {

constexpr int64_t kMaxPartBytes = int64_t{5} << 30;  // S3's largest part
constexpr int64_t kMaxKeysPerPage = 1000;            // S3 answers at most this many anyway

Status CheckSse(const S3StoreConfig& config) {
  const std::string& algorithm = config.sse_algorithm;
  if (!algorithm.empty() && algorithm != "AES256" && algorithm != "aws:kms") {
    return Status::InvalidArgument("sse_algorithm",
                                   "'sse_algorithm' must be AES256 or aws:kms (or empty)");
  }
  if (!config.sse_kms_key_id.empty() && algorithm != "aws:kms") {
    return Status::InvalidArgument("sse_kms_key_id",
                                   "'sse_kms_key_id' is only used with sse_algorithm aws:kms");
  }
  return Status::Ok();
}

Status CheckLimits(const S3StoreConfig& config) {
  if (config.max_attempts < 1 || config.max_attempts > 20) {
    return Status::InvalidArgument("max_attempts", "'max_attempts' must be between 1 and 20");
  }
  if (config.part_bytes < kS3MinPartBytes || config.part_bytes > kMaxPartBytes) {
    return Status::InvalidArgument("part_bytes", "'part_bytes' must be between 5 MiB and 5 GiB");
  }
  if (config.connect_timeout_ms <= 0 || config.request_timeout_ms <= 0 ||
      config.retry_base_delay_ms < 0) {
    return Status::InvalidArgument("timeout", "timeouts must be positive");
  }
  return Status::Ok();
}

aws::NameValueList SseHeaders(const S3StoreConfig& config) {
  aws::NameValueList headers;
  if (config.sse_algorithm.empty()) return headers;
  headers.emplace_back("x-amz-server-side-encryption", config.sse_algorithm);
  if (!config.sse_kms_key_id.empty()) {
    headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", config.sse_kms_key_id);
  }
  return headers;
}

}  // namespace

Result<std::unique_ptr<S3Store>> S3Store::Open(S3StoreConfig config) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("prefix", config.prefix));
  std::string root = config.prefix;
  if (!root.empty() && root.back() != '/') root += '/';
  TRIB_ASSIGN_OR_RETURN(S3Address address, MakeS3Address(config.endpoint, config.region,
                                                         config.bucket, config.path_style));
  if (!config.credentials) {
    return Status::InvalidArgument("credentials", "an S3 store needs a source of credentials");
  }
  TRIB_RETURN_IF_ERROR(CheckSse(config));
  TRIB_RETURN_IF_ERROR(CheckLimits(config));
  if (!config.now_ms) config.now_ms = SystemClock();

  auto client =
      std::make_shared<S3Client>(S3ClientSettings{.address = std::move(address),
                                                  .region = config.region,
                                                  .credentials = config.credentials,
                                                  .now_ms = config.now_ms,
                                                  .egress = config.egress,
                                                  .max_attempts = config.max_attempts,
                                                  .retry_base_delay_ms = config.retry_base_delay_ms,
                                                  .connect_timeout_ms = config.connect_timeout_ms,
                                                  .request_timeout_ms = config.request_timeout_ms});
  return std::unique_ptr<S3Store>(
      new S3Store(std::move(client), std::move(root), std::move(config)));
}

S3Store::S3Store(std::shared_ptr<S3Client> client, std::string root, S3StoreConfig config)
    : client_(std::move(client)), root_(std::move(root)), config_(std::move(config)) {}

const StoreQuirks& S3Store::quirks() const {
  static const StoreQuirks kQuirks{
      .real_directories = false, .local_files = false, .min_part_bytes = kS3MinPartBytes};
  return kQuirks;
}

Result<ListPage> S3Store::List(const ListRequest& request) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("path", request.prefix));
  if (request.page_size < 1) {
    return Status::InvalidArgument("page_size", "'page_size' must be at least 1");
  }
  S3Request list{.method = "GET"};
  list.query = {{"list-type", "2"},
                {"prefix", FullKey(request.prefix)},
                {"encoding-type", "url"},
                {"max-keys", std::to_string(std::min(request.page_size, kMaxKeysPerPage))}};
  if (!request.recursive) list.query.emplace_back("delimiter", "/");
  if (!request.page_token.empty())
    list.query.emplace_back("continuation-token", request.page_token);

  const std::string what = "S3 ListObjectsV2 '" + request.prefix + "'";
  TRIB_ASSIGN_OR_RETURN(S3Response answer, client_->Send(what, list));
  if (!answer.ok()) return S3ErrorStatus(what, answer.status, answer.error);
  TRIB_ASSIGN_OR_RETURN(ListPage page, ParseListObjectsV2(answer.body, root_));
  DropMalformedEntries(page, request.prefix);
  return page;
}

Result<ObjectInfo> S3Store::Stat(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  return HeadS3Object(*client_, FullKey(key), key);
}

Result<std::string> S3Store::ReadRange(std::string_view key, int64_t offset, int64_t length) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  TRIB_RETURN_IF_ERROR(CheckRange(offset, length));
  if (length == 0) {
    // No HTTP range is empty; a missing object must still say so.
    TRIB_RETURN_IF_ERROR(Stat(key).status());
    return std::string();
  }
  const int64_t last = LastByteOfRange(offset, length);
  const std::string what = "S3 GetObject '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(
      S3Response answer,
      client_->Send(what, {.method = "GET",
                           .key = FullKey(key),
                           .headers = {{"Range", "bytes=" + std::to_string(offset) + "-" +
                                                     std::to_string(last)}}}));
  if (auto range = RangeFromAnswer(answer.status, answer.body, offset, length)) {
    return std::move(*range);
  }
  return S3ErrorStatus(what, answer.status, answer.error);
}

Result<int64_t> S3Store::ReadRangeTo(std::string_view key, int64_t offset, int64_t length,
                                     const RangeSink& sink, std::string_view etag) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  TRIB_RETURN_IF_ERROR(CheckRange(offset, length));
  if (length == 0) {
    TRIB_RETURN_IF_ERROR(Stat(key).status());
    return 0;
  }
  const int64_t end = length > std::numeric_limits<int64_t>::max() - offset
                          ? std::numeric_limits<int64_t>::max()
                          : offset + length;
  const std::string what = "S3 GetObject '" + std::string(key) + "'";
  const std::string changed = "'" + std::string(key) + "' changed while it was read; read it again";
  Status stopped;            // why the sink stopped the body, if it did
  int64_t reached = offset;  // the end of what reached the sink
  S3Request get{.method = "GET", .key = FullKey(key)};
  get.headers = {{"Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(end - 1)}};
  if (!etag.empty()) get.headers.emplace_back("If-Match", std::string(etag));
  get.body_sink = [&](int status, int64_t position, std::string_view bytes) {
    // 206: the range from `offset`; 200: the whole object (a server that ignores Range), cut
    // to the range here.
    int64_t at = status == 206 ? offset + position : position;
    if (status != 206) {
      if (at < offset) {
        const int64_t skip = std::min<int64_t>(offset - at, static_cast<int64_t>(bytes.size()));
        bytes.remove_prefix(static_cast<size_t>(skip));
        at += skip;
      }
      if (at + static_cast<int64_t>(bytes.size()) > end) {
        bytes = bytes.substr(0, static_cast<size_t>(std::max<int64_t>(end - at, 0)));
      }
      if (bytes.empty()) return true;
    } else if (at + static_cast<int64_t>(bytes.size()) > end) {
      stopped = Status(StatusCode::kFailedPrecondition, changed, "path");
      return false;
    }
    stopped = sink(at, bytes);
    if (!stopped.ok()) return false;
    reached = std::max(reached, at + static_cast<int64_t>(bytes.size()));
    return true;
  };
  Result<S3Response> answer = client_->Send(what, get);
  if (!stopped.ok()) return stopped;
  if (!answer.ok()) return answer.status();
  if (answer->status == 206 || answer->status == 200) return reached - offset;
  if (answer->status == 416) return 0;
  if (answer->status == 412) return Status(StatusCode::kFailedPrecondition, changed, "path");
  return S3ErrorStatus(what, answer->status, answer->error);
}

Result<std::unique_ptr<ObjectWriter>> S3Store::Write(std::string_view key,
                                                     const WriteOptions& options) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  return MakeS3Writer({.client = client_,
                       .full_key = FullKey(key),
                       .key = std::string(key),
                       .options = options,
                       .sse_headers = SseHeaders(config_),
                       .part_bytes = config_.part_bytes});
}

Status S3Store::Delete(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  // S3 answers 204 for a key that is not there; the interface promises kNotFound. Between the
  // HEAD and the DELETE another writer may remove it: that delete then reports success.
  TRIB_RETURN_IF_ERROR(HeadS3Object(*client_, FullKey(key), key).status());
  const std::string what = "S3 DeleteObject '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(S3Response answer,
                        client_->Send(what, {.method = "DELETE", .key = FullKey(key)}));
  if (!answer.ok()) return S3ErrorStatus(what, answer.status, answer.error);
  return Status::Ok();
}

Result<std::unique_ptr<ObjectStore>> MakeS3Store(S3StoreConfig config) {
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<S3Store> store, S3Store::Open(std::move(config)));
  return std::unique_ptr<ObjectStore>(std::move(store));
}

}  // namespace trib::objectstore
