#include "connectors/builtin_types.h"

#include <stdexcept>

#include "connectors/adls/adls_type.h"
#include "connectors/bigquery/bigquery_type.h"
#include "connectors/gcs/gcs_type.h"
#include "connectors/hopsfs/hopsfs_type.h"
#include "connectors/jdbc/jdbc_type.h"
#include "connectors/kafka/kafka_type.h"
#include "connectors/redshift/redshift_type.h"
#include "connectors/s3/s3_type.h"
#include "connectors/snowflake/snowflake_type.h"

namespace trib {

Status RegisterBuiltinTypes(TypeRegistry& registry) {
  for (auto make : {MakeJdbcType, MakeSnowflakeType, MakeKafkaType, MakeHopsfsType, MakeS3Type,
                    MakeRedshiftType, MakeAdlsType, MakeBigqueryType, MakeGcsType}) {
    TRIB_RETURN_IF_ERROR(registry.Register(make()));
  }
  return Status::Ok();
}

const TypeRegistry& BuiltinTypes() {
  // A function-local static is initialised exactly once, even with concurrent first callers.
  static const TypeRegistry registry = [] {
    TypeRegistry built;
    if (Status st = RegisterBuiltinTypes(built); !st.ok()) {
      // Two built-in types with one name is a programming error, not an input problem.
      throw std::logic_error("built-in data source types: " + st.ToString());
    }
    return built;
  }();
  return registry;
}

}  // namespace trib
