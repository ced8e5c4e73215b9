// One declaration per REST route: the router and the OpenAPI document both read this table.
#pragma once

#include <functional>
#include <map>
#include <memory>
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
  std::string accept;        // the Accept header, for routes that answer in several formats
  std::string content_type;  // the Content-Type header, for routes that take several formats
  std::optional<std::string> Query(const std::string& key) const;
  Result<Json> Body() const;  // parsed, depth-limited JSON
};

// A body produced while it is sent (reads): `produce` writes through `write`, which returns
// false once the client is gone; `client_alive` may be polled from another thread meanwhile.
struct StreamBody {
  std::string content_type;
  std::function<Status(const std::function<bool(const char*, size_t)>& write,
                       const std::function<bool()>& client_alive)>
      produce;
};

struct Reply {
  int status = 200;
  Json body;                           // null with status 204
  std::shared_ptr<StreamBody> stream;  // when set, sent instead of `body`
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
  std::vector<std::string> response_types = {};  // media types of a streamed body
};

std::vector<RouteSpec> ApiRoutes(Tributary& service);
// The data-reading routes (test, browse, read, splits, engine options), part of ApiRoutes.
std::vector<RouteSpec> ReadRoutes(Tributary& service);

// The OpenAPI 3.0 document of `routes`, with one schema per data-source type.
Json OpenApiDocument(const std::vector<RouteSpec>& routes, const TypeRegistry& types);

}  // namespace trib
