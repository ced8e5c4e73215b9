#include "connectors/snowflake/snowflake_type.h"

#include <string>

#include "connectors/common/field_checks.h"
#include "connectors/snowflake/snowflake_session_options.h"

namespace trib {

namespace {

// A PEM private key ("-----BEGIN [ENCRYPTED |RSA ]PRIVATE KEY-----" ... "-----END ...").
Status CheckPemPrivateKey(std::string_view field, std::string_view value) {
  const size_t begin = value.find("-----BEGIN ");
  const size_t label_end = value.find("PRIVATE KEY-----", begin);
  if (begin == std::string_view::npos || label_end == std::string_view::npos ||
      value.find("-----END ", label_end) == std::string_view::npos) {
    const std::string name(field);
    return Status::InvalidArgument(
        name, "'" + name +
                  "' must be a PEM private key (-----BEGIN PRIVATE KEY----- ... "
                  "-----END PRIVATE KEY-----)");
  }
  return Status::Ok();
}

}  // namespace

TypeSpec MakeSnowflakeType() {
  TypeSpec spec;
  spec.name = "snowflake";
  spec.group = "cloud agnostic";
  spec.description =
      "A Snowflake database, queried with SQL; authenticate with exactly one of a password, an "
      "OAuth token or a key pair.";
  spec.fields = {
      WithCheck(StringField("url",
                            "The account URL, e.g. https://myorg-myaccount.snowflakecomputing.com.")
                    .Required(),
                CheckHttpsUrl),
      StringField("user", "The Snowflake user name to connect as.").Required(),
      SecretField("password", "The user's password (one of password, token or private_key)."),
      SecretField("token",
                  "An OAuth access token for the user (one of password, token or private_key)."),
      WithCheck(SecretField("private_key",
                            "The PEM private key of the user's key pair, for key-pair "
                            "authentication (one of password, token or private_key)."),
                CheckPemPrivateKey),
      SecretField("private_key_passphrase",
                  "The passphrase that decrypts private_key, when that key is encrypted."),
      StringField("database", "The database to use.").Required(),
      StringField("schema", "The schema to use inside the database.").Required(),
      StringField("warehouse", "The virtual warehouse that runs the queries."),
      StringField("role", "The Snowflake role to use; the user's default role when empty."),
      StringField("table", "A table to read when no query is given."),
      StringField("application",
                  "The application name reported to Snowflake, for its usage accounting."),
      OptionsField("sf_options",
                   "Further Snowflake session parameters (declared_keys), e.g. QUERY_TAG or "
                   "STATEMENT_TIMEOUT_IN_SECONDS.",
                   SnowflakeSessionOptions()),
  };
  spec.rules = {
      MutuallyExclusive({"password", "token", "private_key"}),
      AtLeastOneOf({"password", "token", "private_key"}),
      Requires("private_key_passphrase", {"private_key"}),
  };
  return spec;
}

}  // namespace trib
