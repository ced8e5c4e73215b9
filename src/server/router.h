// Matches a method and path against the route table by path segments: no regex per route and
// per request (httplib tries its routes' regexes one by one).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/route.h"

namespace trib {

class Router {
 public:
  explicit Router(const std::vector<RouteSpec>& routes);

  struct Match {
    const RouteSpec* route = nullptr;  // null: no route for this path and method
    bool path_exists = false;          // the path matched some route with another method
    // Without a route: the methods the path has, in table order (for 405's Allow header).
    std::vector<std::string> allowed;
    std::map<std::string, std::string> params;
  };
  Match Find(std::string_view method, std::string_view path) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Compiled {
    const RouteSpec* route;
    std::vector<Segment> segments;
  };
  std::vector<Compiled> compiled_;
};

}  // namespace trib
