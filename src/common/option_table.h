// A client's or driver's options, declared once (as librdkafka declares every property): the
// allowlist a map of options is checked against when a definition is written and again when it
// is used, the source of which keys are secrets, and what GET /datasource-types and
// docs/datasource-types.md show.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"

namespace trib {

enum class OptionKind { kText, kInteger, kBoolean, kChoice, kProjectFile, kByteSize };

// "text", "integer", "boolean", "choice", "project_file", "byte_size".
std::string_view OptionKindName(OptionKind kind);

// "512MB", "1.5 GiB", "2048" (bytes): the bytes, or nullopt. Units B, KB/MB/GB/TB (powers of
// 1000) and KiB/MiB/GiB/TiB (powers of 1024), any case, as DuckDB reads them.
std::optional<int64_t> ParseByteSize(std::string_view text);

struct OptionSpec {
  std::string_view name;
  OptionKind kind = OptionKind::kText;
  std::string_view description;
  std::vector<std::string_view> choices = {};  // kChoice: the accepted values (any case)
  bool secret = false;                         // stored sealed, answered as "<redacted>"
  int64_t max = 0;  // kInteger: the largest value; kByteSize: the most bytes (0: no bound)
};

// How a key is compared with the declared names.
enum class KeyMatch {
  kExact,
  kAnyCase,
  kLoose,  // any case, '-' and '_' ignored (Connector/J spellings vary)
};

// A key that the type sets through a field of its own: one place to set each, so the two
// cannot disagree (and a secret cannot hide in a map).
struct OwnField {
  std::string_view key;
  std::string_view field;
};

struct OptionTable {
  std::string_view client;  // how messages name it, e.g. "Kafka client", "S3A"
  KeyMatch match = KeyMatch::kExact;
  std::vector<OptionSpec> options;
  std::vector<OwnField> own_fields = {};

  // The declaration `key` matches, or null.
  const OptionSpec* Find(std::string_view key) const;
  // "a, b, c", or "none".
  std::string Names() const;
  // [{"name", "kind", "secret", "description", "maximum"?, "choices"?}].
  Json Describe() const;
};

// `value` has the kind `option` declares. `field` is what the error names; `label` how the
// message names the option (e.g. "'arguments.sslmode'"). Values are never repeated.
Status CheckOptionValue(const OptionSpec& option, std::string_view value, const std::string& field,
                        const std::string& label);

// Every key of the JSON object `map` (the field `map_field` of a definition) is declared in
// `table`, is not one that has its own field, and has a value of the declared kind. Errors name
// "<map_field>.<key>" and list the allowed keys.
Status CheckOptionMap(const OptionTable& table, const std::string& map_field, const Json& map);

}  // namespace trib
