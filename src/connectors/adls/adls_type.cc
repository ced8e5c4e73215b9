#include "connectors/adls/adls_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "connectors/adls/abfs_options.h"
#include "connectors/common/field_checks.h"

namespace trib {

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

Status Invalid(std::string_view field, std::string_view rule) {
  const std::string name(field);
  return Status::InvalidArgument(name, "'" + name + "' " + std::string(rule));
}

Status CheckAccountName(std::string_view field, std::string_view value) {
  if (value.size() >= 3 && value.size() <= 24 &&
      std::all_of(value.begin(), value.end(), IsLowerAlnum)) {
    return Status::Ok();
  }
  return Invalid(field, "must be a storage account name: 3-24 lower-case letters and digits");
}

// Azure's container rules: 3-63 lower-case letters, digits and '-', starting and ending with a
// letter or digit, no "--".
Status CheckContainerName(std::string_view field, std::string_view value) {
  const bool ok =
      value.size() >= 3 && value.size() <= 63 && IsLowerAlnum(value.front()) &&
      IsLowerAlnum(value.back()) && value.find("--") == std::string_view::npos &&
      std::all_of(value.begin(), value.end(), [](char c) { return IsLowerAlnum(c) || c == '-'; });
  if (ok) return Status::Ok();
  return Invalid(field,
                 "must be a container name: 3-63 lower-case letters, digits and '-', starting and "
                 "ending with a letter or digit, without '--'");
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex).
bool IsGuid(std::string_view s) {
  constexpr std::array<size_t, 4> kDashes = {8, 13, 18, 23};
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = std::find(kDashes.begin(), kDashes.end(), i) != kDashes.end();
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  return true;
}

Status CheckApplicationId(std::string_view field, std::string_view value) {
  if (IsGuid(value)) return Status::Ok();
  return Invalid(field,
                 "must be an application (client) id: a GUID such as "
                 "00000000-0000-0000-0000-000000000000");
}

// A tenant is named by its GUID or by one of its domains (contoso.onmicrosoft.com).
Status CheckDirectoryId(std::string_view field, std::string_view value) {
  if (IsGuid(value) ||
      (value.find('.') != std::string_view::npos && CheckHostname(field, value).ok())) {
    return Status::Ok();
  }
  return Invalid(field,
                 "must be a directory (tenant) id: a GUID or a domain such as "
                 "contoso.onmicrosoft.com");
}

// The declared ABFS options; the two that name a service must be URLs.
Status CheckSparkOptions(const Json& options) {
  TRIB_RETURN_IF_ERROR(CheckOptionMap(AbfsOptions(), "spark_options", options));
  for (const char* key : {"fs.azure.abfs.endpoint", "fs.azure.account.oauth2.client.endpoint"}) {
    auto it = options.find(key);
    if (it == options.end() || !it->is_string()) continue;
    const std::string field = std::string("spark_options.") + key;
    const std::string& value = it->get_ref<const std::string&>();
    TRIB_RETURN_IF_ERROR(key == std::string_view("fs.azure.abfs.endpoint")
                             ? CheckServiceEndpoint(field, value)
                             : CheckServiceUrl(field, value));
  }
  return Status::Ok();
}

}  // namespace

TypeSpec MakeAdlsType() {
  TypeSpec spec;
  spec.name = "adls";
  spec.group = "Azure";
  spec.description =
      "A container of an Azure Data Lake Storage (or Blob) account, read and written as files; "
      "authenticate with a service principal, an account key, or neither to use the managed "
      "identity named by application_id, if it is mapped to the member's project role.";
  spec.fields = {
      IntegerField("generation", "The ADLS generation of the account: 1 or 2.", 1, 2).Default(2),
      WithCheck(StringField("directory_id",
                            "The Azure AD directory (tenant) id of the service principal."),
                CheckDirectoryId),
      WithCheck(StringField("application_id",
                            "The application (client) id of the service principal; without "
                            "service_credential and account_key, the client id of the managed "
                            "identity to use (mapped to your project role)."),
                CheckApplicationId),
      SecretField("service_credential",
                  "The client secret of the service principal; leave it and account_key empty "
                  "to use the managed identity named by application_id."),
      WithCheck(
          StringField("account_name", "The storage account name, e.g. mydatalake.").Required(),
          CheckAccountName),
      WithCheck(StringField("container_name", "The container (file system) inside the account.")
                    .Required(),
                CheckContainerName),
      WithCheck(SecretField("account_key",
                            "A storage account access key, for SharedKey authentication instead "
                            "of a service principal."),
                Base64Check(std::nullopt)),
      OptionsField("spark_options",
                   "Further options of the ABFS driver (fs.azure.* keys, declared_keys), e.g. "
                   "fs.azure.abfs.endpoint for an emulator.",
                   AbfsOptions())
          .Check(CheckSparkOptions),
  };
  spec.rules = {
      MutuallyExclusive({"service_credential", "account_key"}),
      Requires("service_credential", {"directory_id", "application_id"}),
  };
  return spec;
}

}  // namespace trib
