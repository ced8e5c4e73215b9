#include "objectstore/gcs/gcs_store.h"

#include <algorithm>
#include <limits>

#include "cloud/gcp/gcp_environment.h"
#include "cloud/gcp/http_url.h"
#include "objectstore/gcs/gcs_client.h"
#include "objectstore/gcs/gcs_errors.h"
#include "objectstore/gcs/gcs_json.h"
#include "objectstore/gcs/gcs_writer.h"

namespace trib::objectstore {

namespace {

constexpr int64_t kMaxResultsPerPage = 1000;  // GCS answers at most this many anyway
constexpr int64_t kMaxChunkBytes = int64_t{1} << 30;

Status CheckLimits(const GcsStoreConfig& config) {
  if (config.max_attempts < 1 || config.max_attempts > 20) {
    return Status::InvalidArgument("max_attempts", "'max_attempts' must be between 1 and 20");
  }
  if (config.chunk_bytes < kGcsChunkGranule || config.chunk_bytes > kMaxChunkBytes ||
      config.chunk_bytes % kGcsChunkGranule != 0) {
    return Status::InvalidArgument("chunk_bytes",
                                   "'chunk_bytes' must be a multiple of 256 KiB, at most 1 GiB");
  }
  if (config.connect_timeout_ms <= 0 || config.request_timeout_ms <= 0 ||
      config.retry_base_delay_ms < 0) {
    return Status::InvalidArgument("timeout", "timeouts must be positive");
  }
  return Status::Ok();
}

Status CheckEncryption(const GcsStoreConfig& config) {
  if (config.encryption_key.empty() != config.encryption_key_sha256.empty()) {
    return Status::InvalidArgument("encryption_key",
                                   "'encryption_key' and 'encryption_key_hash' go together");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<GcsStore>> GcsStore::Open(GcsStoreConfig config) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("path", config.prefix));
  std::string root = config.prefix;
  if (!root.empty() && root.back() != '/') root += '/';
  if (config.bucket.empty()) return Status::InvalidArgument("bucket", "'bucket' is required");
  const std::string endpoint_text =
      config.endpoint.empty() ? std::string(gcp::kGoogleStorageEndpoint) : config.endpoint;
  TRIB_ASSIGN_OR_RETURN(gcp::HttpUrl endpoint, gcp::ParseHttpUrl(endpoint_text, "endpoint"));
  if (endpoint.path != "/" || !endpoint.query.empty()) {
    return Status::InvalidArgument("endpoint", "'endpoint' is scheme, host and port only");
  }
  if (!gcp::MayCarryCredentials(endpoint_text)) {
    return Status::InvalidArgument(
        "endpoint", "'endpoint' is plain http to another machine: bearer tokens need https");
  }
  if (!config.token) {
    return Status::InvalidArgument(config.credential_field,
                                   "a GCS store needs a source of access tokens");
  }
  TRIB_RETURN_IF_ERROR(CheckEncryption(config));
  TRIB_RETURN_IF_ERROR(CheckLimits(config));

  GcsClientSettings settings{.endpoint = std::move(endpoint),
                             .bucket = config.bucket,
                             .token = config.token,
                             .write_token = config.write_token,
                             .egress = config.egress,
                             .ca_file = config.ca_file,
                             .max_attempts = config.max_attempts,
                             .retry_base_delay_ms = config.retry_base_delay_ms,
                             .connect_timeout_ms = config.connect_timeout_ms,
                             .request_timeout_ms = config.request_timeout_ms};
  if (!config.encryption_key.empty()) {
    settings.csek_headers = {{"x-goog-encryption-algorithm", "AES256"},
                             {"x-goog-encryption-key", config.encryption_key},
                             {"x-goog-encryption-key-sha256", config.encryption_key_sha256}};
    settings.secrets = {config.encryption_key};
  }
  auto client = std::make_shared<GcsClient>(std::move(settings));
  return std::unique_ptr<GcsStore>(
      new GcsStore(std::move(client), std::move(root), std::move(config)));
}

GcsStore::GcsStore(std::shared_ptr<GcsClient> client, std::string root, GcsStoreConfig config)
    : client_(std::move(client)), root_(std::move(root)), config_(std::move(config)) {}

const StoreQuirks& GcsStore::quirks() const {
  static const StoreQuirks kQuirks{
      .real_directories = false, .local_files = false, .min_part_bytes = kGcsChunkGranule};
  return kQuirks;
}

Result<ListPage> GcsStore::List(const ListRequest& request) {
  TRIB_RETURN_IF_ERROR(CheckObjectPrefix("path", request.prefix));
  if (request.page_size < 1) {
    return Status::InvalidArgument("page_size", "'page_size' must be at least 1");
  }
  GcsRequest list{.method = "GET", .path = client_->ObjectsPath()};
  list.query = {{"prefix", FullKey(request.prefix)},
                {"maxResults", std::to_string(std::min(request.page_size, kMaxResultsPerPage))},
                {"fields", "items(name,size,updated,generation),prefixes,nextPageToken"}};
  if (!request.recursive) list.query.emplace_back("delimiter", "/");
  if (!request.page_token.empty()) list.query.emplace_back("pageToken", request.page_token);

  const std::string what = "GCS objects.list '" + request.prefix + "'";
  TRIB_ASSIGN_OR_RETURN(GcsResponse answer, client_->Send(what, list));
  if (!answer.ok()) {
    return GcsErrorStatus(what, answer, GcsTarget::kBucket, config_.credential_field);
  }
  TRIB_ASSIGN_OR_RETURN(ListPage page, ParseGcsList(answer.body, root_));
  DropMalformedEntries(page, request.prefix);
  std::sort(page.objects.begin(), page.objects.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  std::sort(page.prefixes.begin(), page.prefixes.end());
  return page;
}

Result<ObjectInfo> GcsStore::Stat(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  const std::string what = "GCS objects.get '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(
      GcsResponse answer,
      client_->Send(
          what, {.method = "GET", .path = client_->ObjectPath(FullKey(key)), .with_csek = true}));
  if (!answer.ok()) {
    return GcsErrorStatus(what, answer, GcsTarget::kObject, config_.credential_field);
  }
  return ParseGcsObjectText(answer.body, root_);
}

Result<std::string> GcsStore::ReadRange(std::string_view key, int64_t offset, int64_t length) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  TRIB_RETURN_IF_ERROR(CheckRange(offset, length));
  if (length == 0) {
    // No HTTP range is empty; a missing object must still say so.
    TRIB_RETURN_IF_ERROR(Stat(key).status());
    return std::string();
  }
  const int64_t last = LastByteOfRange(offset, length);
  const std::string what = "GCS objects.get (media) '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(
      GcsResponse answer,
      client_->Send(what, {.method = "GET",
                           .path = client_->ObjectPath(FullKey(key)),
                           .query = {{"alt", "media"}},
                           .headers = {{"Range", "bytes=" + std::to_string(offset) + "-" +
                                                     std::to_string(last)}},
                           .with_csek = true}));
  if (auto range = RangeFromAnswer(answer.status, answer.body, offset, length)) {
    return std::move(*range);
  }
  return GcsErrorStatus(what, answer, GcsTarget::kObject, config_.credential_field);
}

