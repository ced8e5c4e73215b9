#include "connectors/hopsfs/hopsfs_type.h"

#include "connectors/common/field_checks.h"

namespace trib {

TypeSpec MakeHopsfsType() {
  TypeSpec spec;
  spec.name = "hopsfs";
  spec.group = "cloud agnostic";
  spec.description =
      "A directory of the internal file system (a project's directories), read as files: "
      "Parquet, CSV, JSON or ORC.";
  spec.fields = {
      WithCheck(StringField("hopsfs_path",
                            "The absolute path of the directory, e.g. "
                            "/Projects/demo/Training_Datasets; it may not contain '..'.")
                    .Required(),
                CheckAbsolutePath),
  };
  return spec;
}

}  // namespace trib
