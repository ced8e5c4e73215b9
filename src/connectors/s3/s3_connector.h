// s3: a bucket (and the prefix `path`) read as files through the S3 object store. Credentials
// come from the stored keys, from the source's iam_role (assumed with the server's identity,
// only by members whose project role may assume it; audited as datasource.assume_role), or
// else from the server's own AWS identity.
#pragma once

#include <memory>

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeS3Connector(const ConnectorInput& input);

}  // namespace trib
