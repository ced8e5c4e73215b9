#include "connectors/kafka/kafka_type.h"

#include <string>

#include "connectors/common/field_checks.h"
#include "connectors/kafka/kafka_client_options.h"

namespace trib {

namespace {

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
      OptionsField("options",
                   "Further Kafka client properties (declared_keys), e.g. sasl.mechanism or "
                   "sasl.jaas.config; the secret ones are stored encrypted.",
                   KafkaClientOptions()),
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
