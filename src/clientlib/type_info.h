// A data-source type as the server describes it (GET /datasource-types): the client's copy of
// the field table, read so that the CLI converts --set values and refuses secrets on argv.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace trib::cli {

struct FieldInfo {
  std::string name;
  std::string kind;  // "string", "integer", "boolean", "enum", "map"
  bool required = false;
  bool secret = false;
  Json default_value;  // null: none
  std::vector<std::string> choices;
  // map fields: an entry is secret when its lower-cased key contains one of these
  std::vector<std::string> secret_key_markers;
  // map fields whose keys a client declares: exactly these entries are secret (lower case)
  std::vector<std::string> secret_keys;
  std::optional<int64_t> minimum;
  std::optional<int64_t> maximum;
  std::string description;

  bool IsMap() const { return kind == "map"; }
  bool IsSecretMapKey(std::string_view key) const;
};

struct TypeInfo {
  std::string name;
  std::string group;
  std::string description;
  std::vector<FieldInfo> fields;

  const FieldInfo* Find(std::string_view field) const;
  std::string FieldList() const;  // "bucket, path, ..." for "unknown field" errors
};

// Reads one element of the answer's "types" array.
Result<TypeInfo> ParseTypeInfo(const Json& type);
// Reads the whole answer of GET /datasource-types.
Result<std::vector<TypeInfo>> ParseTypeList(const Json& answer);
// The named type, or an error that lists the known ones.
Result<TypeInfo> FindType(const std::vector<TypeInfo>& types, std::string_view name);

}  // namespace trib::cli
