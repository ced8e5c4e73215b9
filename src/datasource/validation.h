// Turns an untrusted JSON definition into a validated one, or an error naming the field.
// Nothing is written before this has passed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "common/json.h"
#include "common/status.h"
#include "datasource/data_source.h"
#include "datasource/type_registry.h"

namespace trib {

struct ValidatedDefinition {
  std::string name;
  std::string type;
  std::string description;
  Json config = Json::object();  // non-secret values, defaults applied
  // JSON pointer -> plaintext; std::nullopt means "<redacted>" was sent: keep the stored one.
  std::map<std::string, std::optional<std::string>> secrets;
  std::optional<int64_t> version;  // what the client last saw (required on update)
};

// `existing` is the stored definition on update (its secret paths may be kept), null on create.
Result<ValidatedDefinition> ValidateDefinition(const TypeRegistry& registry, const Json& body,
                                               const DataSource* existing);

// The flat, redacted answer: name, type, description, the type's fields in table order
// (secrets as "<redacted>"), then version, created, updated.
Json RenderDefinition(const TypeSpec& spec, const DataSource& source);

// Names: 1-128 of [A-Za-z0-9_.-], starting with a letter, digit or '_', no "..".
Status ValidateDataSourceName(const Json& value);

// A JSON pointer token (RFC 6901) back to its key: "~1" is '/', "~0" is '~'.
std::string UnescapePointerToken(std::string_view token);
// Project names: 2-63 of [A-Za-z0-9_], starting with a letter (they become directory names
// and prefixes of the default data sources).
Status ValidateProjectName(const Json& value);
// User names: 1-64 of [A-Za-z0-9_.@-].
Status ValidateUserName(const Json& value);

}  // namespace trib
