// The service-account key of a gcs (or bigquery) definition: the key_json secret, or the file
// at key_path, which must lie below a directory the administrator allows (setting
// local_directories) so that a definition cannot read another project's key file.
#pragma once

#include <string>

#include "cloud/gcp/service_account_key.h"
#include "connectors/connector.h"

namespace trib {

struct LoadedKey {
  gcp::ServiceAccountKey key;
  std::string field;  // "key_json" or "key_path": what errors about the key name
};

Result<LoadedKey> LoadServiceAccountKey(const ConnectorInput& input);

}  // namespace trib
