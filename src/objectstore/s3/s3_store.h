// The object store over one S3 bucket and prefix (libcurl, SigV4). One store may be used from
// any number of threads at once: requests share nothing but a pool of idle connections. A
// writer it hands out belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cloud/aws/aws_credentials.h"
#include "common/status.h"
#include "net/egress.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

struct S3StoreConfig {
  std::string bucket;
  std::string prefix;       // the source's path in the bucket; keys are relative to it ("" = root)
  std::string region;       // "us-east-1"; also the signing region
  std::string endpoint;     // "" = https://s3.<region>.amazonaws.com; else "http(s)://host[:port]"
  bool path_style = false;  // host/bucket/key rather than bucket.host/key
  // Called per request attempt, from any thread using the store (cache and lock in the
  // callee): lets role sessions refresh.
  std::function<Result<aws::AwsCredentials>()> credentials;
  std::function<int64_t()> now_ms;  // the signing clock; null = the system clock
  net::Egress egress;               // every connection's host is resolved and checked here
  std::string sse_algorithm;        // "" | "AES256" | "aws:kms"
  std::string sse_kms_key_id;       // aws:kms only; "" = the bucket's default key
  int max_attempts = 4;             // per request, counting the first
  int64_t retry_base_delay_ms = 100;
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 120000;  // one whole exchange, body included
  int64_t part_bytes = 8 << 20;         // multipart part size; S3's minimum is 5 MiB
};

inline constexpr int64_t kS3MinPartBytes = 5 << 20;

class S3Client;

class S3Store final : public ObjectStore {
 public:
  // Checks the configuration (kInvalidArgument naming the field) without any I/O.
  static Result<std::unique_ptr<S3Store>> Open(S3StoreConfig config);

  std::string_view kind() const override { return "s3"; }
  const StoreQuirks& quirks() const override;
  Result<ListPage> List(const ListRequest& request) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) override;
  // One GET whose body streams to `sink` (If-Match `etag` when given).
  Result<int64_t> ReadRangeTo(std::string_view key, int64_t offset, int64_t length,
                              const RangeSink& sink, std::string_view etag = "") override;
  Result<std::unique_ptr<ObjectWriter>> Write(std::string_view key,
                                              const WriteOptions& options) override;
  Status Delete(std::string_view key) override;

 private:
  S3Store(std::shared_ptr<S3Client> client, std::string root, S3StoreConfig config);
  std::string FullKey(std::string_view key) const { return root_ + std::string(key); }

  std::shared_ptr<S3Client> client_;  // shared with writers, which may outlive the store
  std::string root_;                  // the prefix, "" or ending in '/'
  S3StoreConfig config_;
};

// S3Store::Open as the interface type, for registries and the behavioural suite.
Result<std::unique_ptr<ObjectStore>> MakeS3Store(S3StoreConfig config);

}  // namespace trib::objectstore