Result<std::unique_ptr<ObjectWriter>> GcsStore::Write(std::string_view key,
                                                      const WriteOptions& options) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  return MakeGcsWriter({.client = client_,
                        .full_key = FullKey(key),
                        .key = std::string(key),
                        .root = root_,
                        .options = options,
                        .credential_field = config_.credential_field,
                        .chunk_bytes = config_.chunk_bytes});
}

Status GcsStore::Delete(std::string_view key) {
  TRIB_RETURN_IF_ERROR(CheckObjectKey("path", key));
  const std::string what = "GCS objects.delete '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(GcsResponse answer,
                        client_->Send(what, {.method = "DELETE",
                                             .path = client_->ObjectPath(FullKey(key)),
                                             .with_csek = true,
                                             .write = true}));
  if (!answer.ok()) {
    return GcsErrorStatus(what, answer, GcsTarget::kObject, config_.credential_field);
  }
  return Status::Ok();
}

Result<std::unique_ptr<ObjectStore>> MakeGcsStore(GcsStoreConfig config) {
  TRIB_ASSIGN_OR_RETURN(std::unique_ptr<GcsStore> store, GcsStore::Open(std::move(config)));
  return std::unique_ptr<ObjectStore>(std::move(store));
}

}  // namespace trib::objectstore
