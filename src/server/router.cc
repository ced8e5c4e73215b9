#include "server/router.h"

namespace trib {

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

Router::Router(const std::vector<RouteSpec>& routes) {
  for (const auto& route : routes) {
    Compiled c{&route, {}};
    for (std::string_view part : Split(route.path)) {
      const bool param = part.size() > 2 && part.front() == '{' && part.back() == '}';
      c.segments.push_back({std::string(param ? part.substr(1, part.size() - 2) : part), param});
    }
    compiled_.push_back(std::move(c));
  }
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  const std::vector<std::string_view> parts = Split(path);
  for (const auto& c : compiled_) {
    if (c.segments.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; ok && i < parts.size(); ++i) {
      ok = c.segments[i].param ? !parts[i].empty() : c.segments[i].text == parts[i];
    }
    if (!ok) continue;
    if (c.route->method != method) {
      match.path_exists = true;
      match.allowed.push_back(c.route->method);
      continue;
    }
    match.route = c.route;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (c.segments[i].param) match.params[c.segments[i].text] = std::string(parts[i]);
    }
    return match;
  }
  return match;
}

}  // namespace trib
