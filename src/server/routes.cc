// The REST API's routes: each maps one request onto one service call.
#include "server/route.h"

#include <charconv>

namespace trib {

std::optional<std::string> Call::Query(const std::string& key) const {
  auto it = query.find(key);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<Json> Call::Body() const {
  if (raw_body == nullptr || raw_body->empty()) {
    return Status::InvalidArgument("body", "a JSON body is required");
  }
  return ParseJson(*raw_body);
}

namespace {

Result<Reply> Ok(Result<Json> result, int status = 200) {
  if (!result.ok()) return result.status();
  return Reply{status, std::move(result).value()};
}

Result<Reply> NoContent(const Status& status) {
  if (!status.ok()) return status;
  return Reply{204, Json()};
}

Result<int64_t> IntegerQuery(const Call& call, const std::string& key, int64_t fallback) {
  auto text = call.Query(key);
  if (!text) return fallback;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Status::InvalidArgument(key, "'" + key + "' must be an integer");
  }
  return value;
}

Result<AuditQuery> ParseAuditQuery(const Call& call) {
  AuditQuery q;
  q.actor = call.Query("actor");
  q.action = call.Query("action");
  q.project = call.Query("project");
  if (call.Query("since")) {
    TRIB_ASSIGN_OR_RETURN(q.since_ms, IntegerQuery(call, "since", 0));
  }
  TRIB_ASSIGN_OR_RETURN(q.limit, IntegerQuery(call, "limit", 100));
  return q;
}

}  // namespace

std::vector<RouteSpec> ApiRoutes(Tributary& s) {
  auto body_then = [](auto fn) {
    return [fn](const Call& c) -> Result<Reply> {
      TRIB_ASSIGN_OR_RETURN(Json body, c.Body());
      return fn(c, body);
    };
  };
  const std::vector<QueryParam> audit_params = {
      {"actor", "string", "user name of who acted"},
      {"action", "string", "e.g. datasource.create, datasource.read_secrets"},
      {"project", "string", "project name"},
      {"since", "integer", "only events at or after this time (ms since the epoch)"},
      {"limit", "integer", "at most this many events, newest first (1-1000, default 100)"}};

  std::vector<RouteSpec> routes = {
      {"GET",
       "/healthz",
       "Liveness",
       "system",
       false,
       "",
       200,
       "Health",
       {},
       [](const Call&) -> Result<Reply> {
         return Reply{200, Json{{"status", "ok"}, {"version", TRIB_VERSION}}};
       }},
      {"GET",
       "/api/v1/datasource-types",
       "Field tables of every data source type",
       "datasources",
       true,
       "",
       200,
       "DataSourceTypes",
       {},
       [&s](const Call&) -> Result<Reply> {
         return Reply{200, s.DataSourceTypes()};
       }},
      {"GET",
       "/api/v1/users/me",
       "The calling user",
       "users",
       true,
       "",
       200,
       "User",
       {},
       [&s](const Call& c) { return Ok(s.DescribeCaller(*c.caller)); }},
      {"POST",
       "/api/v1/users/me/apikeys",
       "New API key for the calling user (shown once)",
       "users",
       true,
       "NewApiKey",
       201,
       "ApiKey",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.CreateApiKey(*c.caller, b), 201); })},
      {"GET",
       "/api/v1/admin/users",
       "All users",
       "admin",
       true,
       "",
       200,
       "UserList",
       {},
       [&s](const Call& c) { return Ok(s.ListUsers(*c.caller)); }},
      {"POST",
       "/api/v1/admin/users",
       "Create a user; answers its API key once",
       "admin",
       true,
       "NewUser",
       201,
       "CreatedUser",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.CreateUser(*c.caller, b), 201); })},
      {"GET",
       "/api/v1/projects",
       "Projects of the caller (all for an admin)",
       "projects",
       true,
       "",
       200,
       "ProjectList",
       {},
       [&s](const Call& c) { return Ok(s.ListProjects(*c.caller)); }},
      {"POST",
       "/api/v1/projects",
       "Create a project with its default data sources",
       "projects",
       true,
       "NewProject",
       201,
       "Project",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.CreateProject(*c.caller, b), 201); })},
      {"GET",
       "/api/v1/projects/{project}",
       "One project",
       "projects",
       true,
       "",
       200,
       "Project",
       {},
       [&s](const Call& c) { return Ok(s.GetProject(*c.caller, c.params.at("project"))); }},
      {"GET",
       "/api/v1/projects/{project}/members",
       "Members of a project",
       "projects",
       true,
       "",
       200,
       "MemberList",
       {},
       [&s](const Call& c) { return Ok(s.ListMembers(*c.caller, c.params.at("project"))); }},
      {"POST",
       "/api/v1/projects/{project}/members",
       "Add a member (data owners)",
       "projects",
       true,
       "NewMember",
       201,
       "Member",
       {},
       body_then([&s](const Call& c, const Json& b) {
         return Ok(s.AddMember(*c.caller, c.params.at("project"), b), 201);
       })},
      {"DELETE",
       "/api/v1/projects/{project}/members/{user}",
       "Remove a member (data owners)",
       "projects",
       true,
       "",
       204,
       "",
       {},
       [&s](const Call& c) {
         return NoContent(s.RemoveMember(*c.caller, c.params.at("project"), c.params.at("user")));
       }},
      {"GET",
       "/api/v1/projects/{project}/datasources",
       "Data sources of a project",
       "datasources",
       true,
       "",
       200,
       "DataSourceList",
       {},
       [&s](const Call& c) { return Ok(s.ListDataSources(*c.caller, c.params.at("project"))); }},
      {"POST",
       "/api/v1/projects/{project}/datasources",
       "Create a data source (data owners)",
       "datasources",
       true,
       "DataSource",
       201,
       "DataSource",
       {},
       body_then([&s](const Call& c, const Json& b) {
         return Ok(s.CreateDataSource(*c.caller, c.params.at("project"), b), 201);
       })},
      {"GET",
       "/api/v1/projects/{project}/datasources/{name}",
       "One data source, secrets redacted",
       "datasources",
       true,
       "",
       200,
       "DataSource",
       {},
       [&s](const Call& c) {
         return Ok(s.GetDataSource(*c.caller, c.params.at("project"), c.params.at("name")));
       }},
      {"PUT",
       "/api/v1/projects/{project}/datasources/{name}",
       "Replace a data source definition (data owners; carries the version it was based on)",
       "datasources",
       true,
       "DataSource",
       200,
       "DataSource",
       {},
       body_then([&s](const Call& c, const Json& b) {
         return Ok(s.UpdateDataSource(*c.caller, c.params.at("project"), c.params.at("name"), b));
       })},
      {"DELETE",
       "/api/v1/projects/{project}/datasources/{name}",
       "Delete a data source (data owners; not the default ones)",
       "datasources",
       true,
       "",
       204,
       "",
       {},
       [&s](const Call& c) {
         return NoContent(
             s.DeleteDataSource(*c.caller, c.params.at("project"), c.params.at("name")));
       }},
      {"GET",
       "/api/v1/projects/{project}/rolemappings",
       "Cloud roles the caller's project role may assume",
       "rolemappings",
       true,
       "",
       200,
       "ProjectRoleMappings",
       {},
       [&s](const Call& c) {
         return Ok(s.ProjectRoleMappings(*c.caller, c.params.at("project")));
       }},
      {"GET",
       "/api/v1/admin/rolemappings",
       "All role mappings",
       "admin",
       true,
       "",
       200,
       "RoleMappingList",
       {},
       [&s](const Call& c) { return Ok(s.ListRoleMappings(*c.caller)); }},
      {"POST",
       "/api/v1/admin/rolemappings",
       "Map a cloud role to a project role",
       "admin",
       true,
       "NewRoleMapping",
       201,
       "RoleMapping",
       {},
       body_then([&s](const Call& c, const Json& b) {
         return Ok(s.CreateRoleMapping(*c.caller, b), 201);
       })},
      {"DELETE",
       "/api/v1/admin/rolemappings/{id}",
       "Delete a role mapping",
       "admin",
       true,
       "",
       204,
       "",
       {},
       [&s](const Call& c) {
         return NoContent(s.DeleteRoleMapping(*c.caller, c.params.at("id")));
       }},
      {"GET",
       "/api/v1/admin/cluster-role",
       "The cluster-wide cloud role",
       "admin",
       true,
       "",
       200,
       "ClusterRole",
       {},
       [&s](const Call& c) { return Ok(s.GetClusterRole(*c.caller)); }},
      {"PUT",
       "/api/v1/admin/cluster-role",
       "Set the cluster-wide cloud role",
       "admin",
       true,
       "ClusterRole",
       200,
       "ClusterRole",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.SetClusterRole(*c.caller, b)); })},
      {"GET",
       "/api/v1/admin/egress-allowlist",
       "Destinations data sources may reach (host names, CIDR ranges, ports)",
       "admin",
       true,
       "",
       200,
       "EgressAllowlist",
       {},
       [&s](const Call& c) { return Ok(s.GetEgressAllowlist(*c.caller)); }},
      {"PUT",
       "/api/v1/admin/egress-allowlist",
       "Replace the egress allowlist",
       "admin",
       true,
       "EgressAllowlist",
       200,
       "EgressAllowlist",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.SetEgressAllowlist(*c.caller, b)); })},
      {"GET",
       "/api/v1/admin/odbc-drivers",
       "The ODBC drivers data sources may name, and those registered in odbcinst.ini",
       "admin",
       true,
       "",
       200,
       "OdbcDrivers",
       {},
       [&s](const Call& c) { return Ok(s.GetOdbcDrivers(*c.caller)); }},
      {"PUT",
       "/api/v1/admin/odbc-drivers",
       "Narrow the ODBC drivers data sources may name (null: every registered driver)",
       "admin",
       true,
       "OdbcDriversSetting",
       200,
       "OdbcDrivers",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.SetOdbcDrivers(*c.caller, b)); })},
      {"GET",
       "/api/v1/admin/local-directories",
       "Directories where local database files may lie besides each project's own",
       "admin",
       true,
       "",
       200,
       "LocalDirectories",
       {},
       [&s](const Call& c) { return Ok(s.GetLocalDirectories(*c.caller)); }},
      {"PUT",
       "/api/v1/admin/local-directories",
       "Replace the local directories (absolute, existing, outside the data directory)",
       "admin",
       true,
       "LocalDirectories",
       200,
       "LocalDirectories",
       {},
       body_then(
           [&s](const Call& c, const Json& b) { return Ok(s.SetLocalDirectories(*c.caller, b)); })},
      {"GET", "/api/v1/admin/audit", "Audit log, newest first", "admin", true, "", 200,
       "AuditEvents", audit_params,
       [&s](const Call& c) -> Result<Reply> {
         TRIB_ASSIGN_OR_RETURN(AuditQuery q, ParseAuditQuery(c));
         return Ok(s.QueryAudit(*c.caller, q));
       }},
      {"POST",
       "/api/v1/admin/rotate-master-key",
       "Re-wrap every secret under a new master key",
       "admin",
       true,
       "",
       200,
       "Rotation",
       {},
       [&s](const Call& c) { return Ok(s.RotateMasterKey(*c.caller)); }},
  };
  for (RouteSpec& route : ReadRoutes(s)) routes.push_back(std::move(route));
  return routes;
}

}  // namespace trib
