#include "connectors/redshift/redshift_type.h"

#include <algorithm>
#include <map>
#include <string>

#include "common/credential_keys.h"
#include "connectors/common/field_checks.h"
#include "connectors/sql/driver_option_tables.h"
#include "connectors/sql/option_files.h"
#include "sql/driver_options.h"

namespace trib {

namespace {

// Redshift's rules: 1-63 lower-case letters, digits and '-', starting with a letter, no "--",
// not ending with '-'.
Status CheckClusterIdentifier(std::string_view field, std::string_view value) {
  const bool ok = !value.empty() && value.size() <= 63 && value.front() >= 'a' &&
                  value.front() <= 'z' && value.back() != '-' &&
                  value.find("--") == std::string_view::npos &&
                  std::all_of(value.begin(), value.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (ok) return Status::Ok();
  const std::string name(field);
  return Status::InvalidArgument(
      name, "'" + name +
                "' must be a Redshift cluster identifier: 1-63 lower-case letters, "
                "digits and '-', starting with a letter, without '--' or a final '-'");
}

// The arguments go to the PostgreSQL driver: its declared options only ("host" reaches the
// cluster another way), certificate files inside the project.
Status CheckArguments(const FieldView& view) {
  if (!view.contains("arguments") || !view["arguments"].is_object()) return Status::Ok();
  std::map<std::string, std::string> arguments;
  for (const auto& [key, value] : view["arguments"].items()) {
    if (key != "host" && value.is_string()) arguments[key] = value.get<std::string>();
  }
  TRIB_RETURN_IF_ERROR(
      sql::CheckDriverOptions(sql::SqlDriverKind::kPostgres, arguments, arguments));
  return CheckOptionFiles(sql::SqlDriverKind::kPostgres, arguments, arguments);
}

}  // namespace

TypeSpec MakeRedshiftType() {
  TypeSpec spec;
  spec.name = "redshift";
  spec.group = "AWS";
  spec.description =
      "An Amazon Redshift database, queried with SQL; authenticate with a database password or "
      "with temporary credentials obtained through an IAM role.";
  spec.fields = {
      WithCheck(
          StringField("cluster_identifier", "The identifier of the Redshift cluster.").Required(),
          CheckClusterIdentifier),
      WithCheck(StringField("database_endpoint",
                            "The rest of the cluster's host name after the identifier, e.g. "
                            "abc123xyz.us-east-2.redshift.amazonaws.com."),
                CheckHostname),
      StringField("database_name", "The database to connect to.").Required(),
      IntegerField("database_port", "The port the cluster listens on.", 1, 65535).Default(5439),
      StringField("database_driver", "The JDBC driver class that external engines load.")
          .Default("com.amazon.redshift.jdbc42.Driver"),
      StringField("table_name", "A table to read when no query is given."),
      StringField("database_user_name",
                  "The database user to connect as, with the password or through the IAM role."),
      SecretField("database_password", "The database user's password (or use iam_role instead)."),
      WithCheck(StringField("iam_role",
                            "The ARN of an IAM role allowed to call GetClusterCredentials, used "
                            "instead of a password to obtain temporary database credentials."),
                CheckIamRoleArn),
      StringField("database_group",
                  "Database groups the temporary user joins, comma-separated (with iam_role)."),
      BooleanField("auto_create",
                   "Whether GetClusterCredentials creates the database user when it does not "
                   "exist (with iam_role).")
          .Default(false),
      IntegerField("expiration",
                   "How long, in seconds, the temporary database credentials stay valid (with "
                   "iam_role).",
                   900, 3600)
          .Default(3600),
      MapField("arguments",
               "Further connection options of the PostgreSQL driver (declared_keys), e.g. "
               "sslmode, and host to reach the cluster another way; entries whose key contains "
               "one of " +
                   CredentialMarkerList() + " are stored encrypted.",
               CredentialMarkers())
          .DeclaredKeys(DriverOptionTables({sql::SqlDriverKind::kPostgres})),
  };
  spec.rules = {
      CheckArguments,
      MutuallyExclusive({"database_password", "iam_role"}),
      Requires("database_password", {"database_user_name"}),
      Requires("iam_role", {"database_user_name"}),
  };
  return spec;
}

}  // namespace trib
