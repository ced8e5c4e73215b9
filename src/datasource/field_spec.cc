#include "datasource/field_spec.h"

#include "common/strings.h"

#include <algorithm>
#include <cctype>

namespace trib {

namespace {

FieldSpec Make(std::string name, FieldKind kind, std::string description) {
  FieldSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.description = std::move(description);
  return spec;
}

}  // namespace

std::string_view FieldKindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
      return "string";
    case FieldKind::kInteger:
      return "integer";
    case FieldKind::kBoolean:
      return "boolean";
    case FieldKind::kEnum:
      return "enum";
    case FieldKind::kStringMap:
      return "map";
  }
  return "unknown";
}

bool FieldSpec::IsSecretMapKey(std::string_view key) const {
  if (options != nullptr) {
    const OptionSpec* option = options->Find(key);
    return option == nullptr || option->secret;  // an undeclared key is refused; seal it anyway
  }
  const std::string lower = ToLower(key);
  return std::any_of(secret_key_markers.begin(), secret_key_markers.end(),
                     [&](const std::string& m) { return lower.find(m) != std::string::npos; });
}

bool FieldSpec::MayHoldSecrets() const {
  if (secret) return true;
  if (kind != FieldKind::kStringMap) return false;
  if (options == nullptr) return !secret_key_markers.empty();
  return std::any_of(options->options.begin(), options->options.end(),
                     [](const OptionSpec& option) { return option.secret; });
}

FieldSpec StringField(std::string name, std::string description) {
  return Make(std::move(name), FieldKind::kString, std::move(description));
}

FieldSpec SecretField(std::string name, std::string description) {
  FieldSpec spec = Make(std::move(name), FieldKind::kString, std::move(description));
  spec.secret = true;
  spec.max_length = 65536;  // private keys and service-account JSON are long
  return spec;
}

FieldSpec IntegerField(std::string name, std::string description, int64_t min, int64_t max) {
  FieldSpec spec = Make(std::move(name), FieldKind::kInteger, std::move(description));
  spec.min = min;
  spec.max = max;
  return spec;
}

FieldSpec BooleanField(std::string name, std::string description) {
  return Make(std::move(name), FieldKind::kBoolean, std::move(description));
}

FieldSpec EnumField(std::string name, std::string description, std::vector<std::string> choices) {
  FieldSpec spec = Make(std::move(name), FieldKind::kEnum, std::move(description));
  spec.choices = std::move(choices);
  return spec;
}

FieldSpec MapField(std::string name, std::string description,
                   std::vector<std::string> secret_key_markers) {
  FieldSpec spec = Make(std::move(name), FieldKind::kStringMap, std::move(description));
  spec.secret_key_markers = std::move(secret_key_markers);
  return spec;
}

FieldSpec OptionsField(std::string name, std::string description, const OptionTable& table) {
  FieldSpec spec = Make(std::move(name), FieldKind::kStringMap, std::move(description));
  spec.options = &table;
  spec.declared_keys = Json{{std::string(table.client), table.Describe()}};
  const std::string field = spec.name;
  spec.check = [&table, field](const Json& value) { return CheckOptionMap(table, field, value); };
  return spec;
}

const FieldSpec* TypeSpec::Find(std::string_view field) const {
  for (const auto& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

std::string TypeSpec::FieldList() const {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  return Join(names);
}

Json TypeSpec::Describe() const {
  Json out = {{"type", name}, {"group", group}, {"description", description}};
  Json list = Json::array();
  for (const auto& f : fields) {
    Json field = {{"name", f.name},
                  {"kind", FieldKindName(f.kind)},
                  {"required", f.required},
                  {"secret", f.secret},
                  {"description", f.description}};
    if (!f.default_value.is_null()) field["default"] = f.default_value;
    if (f.kind == FieldKind::kEnum) field["choices"] = f.choices;
    if (f.kind == FieldKind::kInteger) {
      field["minimum"] = f.min;
      field["maximum"] = f.max;
    }
    if (f.kind == FieldKind::kString) field["max_length"] = f.max_length;
    if (f.kind == FieldKind::kStringMap) field["secret_key_markers"] = f.secret_key_markers;
    if (f.options != nullptr) {
      Json secret_keys = Json::array();
      for (const OptionSpec& option : f.options->options) {
        if (option.secret) secret_keys.push_back(option.name);
      }
      field["secret_keys"] = std::move(secret_keys);
    }
    if (!f.declared_keys.is_null()) field["declared_keys"] = f.declared_keys;
    list.push_back(std::move(field));
  }
  out["fields"] = std::move(list);
  return out;
}

bool IsSet(const FieldView& view, std::string_view field) {
  auto it = view.find(field);
  if (it == view.end() || it->is_null()) return false;
  if (it->is_string()) return !it->get_ref<const std::string&>().empty();
  if (it->is_object()) return !it->empty();
  return true;
}

std::function<Status(const FieldView&)> MutuallyExclusive(std::vector<std::string> fields) {
  return [fields = std::move(fields)](const FieldView& view) -> Status {
    const std::string* first = nullptr;
    for (const auto& f : fields) {
      if (!IsSet(view, f)) continue;
      if (first != nullptr) {
        return Status::InvalidArgument(f, "'" + f + "' cannot be combined with '" + *first +
                                              "': choose one of " + Join(fields));
      }
      first = &f;
    }
    return Status::Ok();
  };
}

std::function<Status(const FieldView&)> AtLeastOneOf(std::vector<std::string> fields) {
  return [fields = std::move(fields)](const FieldView& view) -> Status {
    for (const auto& f : fields) {
      if (IsSet(view, f)) return Status::Ok();
    }
    return Status::InvalidArgument(fields.front(), "one of " + Join(fields) + " is required");
  };
}

std::function<Status(const FieldView&)> Requires(std::string trigger,
                                                 std::vector<std::string> needed) {
  return [trigger = std::move(trigger), needed = std::move(needed)](const FieldView& view) {
    if (!IsSet(view, trigger)) return Status::Ok();
    for (const auto& f : needed) {
      if (!IsSet(view, f)) {
        return Status::InvalidArgument(f, "'" + f + "' is required when '" + trigger + "' is set");
      }
    }
    return Status::Ok();
  };
}

std::function<Status(const FieldView&)> AllOrNone(std::vector<std::string> group) {
  return [group = std::move(group)](const FieldView& view) -> Status {
    const std::string* present = nullptr;
    for (const auto& f : group) {
      if (IsSet(view, f)) present = &f;
    }
    if (present == nullptr) return Status::Ok();
    for (const auto& f : group) {
      if (!IsSet(view, f)) {
        return Status::InvalidArgument(f, "'" + f + "' is required together with '" + *present +
                                              "' (" + Join(group) + " go together)");
      }
    }
    return Status::Ok();
  };
}

}  // namespace trib
