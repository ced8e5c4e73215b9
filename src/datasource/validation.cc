#include "datasource/validation.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/clock.h"

namespace trib {

namespace {

// Keys a client may send back from a GET answer; they are read-only and ignored.
constexpr std::array<std::string_view, 6> kEnvelopeKeys = {"created", "updated", "id",
                                                           "project", "default", "version"};

bool IsEnvelopeKey(std::string_view key) {
  return key == "name" || key == "type" || key == "description" ||
         std::find(kEnvelopeKeys.begin(), kEnvelopeKeys.end(), key) != kEnvelopeKeys.end();
}

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
}

Status CheckString(const FieldSpec& spec, const std::string& field, const Json& value) {
  if (!value.is_string()) {
    return Status::InvalidArgument(
        field, "'" + field + "' must be a string, got " + std::string(JsonKindName(value)));
  }
  const auto& s = value.get_ref<const std::string&>();
  if (s.size() > spec.max_length) {
    return Status::InvalidArgument(
        field, "'" + field + "' is longer than " + std::to_string(spec.max_length) + " characters");
  }
  if (HasControlCharacter(s)) {
    return Status::InvalidArgument(field, "'" + field + "' contains control characters");
  }
  return Status::Ok();
}

// nlohmann parses every non-negative integer as unsigned: both bounds apply to it too.
bool InRange(const Json& value, int64_t min, int64_t max) {
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (max < 0 || u > static_cast<uint64_t>(max)) return false;
    return min <= 0 || u >= static_cast<uint64_t>(min);
  }
  const int64_t i = value.get<int64_t>();
  return i >= min && i <= max;
}

Status RunCheck(const FieldSpec& spec, const std::string& field, const Json& value) {
  if (!spec.check) return Status::Ok();
  Status st = spec.check(value);
  if (st.ok()) return st;
  return Status(st.code(), st.message(), st.field().empty() ? field : st.field());
}

class Validator {
 public:
  Validator(const TypeSpec& spec, const DataSource* existing) : spec_(spec), existing_(existing) {}

  Status Field(const FieldSpec& f, const Json& body, ValidatedDefinition& out) {
    auto it = body.find(f.name);
    if (it == body.end() || it->is_null() ||
        (it->is_string() && it->get_ref<const std::string&>().empty())) {
      if (!f.default_value.is_null()) {
        out.config[f.name] = f.default_value;
        view_[f.name] = f.default_value;
      }
      return Status::Ok();
    }
    const Json& value = *it;
    switch (f.kind) {
      case FieldKind::kString:
        TRIB_RETURN_IF_ERROR(CheckString(f, f.name, value));
        if (f.secret) return Secret(f, "/" + EscapePointerToken(f.name), f.name, value, out);
        TRIB_RETURN_IF_ERROR(RunCheck(f, f.name, value));
        break;
      case FieldKind::kInteger:
        if (!value.is_number_integer()) {
          return Status::InvalidArgument(f.name, "'" + f.name + "' must be an integer, got " +
                                                     std::string(JsonKindName(value)));
        }
        if (!InRange(value, f.min, f.max)) {
          return Status::InvalidArgument(f.name, "'" + f.name + "' must be between " +
                                                     std::to_string(f.min) + " and " +
                                                     std::to_string(f.max));
        }
        TRIB_RETURN_IF_ERROR(RunCheck(f, f.name, value));
        break;
      case FieldKind::kBoolean:
        if (!value.is_boolean()) {
          return Status::InvalidArgument(f.name, "'" + f.name + "' must be true or false, got " +
                                                     std::string(JsonKindName(value)));
        }
        break;
      case FieldKind::kEnum: {
        std::string allowed;
        for (const auto& c : f.choices) allowed += (allowed.empty() ? "" : ", ") + c;
        if (!value.is_string() || std::find(f.choices.begin(), f.choices.end(),
                                            value.get<std::string>()) == f.choices.end()) {
          return Status::InvalidArgument(f.name, "'" + f.name + "' must be one of: " + allowed);
        }
        break;
      }
      case FieldKind::kStringMap:
        return Map(f, value, out);
    }
    out.config[f.name] = value;
    view_[f.name] = value;
    return Status::Ok();
  }

