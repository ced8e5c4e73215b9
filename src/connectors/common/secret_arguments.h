// A definition's `arguments` map, whose secret entries the vault keeps apart (by JSON pointer
// "/arguments/<key>"), put back together for a driver, or split for engine options.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/json.h"

namespace trib {

// Non-secret entries of config[field] (as strings) plus the opened secret ones.
std::map<std::string, std::string> MergedArguments(
    const Json& config, const std::map<std::string, std::string>& secrets,
    const std::string& field);
std::map<std::string, std::string> NonSecretArguments(const Json& config, const std::string& field);
std::map<std::string, std::string> SecretArguments(
    const std::map<std::string, std::string>& secrets, const std::string& field);
// Every opened secret value, to scrub from messages.
std::vector<std::string> SecretValues(const std::map<std::string, std::string>& secrets);

}  // namespace trib
