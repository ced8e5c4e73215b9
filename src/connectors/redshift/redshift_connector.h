// The redshift type's connector: PostgreSQL wire protocol (cursor reads: Redshift has no
// COPY TO STDOUT), with the stored password or a temporary login obtained through an IAM role.
#pragma once

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeRedshiftConnector(const ConnectorInput& input);

}  // namespace trib
