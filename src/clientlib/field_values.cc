#include "clientlib/field_values.h"

#include "common/strings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace trib::cli {

namespace {

bool IsRedacted(const Json& value) {
  return value.is_string() && value.get_ref<const std::string&>() == "<redacted>";
}

Json& MapOf(Json& definition, const std::string& field) {
  Json& map = definition[field];
  if (!map.is_object()) map = Json::object();
  return map;
}

}  // namespace

bool FieldPath::IsSecret() const {
  if (field->secret) return true;
  return IsMapEntry() && field->IsSecretMapKey(key);
}

std::string FieldPath::Display() const {
  return IsMapEntry() ? field->name + "." + key : field->name;
}

Result<FieldPath> ResolveFieldPath(const TypeInfo& type, std::string_view path) {
  const size_t dot = path.find('.');
  const std::string name(path.substr(0, dot));
  if (name.empty()) return Status::InvalidArgument("", "empty field name");
  const FieldInfo* field = type.Find(name);
  if (field == nullptr) {
    std::string hint = name == "description" ? " (use --description)" : "";
    return Status::InvalidArgument(name, "unknown field '" + name + "' for type " + type.name +
                                             hint + " (fields: " + type.FieldList() + ")");
  }
  FieldPath out{field, ""};
  if (dot == std::string_view::npos) {
    if (field->IsMap()) {
      return Status::InvalidArgument(
          name, "'" + name + "' is a map: name an entry, as in " + name + ".KEY=VALUE");
    }
    return out;
  }
  if (!field->IsMap()) {
    return Status::InvalidArgument(name, "'" + name + "' is not a map field, it has no entries");
  }
  out.key = std::string(path.substr(dot + 1));
  if (out.key.empty()) {
    return Status::InvalidArgument(name, "empty key after '" + name + ".'");
  }
  return out;
}

Result<Json> ConvertValue(const FieldInfo& field, std::string_view text) {
  const std::string& name = field.name;
  if (field.kind == "string" || field.kind == "map") return Json(std::string(text));
  if (field.kind == "integer") {
    int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
      return Status::InvalidArgument(
          name, "'" + name + "' takes an integer, not '" + std::string(text) + "'");
    }
    if ((field.minimum && value < *field.minimum) || (field.maximum && value > *field.maximum)) {
      return Status::InvalidArgument(name, "'" + name + "' must be between " +
                                               std::to_string(field.minimum.value_or(INT64_MIN)) +
                                               " and " +
                                               std::to_string(field.maximum.value_or(INT64_MAX)));
    }
    return Json(value);
  }
  if (field.kind == "boolean") {
    const std::string lower = ToLower(text);
    if (lower == "true") return Json(true);
    if (lower == "false") return Json(false);
    return Status::InvalidArgument(
        name, "'" + name + "' takes true or false, not '" + std::string(text) + "'");
  }
  if (field.kind == "enum") {
    if (!field.choices.empty() &&
        std::find(field.choices.begin(), field.choices.end(), text) == field.choices.end()) {
      return Status::InvalidArgument(name, "'" + name + "' takes one of " + Join(field.choices) +
                                               ", not '" + std::string(text) + "'");
    }
    return Json(std::string(text));
  }
  return Status::InvalidArgument(
      name, "'" + name + "' has kind '" + field.kind + "' that this client cannot set; use --file");
}

std::string SecretHint(std::string_view path) {
  const std::string p(path);
  return "'" + p + "' is secret and is never taken from the command line: use --secret " + p +
         " (prompt), --secret " + p + "=@FILE or --secret " + p + "=- (stdin)";
}

Status ApplySet(const TypeInfo& type, std::string_view assignment, Json& definition) {
  const size_t eq = assignment.find('=');
  // Never echo the argument: a value may be behind the missing '='.
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument("", "--set takes FIELD=VALUE or MAP.KEY=VALUE");
  }
  TRIB_ASSIGN_OR_RETURN(FieldPath path, ResolveFieldPath(type, assignment.substr(0, eq)));
  if (path.IsSecret()) return Status::InvalidArgument(path.Display(), SecretHint(path.Display()));
  const std::string_view text = assignment.substr(eq + 1);
  if (path.IsMapEntry()) {
    MapOf(definition, path.field->name)[path.key] = std::string(text);
    return Status::Ok();
  }
  TRIB_ASSIGN_OR_RETURN(Json value, ConvertValue(*path.field, text));
  definition[path.field->name] = std::move(value);
  return Status::Ok();
}

Status ApplyUnset(const TypeInfo& type, std::string_view path_text, Json& definition) {
  const size_t dot = path_text.find('.');
  const FieldInfo* whole = type.Find(path_text.substr(0, dot));
  // A whole map may be unset at once, which ResolveFieldPath refuses for --set.
  if (whole != nullptr && whole->IsMap() && dot == std::string_view::npos) {
    definition.erase(whole->name);
    return Status::Ok();
  }
  TRIB_ASSIGN_OR_RETURN(FieldPath path, ResolveFieldPath(type, path_text));
  if (!path.IsMapEntry()) {
    definition.erase(path.field->name);
    return Status::Ok();
  }
  auto map = definition.find(path.field->name);
  if (map != definition.end() && map->is_object()) map->erase(path.key);
  return Status::Ok();
}

Status CheckSecretTarget(const FieldPath& path) {
  const std::string display = path.Display();
  if (!path.IsSecret()) {
    return Status::InvalidArgument(
        display, "'" + display + "' is not a secret field (it would be stored and shown in " +
                     "clear): use --set " + display + "=VALUE");
  }
  if (path.field->kind != "string" && !path.IsMapEntry()) {
    return Status::InvalidArgument(display, "'" + display + "' has kind '" + path.field->kind +
                                                "' that this client cannot read as a secret");
  }
  return Status::Ok();
}

Status ApplySecret(const FieldPath& path, std::string value, Json& definition) {
  TRIB_RETURN_IF_ERROR(CheckSecretTarget(path));
  const std::string display = path.Display();
  if (value.empty()) return Status::InvalidArgument(display, "empty secret for '" + display + "'");
  if (path.IsMapEntry()) {
    MapOf(definition, path.field->name)[path.key] = std::move(value);
  } else {
    definition[path.field->name] = std::move(value);
  }
  return Status::Ok();
}

Json DefinitionForUpdate(const Json& answer) {
  Json out = answer;
  for (const char* key : {"created", "updated", "default"}) out.erase(key);
  return out;
}

Json DefinitionForCreate(const Json& file_definition) {
  Json out = DefinitionForUpdate(file_definition);
  out.erase("version");
  return out;
}

Status RefuseRedacted(const Json& definition) {
  for (auto it = definition.begin(); it != definition.end(); ++it) {
    if (IsRedacted(it.value())) {
      return Status::InvalidArgument(
          it.key(),
          "'" + it.key() + "' is \"<redacted>\": give the value with --secret " + it.key());
    }
    if (!it.value().is_object()) continue;
    for (auto entry = it.value().begin(); entry != it.value().end(); ++entry) {
      if (IsRedacted(entry.value())) {
        const std::string path = it.key() + "." + entry.key();
        return Status::InvalidArgument(
            path, "'" + path + "' is \"<redacted>\": give the value with --secret " + path);
      }
    }
  }
  return Status::Ok();
}

}  // namespace trib::cli
