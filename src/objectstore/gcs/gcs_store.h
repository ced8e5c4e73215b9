// The object store over one GCS bucket and prefix (JSON API over libcurl, OAuth bearer tokens,
// optional customer-supplied encryption key). One store may be used from any number of threads
// at once; a writer it hands out belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "net/egress.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

struct GcsStoreConfig {
  std::string bucket;
  std::string prefix;    // the source's path in the bucket; keys are relative to it ("" = root)
  std::string endpoint;  // "" = https://storage.googleapis.com; an administrator's setting only
  // Called per request attempt, from any thread using the store (cache and lock in the callee).
  std::function<Result<std::string>()> token;
  // For writes and deletes, when reads use a narrower token (read_only scope); null: `token`.
  std::function<Result<std::string>()> write_token;
  std::string credential_field = "key_json";  // what 401/403 answers name
  net::Egress egress;   // every connection's host is resolved and checked here
  std::string ca_file;  // "" = the system's authorities
  // Customer-supplied encryption key: base64 of 32 bytes, and base64 of its SHA-256 (both
  // secret-free names, secret values: the key is never shown).
  std::string encryption_key;
  std::string encryption_key_sha256;
  int max_attempts = 4;  // per request, counting the first
  int64_t retry_base_delay_ms = 100;
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 120000;
  int64_t chunk_bytes = 8 << 20;  // resumable-upload chunk: a multiple of 256 KiB
};

inline constexpr int64_t kGcsChunkGranule = 256 << 10;

class GcsClient;

class GcsStore final : public ObjectStore {
 public:
  // Checks the configuration (kInvalidArgument naming the field) without any I/O.
  static Result<std::unique_ptr<GcsStore>> Open(GcsStoreConfig config);

  std::string_view kind() const override { return "gcs"; }
  const StoreQuirks& quirks() const override;
  Result<ListPage> List(const ListRequest& request) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) override;
  Result<std::unique_ptr<ObjectWriter>> Write(std::string_view key,
                                              const WriteOptions& options) override;
  Status Delete(std::string_view key) override;

 private:
  GcsStore(std::shared_ptr<GcsClient> client, std::string root, GcsStoreConfig config);
  std::string FullKey(std::string_view key) const { return root_ + std::string(key); }

  std::shared_ptr<GcsClient> client_;  // shared with writers, which may outlive the store
  std::string root_;                   // the prefix, "" or ending in '/'
  GcsStoreConfig config_;
};

// GcsStore::Open as the interface type, for registries and the behavioural suite.
Result<std::unique_ptr<ObjectStore>> MakeGcsStore(GcsStoreConfig config);

}  // namespace trib::objectstore
