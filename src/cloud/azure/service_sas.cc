#include "cloud/azure/service_sas.h"

#include <ctime>

#include "cloud/aws/sigv4.h"
#include "cloud/azure/shared_key.h"

namespace trib::azure {

std::string SasTime(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

namespace {

std::string Protocol(const ContainerSas& sas) { return sas.allow_http ? "https,http" : "https"; }

}  // namespace

std::string ContainerSasStringToSign(const ContainerSas& sas) {
  // permissions, start, expiry, resource, identifier, IP, protocol, version, resource type,
  // snapshot time, encryption scope, then the five response-header overrides (none here).
  return sas.permissions + "\n" + SasTime(sas.start_ms) + "\n" + SasTime(sas.expiry_ms) + "\n" +
         "/blob/" + sas.account + "/" + sas.container + "\n" + "\n" + "\n" + Protocol(sas) + "\n" +
         kSasVersion + "\n" + "c" + "\n" + "\n" + "\n" + "\n" + "\n" + "\n" + "\n";
}

Result<std::string> SignContainerSas(const ContainerSas& sas, std::string_view base64_key) {
  TRIB_ASSIGN_OR_RETURN(std::string signature,
                        SignWithAccountKey(base64_key, ContainerSasStringToSign(sas)));
  return std::string("sv=") + kSasVersion + "&sr=c&sp=" + sas.permissions +
         "&st=" + aws::UriEncode(SasTime(sas.start_ms)) +
         "&se=" + aws::UriEncode(SasTime(sas.expiry_ms)) + "&spr=" + aws::UriEncode(Protocol(sas)) +
         "&sig=" + aws::UriEncode(signature);
}

}  // namespace trib::azure
