#include "connectors/kafka/kafka_type.h"

#include <algorithm>
#include <array>
#include <string>

#include "common/credential_keys.h"
#include "connectors/common/field_checks.h"

namespace trib {

namespace {

// Client properties that have their own field: one place to set each, so they cannot disagree.
constexpr std::array<std::string_view, 8> kPropertiesWithFields = {
    "bootstrap.servers",       "security.protocol",
    "ssl.truststore.location", "ssl.truststore.password",
    "ssl.keystore.location",   "ssl.keystore.password",
    "ssl.key.password",        "ssl.endpoint.identification.algorithm"};

Status CheckOptions(const Json& options) {
  for (const auto& [key, value] : options.items()) {
    if (std::find(kPropertiesWithFields.begin(), kPropertiesWithFields.end(), key) ==
        kPropertiesWithFields.end()) {
      continue;
    }
    std::string field = key;
    std::replace(field.begin(), field.end(), '.', '_');
    return Status::InvalidArgument(
        "options." + key, "'options." + key + "' has its own field: set '" + field + "' instead");
  }
  return Status::Ok();
}

// Trust and key stores only mean something when the connection uses TLS.
Status StoresNeedTls(const FieldView& view) {
  auto protocol = view.find("security_protocol");
  const bool tls = protocol != view.end() && (*protocol == "SSL" || *protocol == "SASL_SSL");
  if (tls) return Status::Ok();
  for (const char* field : {"ssl_truststore_location", "ssl_keystore_location"}) {
    if (IsSet(view, field)) {
      return Status::InvalidArgument(
          field, std::string("'") + field +
                     "' is only used with security_protocol SSL or SASL_SSL; set one of them or "
                     "remove the field");
    }
  }
  return Status::Ok();
}

}  // namespace

TypeSpec MakeKafkaType() {
  TypeSpec spec;
  spec.name = "kafka";
  spec.group = "cloud agnostic";
  spec.description =
      "A Kafka cluster, read as a stream of micro-batches with committed offsets; TLS stores and "
      "SASL settings authenticate the client.";
  spec.fields = {
      WithCheck(StringField("bootstrap_servers",
                            "The brokers to contact first, as a comma-separated list of "
                            "host:port, e.g. broker1:9092,broker2:9092.")
                    .Required(),
                CheckHostPortList),
      EnumField("security_protocol",
                "How the client talks to the brokers: in the clear or over TLS, with or without "
                "SASL authentication.",
                {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"})
          .Default("PLAINTEXT"),
      WithCheck(StringField("ssl_truststore_location",
                            "Absolute path on the server of the trust store holding the "
                            "certificates of the brokers' CA (SSL and SASL_SSL only)."),
                CheckAbsolutePath),
      SecretField("ssl_truststore_password", "The password of the trust store."),
      WithCheck(StringField("ssl_keystore_location",
                            "Absolute path on the server of the key store holding the client's "
                            "certificate and key, for mutual TLS (SSL and SASL_SSL only)."),
                CheckAbsolutePath),
      SecretField("ssl_keystore_password", "The password of the key store."),
      SecretField("ssl_key_password", "The password of the private key inside the key store."),
      EnumField("ssl_endpoint_identification_algorithm",
                "Whether the client checks that a broker's certificate matches its host name "
                "(https) or skips that check (none).",
                {"https", "none"})
          .Default("https"),
      MapField("options",
               "Further Kafka client properties, e.g. sasl.mechanism or sasl.jaas.config; "
               "entries whose key contains one of " + CredentialMarkerList() +
                   " are stored encrypted.",
               CredentialMarkers())
          .Check(CheckOptions),
  };
  spec.rules = {
      Requires("ssl_truststore_password", {"ssl_truststore_location"}),
      Requires("ssl_keystore_password", {"ssl_keystore_location"}),
      Requires("ssl_key_password", {"ssl_keystore_location"}),
      StoresNeedTls,
  };
  return spec;
}

}  // namespace trib
