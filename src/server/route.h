// One declaration per REST route: the router and the OpenAPI document both read this table.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "service/tributary.h"

namespace trib {

// What a handler sees of a request.
struct Call {
  const Principal* caller = nullptr;          // null on routes without authentication
  std::map<std::string, std::string> params;  // path parameters by name
  std::multimap<std::string, std::string> query;
  const std::string* raw_body = nullptr;
  std::optional<std::string> Query(const std::string& key) const;
  Result<Json> Body() const;  // parsed, depth-limited JSON
};

struct Reply {
  int status = 200;
  Json body;  // null with status 204
};

struct QueryParam {
  std::string name;
  std::string type;  // "string" | "integer"
  std::string description;
};

struct RouteSpec {
  std::string method;  // "GET", "POST", "PUT", "DELETE"
  std::string path;    // "/api/v1/projects/{project}"
  std::string summary;
  std::string tag;
  bool authenticated = true;
  std::string request_schema;  // components/schemas name, "" for none
  int success_status = 200;
  std::string response_schema;  // components/schemas name, "" for no body
  std::vector<QueryParam> query;
  std::function<Result<Reply>(const Call&)> handler;
};

std::vector<RouteSpec> ApiRoutes(Tributary& service);

// The OpenAPI 3.0 document of `routes`, with one schema per data-source type.
Json OpenApiDocument(const std::vector<RouteSpec>& routes, const TypeRegistry& types);

}  // namespace trib
