#include "connectors/builtin_connectors.h"

#include <stdexcept>

#include "connectors/adls/adls_connector.h"
#include "connectors/gcs/gcs_connector.h"
#include "connectors/hopsfs/hopsfs_connector.h"
#include "connectors/jdbc/jdbc_connector.h"
#include "connectors/redshift/redshift_connector.h"
#include "connectors/s3/s3_connector.h"

namespace trib {

Status RegisterBuiltinConnectors(ConnectorRegistry& registry) {
  TRIB_RETURN_IF_ERROR(registry.Register("jdbc", MakeJdbcConnector, CheckJdbcDefinition));
  TRIB_RETURN_IF_ERROR(registry.Register("redshift", MakeRedshiftConnector));
  TRIB_RETURN_IF_ERROR(registry.Register("hopsfs", MakeHopsfsConnector, CheckHopsfsDefinition));
  TRIB_RETURN_IF_ERROR(registry.Register("s3", MakeS3Connector));
  TRIB_RETURN_IF_ERROR(registry.Register("adls", MakeAdlsConnector, CheckAdlsDefinition));
  TRIB_RETURN_IF_ERROR(registry.Register("gcs", MakeGcsConnector, CheckGcsDefinition));
  return Status::Ok();
}

const ConnectorRegistry& BuiltinConnectors() {
  static const ConnectorRegistry registry = [] {
    ConnectorRegistry built;
    if (Status st = RegisterBuiltinConnectors(built); !st.ok()) {
      throw std::logic_error("built-in connectors: " + st.ToString());
    }
    return built;
  }();
  return registry;
}

}  // namespace trib
