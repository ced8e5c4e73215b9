#include "connectors/common/secret_arguments.h"

#include "datasource/validation.h"

namespace trib {

std::map<std::string, std::string> NonSecretArguments(const Json& config,
                                                      const std::string& field) {
  std::map<std::string, std::string> out;
  auto it = config.find(field);
  if (it == config.end() || !it->is_object()) return out;
  for (const auto& [key, value] : it->items()) {
    out[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return out;
}

std::map<std::string, std::string> SecretArguments(
    const std::map<std::string, std::string>& secrets, const std::string& field) {
  std::map<std::string, std::string> out;
  const std::string prefix = "/" + field + "/";
  for (const auto& [pointer, value] : secrets) {
    if (pointer.compare(0, prefix.size(), prefix) == 0) {
      out[UnescapePointerToken(pointer.substr(prefix.size()))] = value;
    }
  }
  return out;
}

std::map<std::string, std::string> MergedArguments(
    const Json& config, const std::map<std::string, std::string>& secrets,
    const std::string& field) {
  std::map<std::string, std::string> out = NonSecretArguments(config, field);
  for (auto& [key, value] : SecretArguments(secrets, field)) out[key] = std::move(value);
  return out;
}

std::vector<std::string> SecretValues(const std::map<std::string, std::string>& secrets) {
  std::vector<std::string> out;
  for (const auto& [pointer, value] : secrets) out.push_back(value);
  return out;
}

}  // namespace trib
