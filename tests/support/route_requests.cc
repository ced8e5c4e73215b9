#include "route_requests.h"

#include <stdexcept>

namespace trib::testing {

const char* CallerName(Caller caller) {
  static const char* const kNames[kCallerCount] = {"admin",          "owner",           "scientist",
                                                   "owner_read_key", "owner_write_key", "outsider",
                                                   "no_key",         "wrong_key"};
  return kNames[static_cast<int>(caller)];
}

std::string RouteRow::MethodAndPath() const { return route.substr(0, route.find('?')); }

// A new route adds one line here. Columns: admin, owner, scientist, owner's read-only key,
// owner's write-only key, outsider, no key, wrong key.
const std::vector<RouteRow>& ExpectedRouteAccess() {
  static const std::string kSqlite = R"("type":"jdbc","connection_string":"jdbc:sqlite:online.db")";
  static const std::string kRole = "arn:aws:iam::123456789012:role/";
  // clang-format off
  static const std::vector<RouteRow> rows = {
    // route                                                  admin owner sci  o_ro o_wo out  none bad
    {"GET /healthz",                                          "ok   ok    ok   ok   ok   ok   ok   ok"},
    {"GET /api/v1/openapi.json",                              "ok   ok    ok   ok   ok   ok   ok   ok"},
    {"GET /api/v1/datasource-types",                          "ok   ok    ok   ok   ok   ok   401  401"},
    {"GET /api/v1/users/me",                                  "ok   ok    ok   ok   ok   ok   401  401"},
    {"POST /api/v1/users/me/apikeys",                         "ok   ok    ok   ok   ok   ok   401  401", "{}"},
    {"GET /api/v1/admin/users",                               "ok   403   403  403  403  403  401  401"},
    {"POST /api/v1/admin/users",                              "ok   403   403  403  403  403  401  401", R"({"name":"{fresh}"})"},
    {"GET /api/v1/projects",                                  "ok   ok    ok   ok   403  ok   401  401"},
    {"POST /api/v1/projects",                                 "ok   ok    ok   403  ok   ok   401  401", R"({"name":"{fresh}"})"},
    {"GET /api/v1/projects/{project}",                        "ok   ok    ok   ok   403  404  401  401"},
    {"GET /api/v1/projects/{project}/members",                "ok   ok    ok   ok   403  404  401  401"},
    {"POST /api/v1/projects/{project}/members",               "ok   ok    403  403  ok   404  401  401", R"({"user":"{stranger}","role":"data_scientist"})"},
    {"DELETE /api/v1/projects/{project}/members/{user}",      "ok   ok    403  403  ok   404  401  401"},
    {"GET /api/v1/projects/{project}/datasources",            "ok   ok    ok   ok   403  404  401  401"},
    {"POST /api/v1/projects/{project}/datasources",           "ok   ok    403  403  ok   404  401  401", R"({"name":"{fresh}",)" + kSqlite + "}"},
    {"GET /api/v1/projects/{project}/datasources/{name}",     "ok   ok    ok   ok   403  404  401  401"},
    {"PUT /api/v1/projects/{project}/datasources/{name}",     "ok   ok    403  403  ok   404  401  401", R"({"name":"{name}","version":1,"description":"changed",)" + kSqlite + "}"},
    {"DELETE /api/v1/projects/{project}/datasources/{name}",  "ok   ok    403  403  ok   404  401  401"},
    {"POST /api/v1/projects/{project}/datasources/{name}/test",             "ok ok ok ok 403 404 401 401", "{}"},
    {"GET /api/v1/projects/{project}/datasources/{name}/browse",            "ok ok ok ok 403 404 401 401"},
    {"POST /api/v1/projects/{project}/datasources/{name}/read",             "ok ok ok ok 403 404 401 401", R"({"query":"SELECT 1 AS one","format":"csv"})"},
    {"GET /api/v1/projects/{project}/datasources/{name}/splits?query=SELECT%201%20AS%20n",
                                                                            "ok ok ok ok 403 404 401 401"},
    {"GET /api/v1/projects/{project}/datasources/{name}/engine-options",    "ok ok ok ok 403 404 401 401"},
    // Writes (file types; this source answers 409): members with a write-scope key.
    {"POST /api/v1/projects/{project}/datasources/{name}/write?path=out/",  "ok ok ok 403 ok 404 401 401", "id\n1\n"},
    // Stored credentials: member data owners with a write-scope key only (docs/security.md).
    {"GET /api/v1/projects/{project}/datasources/{name}/engine-options?include_credentials=true",
                                                                            "403 ok 403 403 403 404 401 401"},
    // Vended credentials (this source cannot vend: 409): members, never an admin passing by.
    {"POST /api/v1/projects/{project}/datasources/{name}/credentials",      "403 ok ok ok 403 404 401 401", "{}"},
    {"POST /api/v1/projects/{project}/datasources/{name}/clear-suspension", "ok ok 403 403 ok 404 401 401", R"({"user":"sam"})"},
    {"GET /api/v1/projects/{project}/rolemappings",           "ok   ok    ok   ok   403  404  401  401"},
    {"GET /api/v1/admin/rolemappings",                        "ok   403   403  403  403  403  401  401"},
    {"POST /api/v1/admin/rolemappings",                       "ok   403   403  403  403  403  401  401", R"({"project":"{project}","project_role":"data_scientist","cloud_role":")" + kRole + R"({fresh}"})"},
    {"DELETE /api/v1/admin/rolemappings/{id}",                "ok   403   403  403  403  403  401  401"},
    {"GET /api/v1/admin/cluster-role",                        "ok   403   403  403  403  403  401  401"},
    {"PUT /api/v1/admin/cluster-role",                        "ok   403   403  403  403  403  401  401", R"({"cloud_role":")" + kRole + R"(cluster"})"},
    {"GET /api/v1/admin/audit",                               "ok   403   403  403  403  403  401  401"},
    {"POST /api/v1/admin/rotate-master-key",                  "ok   403   403  403  403  403  401  401"},
    {"GET /api/v1/admin/egress-allowlist",                    "ok   403   403  403  403  403  401  401"},
    {"PUT /api/v1/admin/egress-allowlist",                    "ok   403   403  403  403  403  401  401", R"({"entries":["127.0.0.0/8","::1","localhost"]})"},
    {"GET /api/v1/admin/odbc-drivers",                        "ok   403   403  403  403  403  401  401"},
    {"PUT /api/v1/admin/odbc-drivers",                        "ok   403   403  403  403  403  401  401", R"({"odbc_drivers":null})"},
    {"GET /api/v1/admin/local-directories",                   "ok   403   403  403  403  403  401  401"},
    {"PUT /api/v1/admin/local-directories",                   "ok   403   403  403  403  403  401  401", R"({"directories":[]})"},
  };
  // clang-format on
  return rows;
}

const std::vector<std::string>& RoutesOutsideTheTable() {
  static const std::vector<std::string> routes = {"GET /api/v1/openapi.json"};
  return routes;
}

std::string RouteRequests::Fresh() { return "m" + std::to_string(++counter_); }

std::string RouteRequests::Value(const std::string& placeholder,
                                 std::map<std::string, std::string>& made) {
  if (auto it = made.find(placeholder); it != made.end()) return it->second;
  Tributary& s = *env_.service;
  std::string value;
  if (placeholder == "project") {
    value = people_.project;
  } else if (placeholder == "fresh") {
    value = Fresh();
  } else if (placeholder == "name") {
    value = Fresh();
    auto created = s.CreateDataSource(
        env_.admin, people_.project,
        Json{{"name", value}, {"type", "jdbc"}, {"connection_string", "jdbc:sqlite:online.db"}});
    if (!created.ok()) throw std::runtime_error("source: " + created.status().ToString());
  } else if (placeholder == "stranger" || placeholder == "user") {
    value = env_.NewUser(Fresh()).first.user.name;
    if (placeholder == "user") {
      auto added = s.AddMember(env_.admin, people_.project,
                               Json{{"user", value}, {"role", "data_scientist"}});
      if (!added.ok()) throw std::runtime_error("member: " + added.status().ToString());
    }
  } else if (placeholder == "id") {
    auto mapping = s.CreateRoleMapping(
        env_.admin, Json{{"project", people_.project},
                         {"project_role", "data_scientist"},
                         {"cloud_role", "arn:aws:iam::123456789012:role/" + Fresh()}});
    if (!mapping.ok()) throw std::runtime_error("mapping: " + mapping.status().ToString());
    value = (*mapping)["id"];
  } else {
    throw std::runtime_error("unknown placeholder {" + placeholder + "}");
  }
  made[placeholder] = value;
  return value;
}

std::string RouteRequests::Substitute(const std::string& text,
                                      std::map<std::string, std::string>& made) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const size_t close = text.find('}', i);
    // A placeholder is {word}; JSON braces never enclose a bare word in these templates.
    if (text[i] == '{' && close != std::string::npos && close > i + 1 &&
        text.find_first_not_of("abcdefghijklmnopqrstuvwxyz", i + 1) == close) {
      out += Value(text.substr(i + 1, close - i - 1), made);
      i = close + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

RouteRequests::Request RouteRequests::Build(const RouteRow& row,
                                            const std::map<std::string, std::string>& fixed) {
  std::map<std::string, std::string> made = fixed;
  const size_t space = row.route.find(' ');
  Request request;
  request.method = row.route.substr(0, space);
  request.path = Substitute(row.route.substr(space + 1), made);
  request.body = Substitute(row.body, made);
  return request;
}

}  // namespace trib::testing
