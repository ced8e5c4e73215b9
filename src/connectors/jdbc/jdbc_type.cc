#include "connectors/jdbc/jdbc_type.h"

#include "common/credential_keys.h"
#include "connectors/common/project_paths.h"
#include "connectors/jdbc/jdbc_target.h"
#include "connectors/sql/driver_option_tables.h"

namespace trib {

namespace {

// The URL and arguments as a read will see them: create refuses what use would refuse.
Status CheckConnection(const FieldView& view) {
  if (!IsSet(view, "connection_string")) return Status::Ok();  // "required" says so
  TRIB_ASSIGN_OR_RETURN(sql::JdbcTarget target, ParseJdbcDefinition(view, {}));
  (void)target;
  return Status::Ok();
}

}  // namespace

TypeSpec MakeJdbcType() {
  TypeSpec spec;
  spec.name = "jdbc";
  spec.group = "cloud agnostic";
  spec.description =
      "Any SQL database reached by a jdbc: URL: PostgreSQL, MySQL/MariaDB, SQLite and DuckDB "
      "natively, any other through ODBC. SQLite and DuckDB files are named relative to the "
      "project's directory (jdbc:sqlite:online.db).";
  spec.fields = {
      StringField("connection_string",
                  "The JDBC URL of the database, e.g. jdbc:postgresql://host:5432/db or "
                  "jdbc:sqlite:online.db (a file in the project's directory); it must not "
                  "contain a password, which goes in arguments.password.")
          .Required(),
      MapField("arguments",
               "Connection properties passed to the driver: user and password, then the "
               "options the URL's driver declares (declared_keys; for ODBC the registered "
               "driver's attributes). Entries whose key contains one of " +
                   CredentialMarkerList() + " are stored encrypted.",
               CredentialMarkers())
          .DeclaredKeys(
              DriverOptionTables({sql::SqlDriverKind::kPostgres, sql::SqlDriverKind::kMariaDb,
                                  sql::SqlDriverKind::kSqlite, sql::SqlDriverKind::kDuckDb})),
  };
  spec.rules = {CheckConnection};
  return spec;
}

}  // namespace trib
