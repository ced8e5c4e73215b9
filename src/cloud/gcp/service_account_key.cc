#include "cloud/gcp/service_account_key.h"

#include "common/json.h"

namespace trib::gcp {

namespace {

std::string StringMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

}  // namespace

Result<ServiceAccountKey> ParseServiceAccountKey(std::string_view json, std::string_view field) {
  const std::string name(field);
  const auto invalid = [&name](std::string_view what) {
    return Status::InvalidArgument(
        name, "'" + name + "' is not a usable service-account key: " + std::string(what));
  };
  // The parser's own message may quote the text: only ours goes out.
  const Result<Json> parsed = ParseJson(json, /*max_depth=*/8);
  if (!parsed.ok() || !parsed->is_object()) return invalid("it is not a JSON object");
  if (StringMember(*parsed, "type") != "service_account") {
    return invalid("its \"type\" is not \"service_account\"");
  }
  ServiceAccountKey key;
  key.client_email = StringMember(*parsed, "client_email");
  key.private_key_id = StringMember(*parsed, "private_key_id");
  key.private_key_pem = StringMember(*parsed, "private_key");
  key.token_uri = StringMember(*parsed, "token_uri");
  if (key.client_email.empty()) return invalid("it has no \"client_email\"");
  if (key.private_key_pem.find("-----BEGIN PRIVATE KEY-----") == std::string::npos) {
    return invalid("its \"private_key\" is not a PEM private key");
  }
  return key;
}

}  // namespace trib::gcp
