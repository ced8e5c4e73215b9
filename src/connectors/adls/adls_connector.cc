#include "connectors/adls/adls_connector.h"

#include <algorithm>
#include <charconv>

#include "common/strings.h"
#include "connectors/adls/adls_credentials.h"
#include "connectors/files/file_connector.h"
#include "objectstore/adls/adls_store.h"

namespace trib {

namespace {

constexpr const char* kEndpointKey = "fs.azure.abfs.endpoint";

int64_t Integer(const Json& options, const char* key, int64_t fallback) {
  auto it = options.find(key);
  if (it == options.end() || !it->is_string()) return fallback;
  const std::string& text = it->get_ref<const std::string&>();
  int64_t value = fallback;
  std::from_chars(text.data(), text.data() + text.size(), value);  // checked at create
  return value;
}

bool Flag(const Json& options, const char* key) {
  auto it = options.find(key);
  if (it == options.end() || !it->is_string()) return false;
  const std::string value = ToLower(it->get<std::string>());
  return value == "true" || value == "1" || value == "yes";
}

Status CheckGeneration(const Json& config) {
  auto it = config.find("generation");
  if (it != config.end() && it->is_number_integer() && it->get<int64_t>() == 1) {
    return Status::InvalidArgument(
        "generation",
        "'generation' 1 (ADLS Gen1) is not supported: Azure retired Gen1 accounts in February "
        "2024; use a Gen2 account (generation 2)");
  }
  return Status::Ok();
}

std::string Endpoint(const Json& options) {
  auto it = options.find(kEndpointKey);
  return it != options.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Status CheckAdlsDefinition(const ConnectorInput& input) {
  const Json& c = input.definition.config;
  TRIB_RETURN_IF_ERROR(CheckGeneration(c));
  const Json options = c.value("spark_options", Json::object());
  const std::string endpoint = Endpoint(options);
  if (Flag(options, "fs.azure.always.use.https") && ToLower(endpoint).starts_with("http://")) {
    return Status::InvalidArgument(
        std::string("spark_options.") + kEndpointKey,
        "'spark_options.fs.azure.abfs.endpoint' is plain http, and fs.azure.always.use.https "
        "is on");
  }
  if (c.contains("directory_id")) {
    const TokenUrl token_url = AdlsTokenUrl(input);
    TRIB_RETURN_IF_ERROR(CheckAdlsTokenTransport(token_url.field, token_url.url));
  }
  return Status::Ok();
}

Result<std::unique_ptr<Connector>> MakeAdlsConnector(const ConnectorInput& input) {
  TRIB_RETURN_IF_ERROR(CheckAdlsDefinition(input));
  const Json& c = input.definition.config;
  const Json options = c.value("spark_options", Json::object());
  objectstore::AdlsStoreConfig config;
  config.account = c.value("account_name", "");
  config.container = c.value("container_name", "");
  config.endpoint = Endpoint(options);
  TRIB_ASSIGN_OR_RETURN(config.auth, AdlsCredentials(input));
  // Azure takes bearer tokens over https only; a token is not sent anywhere in the clear.
  if (config.auth.account_key.empty() && ToLower(config.endpoint).starts_with("http://")) {
    return Status::InvalidArgument(std::string("spark_options.") + kEndpointKey,
                                   "'spark_options.fs.azure.abfs.endpoint' is plain http, and "
                                   "tokens (service principal, managed identity) need https");
  }
  const Clock clock = input.environment.clock;
  config.now_ms = [clock] { return clock(); };
  config.egress = input.egress.WithField(
      config.endpoint.empty() ? "account_name" : std::string("spark_options.") + kEndpointKey);
  config.ca_file = input.environment.azure.ca_file;
  config.max_attempts = static_cast<int>(
      std::clamp<int64_t>(Integer(options, "fs.azure.io.retry.max.retries", 3) + 1, 1, 30));
  config.retry_base_delay_ms =
      Integer(options, "fs.azure.io.retry.min.backoff.interval", config.retry_base_delay_ms);
  config.connect_timeout_ms = input.environment.default_connect_timeout_ms;
  // 0 (which the option table allows) means the default, as in the ABFS driver.
  if (const int64_t block = Integer(options, "fs.azure.write.request.size", 0); block > 0) {
    config.block_bytes = block;
  }
  // Bad settings fail now, naming their field, not at the first request.
  TRIB_RETURN_IF_ERROR(objectstore::AdlsStore::Open(config).status());

  FileSourceSpec spec;
  spec.type = "adls";
  spec.shown_root = "abfss://" + config.container + "@" + config.account + ".dfs.core.windows.net/";
  spec.open_store = [config]() { return objectstore::MakeAdlsStore(config); };
  spec.read_defaults.temp_root = input.temp_dir;
  spec.read_defaults.spool_limit_bytes = input.spool_limit_bytes;
  // What Spark's ABFS driver needs besides credentials: the path, the declared options (none
  // is secret), and which kind of authentication the source uses; never the key or secret.
  Json engine = {{"path", spec.shown_root}};
  for (const auto& [key, value] : options.items()) engine[key] = value;
  if (!config.auth.account_key.empty()) {
    engine["fs.azure.account.auth.type"] = "SharedKey";
  } else if (config.auth.field == "service_credential") {
    engine["fs.azure.account.auth.type"] = "OAuth";
    engine["fs.azure.account.oauth2.client.id"] = c.value("application_id", "");
  } else {
    engine["fs.azure.account.auth.type"] = "OAuth";
    engine["fs.azure.account.oauth.provider.type"] =
        "org.apache.hadoop.fs.azurebfs.oauth2.MsiTokenProvider";
    engine["fs.azure.account.oauth2.client.id"] = c.value("application_id", "");
  }
  spec.engine_options = std::move(engine);
  return std::unique_ptr<Connector>(std::make_unique<FileConnector>(std::move(spec)));
}

}  // namespace trib