  Status Map(const FieldSpec& f, const Json& value, ValidatedDefinition& out) {
    if (!value.is_object()) {
      return Status::InvalidArgument(f.name, "'" + f.name + "' must be an object of strings, got " +
                                                 std::string(JsonKindName(value)));
    }
    if (value.size() > 256) {
      return Status::InvalidArgument(f.name, "'" + f.name + "' has more than 256 entries");
    }
    Json plain = Json::object();
    Json shown = Json::object();
    for (const auto& [key, entry] : value.items()) {
      const std::string path = f.name + "." + key;
      if (key.empty() || key.size() > 256 || HasControlCharacter(key)) {
        return Status::InvalidArgument(
            path, "keys of '" + f.name + "' must be 1-256 printable characters");
      }
      TRIB_RETURN_IF_ERROR(CheckString(f, path, entry));
      if (f.IsSecretMapKey(key)) {
        TRIB_RETURN_IF_ERROR(Secret(
            f, "/" + EscapePointerToken(f.name) + "/" + EscapePointerToken(key), path, entry, out));
        shown[key] = kRedacted;
      } else {
        plain[key] = entry;
        shown[key] = entry;
      }
    }
    if (!plain.empty()) out.config[f.name] = std::move(plain);
    view_[f.name] = std::move(shown);
    TRIB_RETURN_IF_ERROR(RunCheck(f, f.name, value));
    return Status::Ok();
  }

  Status Secret(const FieldSpec& f, const std::string& pointer, const std::string& field,
                const Json& value, ValidatedDefinition& out) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == kRedacted) {
      if (existing_ == nullptr || existing_->sealed_secrets.count(pointer) == 0) {
        return Status::InvalidArgument(
            field, "'" + field +
                       "' is \"<redacted>\" but there is no stored value to keep; send the value");
      }
      out.secrets[pointer] = std::nullopt;
    } else {
      if (f.kind == FieldKind::kString) TRIB_RETURN_IF_ERROR(RunCheck(f, field, value));
      out.secrets[pointer] = text;
    }
    if (f.kind == FieldKind::kString) view_[f.name] = kRedacted;
    return Status::Ok();
  }

  const FieldView& view() const { return view_; }

 private:
  const TypeSpec& spec_;
  const DataSource* existing_;
  FieldView view_ = FieldView::object();
};

// Allowed characters: letters (and digits when `digits`) plus the listed punctuation.
struct CharSet {
  bool digits;
  std::string_view extra;
  bool Has(char c) const {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || (digits && std::isdigit(u)) ||
           extra.find(c) != std::string_view::npos;
  }
};

Status CheckPattern(const Json& value, std::string_view field, size_t min_len, size_t max_len,
                    CharSet first, CharSet rest, std::string_view what) {
  const std::string name(field);
  if (!value.is_string()) {
    return Status::InvalidArgument(name, "'" + name + "' is required and must be a string");
  }
  const auto& s = value.get_ref<const std::string&>();
  bool ok = s.size() >= min_len && s.size() <= max_len && first.Has(s[0]);
  for (size_t i = 1; ok && i < s.size(); ++i) ok = rest.Has(s[i]);
  if (!ok) return Status::InvalidArgument(name, "'" + name + "' must be " + std::string(what));
  return Status::Ok();
}

}  // namespace

Status ValidateDataSourceName(const Json& value) {
  TRIB_RETURN_IF_ERROR(CheckPattern(value, "name", 1, 128, {true, "_"}, {true, "_.-"},
                                    "1-128 characters of letters, digits, '_', '.' and '-', "
                                    "starting with a letter, digit or '_'"));
  if (value.get_ref<const std::string&>().find("..") != std::string::npos) {
    return Status::InvalidArgument("name", "'name' must not contain '..'");
  }
  return Status::Ok();
}

Status ValidateProjectName(const Json& value) {
  return CheckPattern(value, "name", 2, 63, {false, ""}, {true, "_"},
                      "2-63 characters of letters, digits and '_', starting with a letter");
}

Status ValidateUserName(const Json& value) {
  return CheckPattern(value, "name", 1, 64, {true, ""}, {true, "_.@-"},
                      "1-64 characters of letters, digits, '_', '.', '@' and '-', starting with a "
                      "letter or digit");
}

