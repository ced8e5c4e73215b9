#include "service/request_checks.h"

#include <algorithm>

namespace trib {

Status CheckBodyKeys(const Json& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return Status::InvalidArgument("body", "the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    const std::string shown = key.substr(0, 128);
    return Status::InvalidArgument(shown, "unknown field '" + shown + "'; allowed fields: " + list);
  }
  return Status::Ok();
}

Result<std::string> StringMember(const Json& body, std::string_view field, bool required) {
  const std::string name(field);
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidArgument(name, "'" + name + "' is required");
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidArgument(name, "'" + name + "' must be a string");
  return it->get<std::string>();
}

}  // namespace trib
