// The one declaration of a data-source type's fields. Validation, storage, redaction, the REST
// schema, the CLI and the web form all read these tables; nothing else lists fields.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/option_table.h"
#include "common/status.h"

namespace trib {

enum class FieldKind { kString, kInteger, kBoolean, kEnum, kStringMap };

std::string_view FieldKindName(FieldKind kind);

// What a redacted secret looks like in every answer; sent back, it keeps the stored value.
inline constexpr std::string_view kRedacted = "<redacted>";

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::kString;
  bool required = false;
  bool secret = false;               // the whole value is kept in the vault and never shown
  Json default_value;                // null: no default
  std::vector<std::string> choices;  // kEnum: the allowed values
  // kStringMap: an entry is secret when its lower-cased key contains one of these markers.
  std::vector<std::string> secret_key_markers;
  int64_t min = std::numeric_limits<int64_t>::min();  // kInteger bounds
  int64_t max = std::numeric_limits<int64_t>::max();
  size_t max_length = 4096;  // strings and map values
  // kStringMap: the keys a client or driver takes, per driver, as GET /datasource-types shows
  // them ({"postgresql": [{"name", "kind", "secret", "description", "choices"?}], ...}); the
  // type's rules check entries against the same tables. Null: not declared here.
  Json declared_keys;
  // kStringMap whose keys one client declares: the table checks every entry and alone says
  // which entries are secret (secret_key_markers stay empty). Static lifetime.
  const OptionTable* options = nullptr;
  // Extra rule on a well-kinded value; returns an error naming this field (or "" to let the
  // caller fill it in).
  std::function<Status(const Json& value)> check;
  std::string description;

  // Fluent declaration helpers used by the per-type tables.
  FieldSpec& Required() {
    required = true;
    return *this;
  }
  FieldSpec& Default(Json value) {
    default_value = std::move(value);
    return *this;
  }
  FieldSpec& Check(std::function<Status(const Json&)> fn) {
    check = std::move(fn);
    return *this;
  }
  FieldSpec& MaxLength(size_t n) {
    max_length = n;
    return *this;
  }
  FieldSpec& DeclaredKeys(Json tables) {
    declared_keys = std::move(tables);
    return *this;
  }

  bool IsSecretMapKey(std::string_view key) const;
  // A secret field, or a map some of whose keys are secret.
  bool MayHoldSecrets() const;
};

// A map of options checked against `table` (declared_keys {"<table.client>": [...]}).
FieldSpec OptionsField(std::string name, std::string description, const OptionTable& table);

FieldSpec StringField(std::string name, std::string description);
FieldSpec SecretField(std::string name, std::string description);
FieldSpec IntegerField(std::string name, std::string description, int64_t min, int64_t max);
FieldSpec BooleanField(std::string name, std::string description);
FieldSpec EnumField(std::string name, std::string description, std::vector<std::string> choices);
FieldSpec MapField(std::string name, std::string description,
                   std::vector<std::string> secret_key_markers);

// A type's fields after per-field validation, secrets shown as "<redacted>" when present; the
// cross-field rules below read this view.
using FieldView = Json;

struct TypeSpec {
  std::string name;   // lower-case type name, e.g. "s3"
  std::string group;  // "cloud agnostic", "AWS", "Azure", "GCP"
  std::string description;
  std::vector<FieldSpec> fields;
  // Rules across fields (e.g. an IAM role excludes access keys), run after every field passed.
  std::vector<std::function<Status(const FieldView&)>> rules;

  const FieldSpec* Find(std::string_view field) const;
  // "a, b, c": the allowed field names, for "unknown field" errors.
  std::string FieldList() const;
  // The field table as JSON: what GET /datasource-types serves to forms and clients.
  Json Describe() const;
};

// Reusable cross-field rules. A field counts as set when it is present and not null/"".
bool IsSet(const FieldView& view, std::string_view field);
std::function<Status(const FieldView&)> MutuallyExclusive(std::vector<std::string> fields);
std::function<Status(const FieldView&)> AtLeastOneOf(std::vector<std::string> fields);
// When `trigger` is set, every one of `needed` must be set too.
std::function<Status(const FieldView&)> Requires(std::string trigger,
                                                 std::vector<std::string> needed);
// When any of `group` is set, all of them must be.
std::function<Status(const FieldView&)> AllOrNone(std::vector<std::string> group);

}  // namespace trib
