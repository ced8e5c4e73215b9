#include "connectors/gcs/gcs_connector.h"

#include "cloud/gcp/oauth_token.h"
#include "connectors/files/file_connector.h"
#include "connectors/gcs/gcs_credentials.h"
#include "connectors/gcs/gcs_fields.h"
#include "objectstore/gcs/gcs_store.h"

namespace trib {

namespace {

std::string Secret(const ConnectorInput& input, const char* pointer) {
  auto it = input.secrets.find(pointer);
  return it == input.secrets.end() ? "" : it->second;
}

// Checked at create time and again at use: a key kept from before ("<redacted>" sent back) is
// not visible when the hash changes, so only the use-time check sees that case.
Status CheckEncryption(const ConnectorInput& input) {
  const std::string key = Secret(input, "/encryption_key");
  if (key.empty()) return Status::Ok();
  return CheckEncryptionKeyHash(key, input.definition.config.value("encryption_key_hash", ""));
}

// Where tokens of `scope` come from: the key's signed JWT, traded at the allowed token
// endpoint, cached.
Result<std::function<Result<std::string>()>> TokenSource(const ConnectorInput& input,
                                                         const LoadedKey& loaded,
                                                         std::string_view scope) {
  const gcp::GcpEnvironment& env = input.environment.gcp;
  gcp::TokenSource source;
  source.key = loaded.key;
  source.key_field = loaded.field;
  source.scope = std::string(scope);
  TRIB_ASSIGN_OR_RETURN(source.endpoint, gcp::ChooseTokenEndpoint(loaded.key, env, loaded.field));
  source.egress = input.egress.WithField(loaded.field);
  source.ca_file = env.ca_file;
  source.timeout_ms = env.token_timeout_ms;
  source.clock = input.environment.clock;
  source.cache = env.tokens;
  return std::function<Result<std::string>()>([source]() -> Result<std::string> {
    TRIB_ASSIGN_OR_RETURN(gcp::AccessToken token, gcp::ObtainAccessToken(source));
    return std::move(token.token);
  });
}

}  // namespace

Status CheckGcsDefinition(const ConnectorInput& input) {
  TRIB_RETURN_IF_ERROR(CheckEncryption(input));
  if (input.secrets.contains("/key_json")) {
    TRIB_ASSIGN_OR_RETURN(LoadedKey loaded, LoadServiceAccountKey(input));
    TRIB_RETURN_IF_ERROR(
        gcp::ChooseTokenEndpoint(loaded.key, input.environment.gcp, loaded.field).status());
  }
  return Status::Ok();
}

Result<std::unique_ptr<Connector>> MakeGcsConnector(const ConnectorInput& input) {
  const Json& c = input.definition.config;
  TRIB_RETURN_IF_ERROR(CheckEncryption(input));
  TRIB_ASSIGN_OR_RETURN(LoadedKey loaded, LoadServiceAccountKey(input));

  objectstore::GcsStoreConfig config;
  config.bucket = c.value("bucket", "");
  config.prefix = c.value("path", "");
  if (!config.prefix.empty() && !config.prefix.ends_with('/')) config.prefix += '/';
  // Only the administrator may point the store elsewhere than Google (no definition field).
  config.endpoint = input.environment.gcp.storage_endpoint;
  config.ca_file = input.environment.gcp.ca_file;
  // Least privilege: reads ask for a read-only token, only writes and deletes a read-write one.
  TRIB_ASSIGN_OR_RETURN(config.token, TokenSource(input, loaded, gcp::kStorageReadOnlyScope));
  TRIB_ASSIGN_OR_RETURN(config.write_token,
                        TokenSource(input, loaded, gcp::kStorageReadWriteScope));
  config.credential_field = loaded.field;
  config.egress = input.egress.WithField("bucket");
  config.encryption_key = Secret(input, "/encryption_key");
  if (!config.encryption_key.empty()) {
    config.encryption_key_sha256 = c.value("encryption_key_hash", "");
  }
  config.connect_timeout_ms = input.environment.default_connect_timeout_ms;
  // Bad settings fail now, naming their field, not at the first request.
  TRIB_RETURN_IF_ERROR(objectstore::GcsStore::Open(config).status());

  FileSourceSpec spec;
  spec.type = "gcs";
  spec.shown_root = "gs://" + config.bucket + "/" + config.prefix;
  spec.open_store = [config]() { return objectstore::MakeGcsStore(config); };
  spec.read_defaults.temp_root = input.temp_dir;
  spec.read_defaults.spool_limit_bytes = input.spool_limit_bytes;
  // The Hadoop GCS connector's keys; never the service-account key nor the encryption key
  // (an engine brings its own credentials).
  Json engine = {
      {"path", "gs://" + config.bucket + "/" + config.prefix},
      {"fs.gs.impl", "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem"},
      {"fs.AbstractFileSystem.gs.impl", "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFS"}};
  if (!config.encryption_key.empty()) {
    engine["fs.gs.encryption.algorithm"] = "AES256";
    engine["fs.gs.encryption.key.hash"] = config.encryption_key_sha256;
  }
  spec.engine_options = std::move(engine);
  return std::unique_ptr<Connector>(std::make_unique<FileConnector>(std::move(spec)));
}

}  // namespace trib
