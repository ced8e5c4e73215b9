#include "clientlib/type_info.h"

#include "common/strings.h"

#include <algorithm>
#include <cctype>

namespace trib::cli {

namespace {

Status Malformed(const std::string& what) {
  return Status(StatusCode::kInternal, "the server's type description is malformed: " + what);
}

Result<std::vector<std::string>> StringList(const Json& field, const char* key,
                                            const std::string& where) {
  std::vector<std::string> out;
  auto it = field.find(key);
  if (it == field.end() || it->is_null()) return out;
  if (!it->is_array()) return Malformed(where + "." + key + " is not a list");
  for (const auto& item : *it) {
    if (!item.is_string()) return Malformed(where + "." + key + " holds a non-string");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<int64_t> OptionalInteger(const Json& field, const char* key) {
  auto it = field.find(key);
  if (it == field.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

std::string OptionalString(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<FieldInfo> ParseField(const Json& field, const std::string& type_name) {
  if (!field.is_object()) return Malformed("a field of '" + type_name + "' is not an object");
  FieldInfo info;
  auto name = field.find("name");
  auto kind = field.find("kind");
  if (name == field.end() || !name->is_string()) {
    return Malformed("a field of '" + type_name + "' has no name");
  }
  info.name = name->get<std::string>();
  const std::string where = type_name + "." + info.name;
  if (kind == field.end() || !kind->is_string()) return Malformed(where + " has no kind");
  info.kind = kind->get<std::string>();
  // Whether a field is secret decides what the CLI accepts on argv: never guess it.
  auto secret = field.find("secret");
  if (secret == field.end() || !secret->is_boolean()) {
    return Malformed(where + " does not say whether it is secret");
  }
  info.secret = secret->get<bool>();
  auto required = field.find("required");
  info.required = required != field.end() && required->is_boolean() && required->get<bool>();
  if (auto it = field.find("default"); it != field.end()) info.default_value = *it;
  TRIB_ASSIGN_OR_RETURN(info.choices, StringList(field, "choices", where));
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> markers,
                        StringList(field, "secret_key_markers", where));
  for (auto& m : markers) info.secret_key_markers.push_back(ToLower(m));
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> keys, StringList(field, "secret_keys", where));
  for (auto& k : keys) info.secret_keys.push_back(ToLower(k));
  info.minimum = OptionalInteger(field, "minimum");
  info.maximum = OptionalInteger(field, "maximum");
  info.description = OptionalString(field, "description");
  return info;
}

}  // namespace

bool FieldInfo::IsSecretMapKey(std::string_view key) const {
  const std::string lower = ToLower(key);
  if (std::find(secret_keys.begin(), secret_keys.end(), lower) != secret_keys.end()) return true;
  return std::any_of(secret_key_markers.begin(), secret_key_markers.end(),
                     [&](const std::string& m) { return lower.find(m) != std::string::npos; });
}

const FieldInfo* TypeInfo::Find(std::string_view field) const {
  for (const auto& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

std::string TypeInfo::FieldList() const {
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

Result<TypeInfo> ParseTypeInfo(const Json& type) {
  if (!type.is_object()) return Malformed("a type is not an object");
  TypeInfo info;
  info.name = OptionalString(type, "type");
  if (info.name.empty()) return Malformed("a type has no name");
  info.group = OptionalString(type, "group");
  info.description = OptionalString(type, "description");
  auto fields = type.find("fields");
  if (fields == type.end() || !fields->is_array()) {
    return Malformed("type '" + info.name + "' has no field list");
  }
  for (const auto& field : *fields) {
    TRIB_ASSIGN_OR_RETURN(FieldInfo f, ParseField(field, info.name));
    info.fields.push_back(std::move(f));
  }
  return info;
}

Result<std::vector<TypeInfo>> ParseTypeList(const Json& answer) {
  auto types = answer.is_object() ? answer.find("types") : answer.end();
  if (!answer.is_object() || types == answer.end() || !types->is_array()) {
    return Malformed("no \"types\" list");
  }
  std::vector<TypeInfo> out;
  for (const auto& type : *types) {
    TRIB_ASSIGN_OR_RETURN(TypeInfo info, ParseTypeInfo(type));
    out.push_back(std::move(info));
  }
  return out;
}

Result<TypeInfo> FindType(const std::vector<TypeInfo>& types, std::string_view name) {
  std::string known;
  for (const auto& t : types) {
    if (t.name == name) return t;
    if (!known.empty()) known += ", ";
    known += t.name;
  }
  return Status::InvalidArgument(
      "type", "unknown data source type '" + std::string(name) + "' (types: " + known + ")");
}

}  // namespace trib::cli
