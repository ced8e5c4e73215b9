#include "common/option_table.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "common/strings.h"

namespace trib {

namespace {

std::string Normalise(KeyMatch match, std::string_view key) {
  switch (match) {
    case KeyMatch::kExact:
      return std::string(key);
    case KeyMatch::kAnyCase:
      return ToLower(key);
    case KeyMatch::kLoose: {
      std::string out;
      for (char c : ToLower(key)) {
        if (c != '-' && c != '_') out += c;
      }
      return out;
    }
  }
  return std::string(key);
}

bool ParsesAsInteger(std::string_view value, int64_t max) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  return !value.empty() && ec == std::errc() && end == value.data() + value.size() && n >= 0 &&
         (max == 0 || n <= max);
}

bool ParsesAsBoolean(std::string_view value) {
  const std::string v = ToLower(value);
  return v == "true" || v == "false" || v == "1" || v == "0" || v == "yes" || v == "no";
}

}  // namespace

std::string_view OptionKindName(OptionKind kind) {
  switch (kind) {
    case OptionKind::kText:
      return "text";
    case OptionKind::kInteger:
      return "integer";
    case OptionKind::kBoolean:
      return "boolean";
    case OptionKind::kChoice:
      return "choice";
    case OptionKind::kProjectFile:
      return "project_file";
    case OptionKind::kByteSize:
      return "byte_size";
  }
  return "text";
}

std::optional<int64_t> ParseByteSize(std::string_view text) {
  text = Trim(text);
  size_t digits = 0;
  bool point = false;
  while (digits < text.size() &&
         ((text[digits] >= '0' && text[digits] <= '9') || (text[digits] == '.' && !point))) {
    point = point || text[digits] == '.';
    ++digits;
  }
  if (digits == 0 || digits > 20) return std::nullopt;
  const double number = std::strtod(std::string(text.substr(0, digits)).c_str(), nullptr);
  const std::string unit = ToLower(Trim(text.substr(digits)));
  static const std::pair<const char*, double> kUnits[] = {{"", 1},
                                                          {"b", 1},
                                                          {"bytes", 1},
                                                          {"kb", 1e3},
                                                          {"mb", 1e6},
                                                          {"gb", 1e9},
                                                          {"tb", 1e12},
                                                          {"kib", 1024.0},
                                                          {"mib", 1048576.0},
                                                          {"gib", 1073741824.0},
                                                          {"tib", 1099511627776.0}};
  for (const auto& [name, factor] : kUnits) {
    if (unit != name) continue;
    const double bytes = number * factor;
    if (bytes >= 9.2e18) return std::nullopt;
    return static_cast<int64_t>(bytes);
  }
  return std::nullopt;
}

const OptionSpec* OptionTable::Find(std::string_view key) const {
  const std::string wanted = Normalise(match, key);
  for (const OptionSpec& option : options) {
    if (Normalise(match, option.name) == wanted) return &option;
  }
  return nullptr;
}

std::string OptionTable::Names() const {
  std::vector<std::string> names;
  for (const OptionSpec& option : options) names.emplace_back(option.name);
  return names.empty() ? "none" : Join(names);
}

Json OptionTable::Describe() const {
  Json list = Json::array();
  for (const OptionSpec& option : options) {
    Json entry = {{"name", option.name},
                  {"kind", OptionKindName(option.kind)},
                  {"secret", option.secret},
                  {"description", option.description}};
    if (option.max > 0) entry["maximum"] = option.max;
    if (!option.choices.empty()) {
      Json choices = Json::array();
      for (std::string_view choice : option.choices) choices.push_back(choice);
      entry["choices"] = std::move(choices);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

Status CheckOptionValue(const OptionSpec& option, std::string_view value, const std::string& field,
                        const std::string& label) {
  switch (option.kind) {
    case OptionKind::kInteger:
      if (!ParsesAsInteger(value, option.max)) {
        return Status::InvalidArgument(
            field, label + " must be a whole number" +
                       (option.max > 0 ? " from 0 to " + std::to_string(option.max) : ""));
      }
      break;
    case OptionKind::kBoolean:
      if (!ParsesAsBoolean(value)) {
        return Status::InvalidArgument(field, label + " must be true or false");
      }
      break;
    case OptionKind::kChoice: {
      const std::string lower = ToLower(value);
      const bool listed =
          std::any_of(option.choices.begin(), option.choices.end(),
                      [&](std::string_view choice) { return ToLower(choice) == lower; });
      if (!listed) {
        std::vector<std::string> choices(option.choices.begin(), option.choices.end());
        return Status::InvalidArgument(field, label + " must be one of " + Join(choices));
      }
      break;
    }
    case OptionKind::kByteSize: {
      const std::optional<int64_t> bytes = ParseByteSize(value);
      if (!bytes) {
        return Status::InvalidArgument(
            field, label +
                       " must be a size such as 512MB or 2GiB (units B, KB, MB, GB, TB, "
                       "KiB, MiB, GiB, TiB)");
      }
      if (option.max > 0 && *bytes > option.max) {
        return Status::InvalidArgument(
            field, label + " may be at most " + std::to_string(option.max / 1048576) + " MiB");
      }
      break;
    }
    case OptionKind::kProjectFile:
    case OptionKind::kText:
      if (value.find('\0') != std::string_view::npos) {
        return Status::InvalidArgument(field, label + " must not contain NUL");
      }
      break;
  }
  return Status::Ok();
}

Status CheckOptionMap(const OptionTable& table, const std::string& map_field, const Json& map) {
  if (!map.is_object()) return Status::Ok();  // the field's kind check names that
  for (const auto& [key, value] : map.items()) {
    const std::string field = map_field + "." + key.substr(0, 128);
    const std::string label = "'" + field + "'";
    const std::string wanted = Normalise(table.match, key);
    for (const OwnField& own : table.own_fields) {
      if (Normalise(table.match, own.key) == wanted) {
        return Status::InvalidArgument(
            field, label + " has its own field: set '" + std::string(own.field) + "' instead");
      }
    }
    const OptionSpec* option = table.Find(key);
    if (option == nullptr) {
      return Status::InvalidArgument(field, label + " is not a declared " +
                                                std::string(table.client) +
                                                " option; allowed: " + table.Names());
    }
    if (!value.is_string()) continue;  // the field's kind check names that
    TRIB_RETURN_IF_ERROR(
        CheckOptionValue(*option, value.get_ref<const std::string&>(), field, label));
  }
  return Status::Ok();
}

}  // namespace trib
