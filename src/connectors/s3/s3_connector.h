// s3: a bucket (and the prefix `path`) read as files through the S3 object store. Credentials
// come from the stored keys or from the source's iam_role (assumed with the server's identity,
// only by members whose project role may assume it, or when it is the cluster role; audited as
// datasource.assume_role) — never from the server's own identity directly.
#pragma once

#include <memory>

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeS3Connector(const ConnectorInput& input);

}  // namespace trib
