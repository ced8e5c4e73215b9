#include "connectors/jdbc/jdbc_type.h"

#include "connectors/common/field_checks.h"

namespace trib {

TypeSpec MakeJdbcType() {
  TypeSpec spec;
  spec.name = "jdbc";
  spec.group = "cloud agnostic";
  spec.description =
      "Any SQL database reached by a jdbc: URL: PostgreSQL, MySQL/MariaDB, SQLite and DuckDB "
      "natively, any other through ODBC.";
  spec.fields = {
      WithCheck(StringField("connection_string",
                            "The JDBC URL of the database, e.g. jdbc:postgresql://host:5432/db; "
                            "it must not contain a password, which goes in arguments.password.")
                    .Required(),
                CheckJdbcUrl),
      MapField("arguments",
               "Connection properties passed to the driver, e.g. user, password and sslmode; "
               "entries whose key contains password, secret, token or credential are stored "
               "encrypted.",
               {"password", "secret", "token", "credential"}),
  };
  return spec;
}

}  // namespace trib
