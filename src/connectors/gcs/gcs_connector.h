// gcs: a bucket (and the prefix `path`) read and written as files through the GCS object
// store. The service-account key (key_json from the vault, or key_path in a directory the
// administrator allows) signs a JWT that Google's token endpoint trades for an access token;
// tokens are cached until shortly before they expire. An optional customer-supplied key
// (encryption_key) goes with every object call.
#pragma once

#include <memory>

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeGcsConnector(const ConnectorInput& input);
// Create/update time, with the sent secrets visible: encryption_key_hash matches the key, and a
// sent key_json parses and names an allowed token endpoint. Connects nowhere.
Status CheckGcsDefinition(const ConnectorInput& input);

}  // namespace trib
