// Edits to a data-source definition given on the command line (--set, --unset, --secret),
// checked against the type's field table: values are converted by field kind, and secret
// fields (or secret map entries) are refused on argv, since argv is visible to other users of
// the machine and lands in shell histories.
#pragma once

#include <string>
#include <string_view>

#include "clientlib/type_info.h"
#include "common/json.h"
#include "common/status.h"

namespace trib::cli {

// A FIELD or MAP.KEY reference, resolved against a type. Map keys may hold dots themselves
// ("arguments.fs.s3a.endpoint" is key "fs.s3a.endpoint" of "arguments").
struct FieldPath {
  const FieldInfo* field = nullptr;
  std::string key;  // empty: the whole field

  bool IsMapEntry() const { return !key.empty(); }
  bool IsSecret() const;
  std::string Display() const;  // "password", "arguments.password"
};

Result<FieldPath> ResolveFieldPath(const TypeInfo& type, std::string_view path);

// Converts the text of a --set value by the field's kind: "5439" -> 5439, "true" -> true.
Result<Json> ConvertValue(const FieldInfo& field, std::string_view text);

// "FIELD=VALUE" or "MAP.KEY=VALUE" into `definition`; a secret target is refused.
Status ApplySet(const TypeInfo& type, std::string_view assignment, Json& definition);
// Removes FIELD or MAP.KEY from `definition` (absent is fine: the result is the same).
Status ApplyUnset(const TypeInfo& type, std::string_view path, Json& definition);
// Refuses --secret on a target the server would store and show in clear.
Status CheckSecretTarget(const FieldPath& path);
// Stores a secret read from a prompt, file or stdin; only secret targets are accepted, so a
// value the user believes protected is never stored in clear.
Status ApplySecret(const FieldPath& path, std::string value, Json& definition);

// A definition as answered by the server, made ready to send back with PUT: the answer-only
// keys (created, updated, default) go, `version` and the "<redacted>" secrets stay.
Json DefinitionForUpdate(const Json& answer);

// A base definition from --file for POST: also drops `version`, so that `show --output json`
// of one source can seed another.
Json DefinitionForCreate(const Json& file_definition);

// On create there is no stored secret for "<redacted>" to keep: name the field to give.
Status RefuseRedacted(const Json& definition);

// The error text that tells how to give a secret instead of putting it on the command line.
std::string SecretHint(std::string_view path);

}  // namespace trib::cli
