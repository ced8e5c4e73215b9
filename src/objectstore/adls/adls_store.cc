#include "objectstore/adls/adls_store.h"

#include <algorithm>
#include <limits>

#include "common/clock.h"
#include "objectstore/adls/adls_address.h"
#include "objectstore/adls/adls_errors.h"
#include "objectstore/adls/adls_head.h"
#include "objectstore/adls/adls_writer.h"
#include "objectstore/adls/adls_xml.h"

namespace trib::objectstore {

namespace {

constexpr int64_t kMaxResultsPerPage = 5000;             // the Blob service's own limit
constexpr int64_t kMaxBlockBytes = int64_t{4000} << 20;  // Put Block's largest

Status CheckLimits(const AdlsStoreConfig& config) {
  if (config.max_attempts < 1 || config.max_attempts > 30) {
    return Status::InvalidArgument("spark_options.fs.azure.io.retry.max.retries",
                                   "'fs.azure.io.retry.max.retries' must be between 0 and 29");
  }
  if (config.block_bytes < 1 || config.block_bytes > kMaxBlockBytes) {
    return Status::InvalidArgument("spark_options.fs.azure.write.request.size",
                                   "'fs.azure.write.request.size' must be between 1 byte and "
                                   "4000 MiB");
  }
  if (config.connect_timeout_ms <= 0 || config.request_timeout_ms <= 0 ||
      config.retry_base_delay_ms < 0) {
    return Status::InvalidArgument("timeout", "timeouts must be positive");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<AdlsStore>> AdlsStore::Open(AdlsStoreConfig config) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("path", config.prefix));
  std::string root = config.prefix;
  if (!root.empty() && root.back() != '/') root += '/';
  TRIB_ASSIGN_OR_RETURN(
      AdlsAddress address,
      MakeAdlsAddress(config.endpoint, config.account, config.container, config.endpoint_field));
  if (config.auth.account_key.empty() && !config.auth.token) {
    return Status::InvalidArgument("account_key",
                                   "an adls store needs an account key or a token source");
  }
  TRIB_RETURN_IF_ERROR(CheckLimits(config));
  if (!config.now_ms) config.now_ms = SystemClock();
  auto client = std::make_shared<AdlsClient>(
      AdlsClientSettings{.address = std::move(address),
                         .auth = config.auth,
                         .now_ms = config.now_ms,
                         .egress = config.egress,
                         .max_attempts = config.max_attempts,
                         .retry_base_delay_ms = config.retry_base_delay_ms,
                         .connect_timeout_ms = config.connect_timeout_ms,
                         .request_timeout_ms = config.request_timeout_ms,
                         .ca_file = config.ca_file});
  return std::unique_ptr<AdlsStore>(
      new AdlsStore(std::move(client), std::move(root), config.block_bytes));
}

AdlsStore::AdlsStore(std::shared_ptr<AdlsClient> client, std::string root, int64_t block_bytes)
    : client_(std::move(client)), root_(std::move(root)), block_bytes_(block_bytes) {}

const StoreQuirks& AdlsStore::quirks() const {
  // Blocks may be of any size: no part minimum as S3 has.
  static const StoreQuirks kQuirks{
      .real_directories = false, .local_files = false, .min_part_bytes = 0};
  return kQuirks;
}

Status AdlsStore::Refused(std::string_view what, const AdlsResponse& answer) const {
  return AdlsErrorStatus(what, answer.status, answer.error, client_->settings().auth.field);
}

Result<ListPage> AdlsStore::List(const ListRequest& request) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("path", request.prefix));
  if (request.page_size < 1) {
    return Status::InvalidArgument("page_size", "'page_size' must be at least 1");
  }
  AdlsRequest list{.method = "GET"};
  list.query = {{"restype", "container"},
                {"comp", "list"},
                {"include", "metadata"},
                {"maxresults", std::to_string(std::min(request.page_size, kMaxResultsPerPage))}};
  if (!FullKey(request.prefix).empty()) list.query.emplace_back("prefix", FullKey(request.prefix));
  if (!request.recursive) list.query.emplace_back("delimiter", "/");
  if (!request.page_token.empty()) list.query.emplace_back("marker", request.page_token);

  const std::string what = "Azure List Blobs '" + request.prefix + "'";
  TRIB_ASSIGN_OR_RETURN(AdlsResponse answer, client_->Send(what, list));
  if (!answer.ok()) return Refused(what, answer);
  TRIB_ASSIGN_OR_RETURN(ListPage page, ParseListBlobs(answer.body, root_));
  DropMalformedEntries(page, request.prefix);
  return page;
}

Result<ObjectInfo> AdlsStore::Stat(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  return HeadBlob(*client_, FullKey(key), key);
}

Result<std::string> AdlsStore::ReadRange(std::string_view key, int64_t offset, int64_t length) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  TRIB_RETURN_IF_ERROR(CheckRange(offset, length));
  if (length == 0) {
    // No HTTP range is empty; a missing object must still say so.
    TRIB_RETURN_IF_ERROR(Stat(key).status());
    return std::string();
  }
  const int64_t last = LastByteOfRange(offset, length);
  const std::string what = "Azure Get Blob '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(
      AdlsResponse answer,
      client_->Send(what, {.method = "GET",
                           .blob = FullKey(key),
                           .headers = {{"x-ms-range", "bytes=" + std::to_string(offset) + "-" +
                                                          std::to_string(last)}}}));
  if (auto range = RangeFromAnswer(answer.status, answer.body, offset, length)) {
    return std::move(*range);
  }
  if (answer.status == 404 && (answer.error.code.empty() || answer.error.code == "BlobNotFound")) {
    return Status(StatusCode::kNotFound,
                  "no object '" + std::string(key) + "' in the adls container", "path");
  }
  return Refused(what, answer);
}

Result<std::unique_ptr<ObjectWriter>> AdlsStore::Write(std::string_view key,
                                                       const WriteOptions& options) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  return MakeAdlsWriter({.client = client_,
                         .blob = FullKey(key),
                         .key = std::string(key),
                         .options = options,
                         .block_bytes = block_bytes_});
}

Status AdlsStore::Delete(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  // Azure answers 404 for a missing blob by itself; a directory of a hierarchical namespace is
  // no object, so it is refused as missing rather than removed.
  TRIB_RETURN_IF_ERROR(Stat(key).status());
  const std::string what = "Azure Delete Blob '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(AdlsResponse answer,
                        client_->Send(what, {.method = "DELETE", .blob = FullKey(key)}));
  if (answer.status == 404 && (answer.error.code.empty() || answer.error.code == "BlobNotFound")) {
    return Status(StatusCode::kNotFound,
                  "no object '" + std::string(key) + "' in the adls container", "path");
  }
  if (!answer.ok()) return Refused(what, answer);
  return Status::Ok();
}

Result<std::unique_ptr<ObjectStore>> MakeAdlsStore(AdlsStoreConfig config) {
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<AdlsStore> store, AdlsStore::Open(std::move(config)));
  return std::unique_ptr<ObjectStore>(std::move(store));
}

}  // namespace trib::objectstore