Result<ValidatedDefinition> ValidateDefinition(const TypeRegistry& registry, const Json& body,
                                               const DataSource* existing) {
  if (!body.is_object()) {
    return Status::InvalidArgument("body", "a data source definition must be a JSON object");
  }
  auto type_it = body.find("type");
  if (type_it != body.end() && !type_it->is_null() && !type_it->is_string()) {
    return Status::InvalidArgument("type",
                                   "'type' must be a string; known types: " + registry.TypeList());
  }
  if (type_it == body.end() || !type_it->is_string()) {
    if (existing == nullptr) {
      return Status::InvalidArgument("type",
                                     "'type' is required; known types: " + registry.TypeList());
    }
  }
  const std::string type = (type_it != body.end() && type_it->is_string())
                               ? type_it->get<std::string>()
                               : existing->type;
  const TypeSpec* spec = registry.Find(type);
  if (spec == nullptr) {
    return Status::InvalidArgument("type", "unknown data source type '" + type.substr(0, 64) +
                                               "'; known types: " + registry.TypeList());
  }
  if (existing != nullptr && type != existing->type) {
    return Status::InvalidArgument("type", "the type of a data source cannot change (it is '" +
                                               existing->type + "'); create a new one instead");
  }

  ValidatedDefinition out;
  out.type = type;
  auto name_it = body.find("name");
  if (name_it == body.end()) {
    if (existing == nullptr) return Status::InvalidArgument("name", "'name' is required");
    out.name = existing->name;
  } else {
    TRIB_RETURN_IF_ERROR(ValidateDataSourceName(*name_it));
    out.name = name_it->get<std::string>();
  }
  if (auto it = body.find("description"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || it->get_ref<const std::string&>().size() > 1024) {
      return Status::InvalidArgument("description",
                                     "'description' must be a string of at most 1024 characters");
    }
    // As every other string: tab and newlines only, so stored text cannot drive a terminal.
    if (HasControlCharacter(it->get_ref<const std::string&>())) {
      return Status::InvalidArgument("description", "'description' contains control characters");
    }
    out.description = it->get<std::string>();
  }
  if (auto it = body.find("version"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1) {
      return Status::InvalidArgument("version", "'version' must be a positive integer");
    }
    out.version = it->get<int64_t>();
  }
  for (const auto& [key, value] : body.items()) {
    if (!IsEnvelopeKey(key) && spec->Find(key) == nullptr) {
      return Status::InvalidArgument(
          key.substr(0, 128), "unknown field '" + key.substr(0, 128) + "' for type '" + type +
                                  "'; allowed fields: name, description, " + spec->FieldList());
    }
  }

  Validator validator(*spec, existing);
  for (const auto& f : spec->fields) TRIB_RETURN_IF_ERROR(validator.Field(f, body, out));
  for (const auto& f : spec->fields) {
    if (f.required && !IsSet(validator.view(), f.name)) {
      return Status::InvalidArgument(f.name,
                                     "'" + f.name + "' is required for type '" + type + "'");
    }
  }
  for (const auto& rule : spec->rules) TRIB_RETURN_IF_ERROR(rule(validator.view()));
  return out;
}

Json RenderDefinition(const TypeSpec& spec, const DataSource& source) {
  Json out = {{"name", source.name}, {"type", source.type}, {"description", source.description}};
  for (const auto& f : spec.fields) {
    const std::string pointer = "/" + EscapePointerToken(f.name);
    if (f.secret) {
      if (source.sealed_secrets.count(pointer) != 0) out[f.name] = kRedacted;
      continue;
    }
    auto it = source.config.find(f.name);
    if (f.kind != FieldKind::kStringMap) {
      if (it != source.config.end()) out[f.name] = *it;
      continue;
    }
    Json map = it != source.config.end() ? *it : Json::object();
    const std::string prefix = pointer + "/";
    for (auto s = source.sealed_secrets.lower_bound(prefix);
         s != source.sealed_secrets.end() && s->first.compare(0, prefix.size(), prefix) == 0; ++s) {
      map[UnescapePointerToken(std::string_view(s->first).substr(prefix.size()))] = kRedacted;
    }
    if (!map.empty()) out[f.name] = std::move(map);
  }
  out["version"] = source.version;
  out["created"] = FormatIso8601(source.created_ms);
  out["updated"] = FormatIso8601(source.updated_ms);
  out["default"] = source.is_default;
  return out;
}

std::string UnescapePointerToken(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace trib
