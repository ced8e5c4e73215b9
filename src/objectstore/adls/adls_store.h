// The object store over one Azure Storage container (and a path inside it), through the Blob
// REST API: it works on accounts with a hierarchical namespace (ADLS Gen2) as on plain Blob
// accounts, and against Azurite. Any number of threads may use one store; a writer belongs to
// one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cloud/azure/access_token.h"
#include "common/status.h"
#include "net/egress.h"
#include "objectstore/adls/adls_client.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

struct AdlsStoreConfig {
  std::string account;
  std::string container;
  std::string prefix;    // the source's path in the container ("" = all of it)
  std::string endpoint;  // "" = https://<account>.blob.core.windows.net; else http(s)://host[:port]
  std::string endpoint_field = "spark_options.fs.azure.abfs.endpoint";  // named by its errors
  AdlsAuth auth;                    // an account key or a token source
  std::function<int64_t()> now_ms;  // the signing clock; null = the system clock
  net::Egress egress;               // every connection's host is resolved and checked here
  std::string ca_file;              // administrator's CA bundle ("" = the system's)
  int max_attempts = 4;             // per request, counting the first
  int64_t retry_base_delay_ms = 100;
  int64_t connect_timeout_ms = 5000;
  int64_t request_timeout_ms = 120000;
  int64_t block_bytes = 8 << 20;  // Put Block size; the last block may be smaller
};

class AdlsStore final : public ObjectStore {
 public:
  // Checks the configuration (kInvalidArgument naming the field) without any I/O.
  static Result<std::unique_ptr<AdlsStore>> Open(AdlsStoreConfig config);

  std::string_view kind() const override { return "adls"; }
  const StoreQuirks& quirks() const override;
  Result<ListPage> List(const ListRequest& request) override;
  Result<ObjectInfo> Stat(std::string_view key) override;
  Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) override;
  Result<std::unique_ptr<ObjectWriter>> Write(std::string_view key,
                                              const WriteOptions& options) override;
  Status Delete(std::string_view key) override;

 private:
  AdlsStore(std::shared_ptr<AdlsClient> client, std::string root, int64_t block_bytes);
  std::string FullKey(std::string_view key) const { return root_ + std::string(key); }
  Status Refused(std::string_view what, const AdlsResponse& answer) const;

  std::shared_ptr<AdlsClient> client_;  // shared with writers, which may outlive the store
  std::string root_;                    // the prefix, "" or ending in '/'
  int64_t block_bytes_;
};

// AdlsStore::Open as the interface type.
Result<std::unique_ptr<ObjectStore>> MakeAdlsStore(AdlsStoreConfig config);

}  // namespace trib::objectstore
