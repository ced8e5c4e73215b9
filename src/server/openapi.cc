// The OpenAPI 3.0 document, built from the route table and the type field tables, so it can
// never drift from what the server does.
#include <regex>

#include "server/route.h"

#include "common/strings.h"

namespace trib {

namespace {

Json Ref(const std::string& schema) { return {{"$ref", "#/components/schemas/" + schema}}; }

Json Obj(Json properties, std::vector<std::string> required = {}) {
  Json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}

Json Str(std::string description = "") {
  Json out = {{"type", "string"}};
  if (!description.empty()) out["description"] = description;
  return out;
}

Json ArrayOf(const std::string& schema) { return {{"type", "array"}, {"items", Ref(schema)}}; }

Json Wrapper(const std::string& key, const std::string& item) {
  return Obj({{key, ArrayOf(item)}}, {key});
}

Json FieldSchema(const FieldSpec& f) {
  Json s;
  switch (f.kind) {
    case FieldKind::kString:
      s = {{"type", "string"}, {"maxLength", f.max_length}};
      if (f.secret) s["format"] = "password";
      break;
    case FieldKind::kInteger:
      s = {{"type", "integer"}, {"format", "int64"}, {"minimum", f.min}, {"maximum", f.max}};
      break;
    case FieldKind::kBoolean:
      s = {{"type", "boolean"}};
      break;
    case FieldKind::kEnum:
      s = {{"type", "string"}, {"enum", f.choices}};
      break;
    case FieldKind::kStringMap:
      s = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
      break;
  }
  std::string description = f.description;
  if (f.secret) description += " Secret: stored encrypted, answered as \"<redacted>\".";
  if (f.kind == FieldKind::kStringMap && !f.secret_key_markers.empty()) {
    description +=
        " Entries whose key contains a secret marker are stored encrypted and answered as "
        "\"<redacted>\".";
  }
  if (f.options != nullptr) {
    description +=
        " Keys are declared (see declared_keys in GET /datasource-types); the secret "
        "ones are stored encrypted and answered as \"<redacted>\".";
  }
  s["description"] = description;
  if (!f.default_value.is_null()) s["default"] = f.default_value;
  return s;
}

Json TypeSchema(const TypeSpec& spec) {
  Json props = {
      {"name", Str("Unique in the project: 1-128 of letters, digits, '_', '.', '-'.")},
      {"type", {{"type", "string"}, {"enum", {spec.name}}}},
      {"description", Str()},
      {"version", {{"type", "integer"}, {"description", "Read-only; required on update."}}},
      {"created", {{"type", "string"}, {"format", "date-time"}, {"readOnly", true}}},
      {"updated", {{"type", "string"}, {"format", "date-time"}, {"readOnly", true}}},
      {"default", {{"type", "boolean"}, {"readOnly", true}}}};
  std::vector<std::string> required = {"name", "type"};
  for (const auto& f : spec.fields) {
    props[f.name] = FieldSchema(f);
    if (f.required) required.push_back(f.name);
  }
  Json schema = Obj(std::move(props), required);
  schema["description"] = spec.description;
  schema["additionalProperties"] = false;
  return schema;
}

Json Components(const TypeRegistry& types) {
  Json schemas = {
      {"Error", Obj({{"error", Obj({{"code", Str()}, {"message", Str()}, {"field", Str()}},
                                   {"code", "message"})}},
                    {"error"})},
      {"Health", Obj({{"status", Str()}, {"version", Str()}})},
      {"User", Obj({{"name", Str()},
                    {"admin", {{"type", "boolean"}}},
                    {"created", Str()},
                    {"scopes", {{"type", "array"}, {"items", Str()}}}})},
      {"UserList", Wrapper("users", "User")},
      {"NewUser", Obj({{"name", Str()}, {"admin", {{"type", "boolean"}}}}, {"name"})},
      {"CreatedUser", Obj({{"name", Str()},
                           {"admin", {{"type", "boolean"}}},
                           {"created", Str()},
                           {"api_key", Str("Shown once.")}})},
      {"NewApiKey",
       Obj({{"scopes",
             {{"type", "array"},
              {"items", {{"type", "string"}, {"enum", {"read", "write", "admin"}}}}}}})},
      {"ApiKey",
       Obj({{"api_key", Str("Shown once.")}, {"scopes", {{"type", "array"}, {"items", Str()}}}})},
      {"NewProject", Obj({{"name", Str()}, {"description", Str()}}, {"name"})},
      {"Project", Obj({{"name", Str()},
                       {"description", Str()},
                       {"created_by", Str()},
                       {"created", Str()},
                       {"role", {{"type", "string"}, {"nullable", true}}}})},
      {"ProjectList", Wrapper("projects", "Project")},
      {"NewMember",
       Obj({{"user", Str()},
            {"role", {{"type", "string"}, {"enum", {"data_owner", "data_scientist"}}}}},
           {"user", "role"})},
      {"Member", Obj({{"user", Str()}, {"role", Str()}, {"added", Str()}})},
      {"MemberList", Wrapper("members", "Member")},
      {"DataSourceList", Wrapper("datasources", "DataSource")},
      {"DataSourceTypes", Obj({{"types", {{"type", "array"}, {"items", {{"type", "object"}}}}}})},
      {"NewRoleMapping",
       Obj({{"project", Str()},
            {"project_role", {{"type", "string"}, {"enum", {"data_owner", "data_scientist"}}}},
            {"cloud_role", Str("AWS IAM role ARN or Azure managed identity.")},
            {"default", {{"type", "boolean"}}}},
           {"project", "project_role", "cloud_role"})},
      {"RoleMapping", Obj({{"id", Str()},
                           {"project", Str()},
                           {"project_role", Str()},
                           {"cloud_role", Str()},
                           {"default", {{"type", "boolean"}}},
                           {"created", Str()}})},
      {"RoleMappingList", Wrapper("rolemappings", "RoleMapping")},
      {"ProjectRoleMappings", Obj({{"cluster_role", {{"type", "string"}, {"nullable", true}}},
                                   {"rolemappings", ArrayOf("RoleMapping")}})},
      {"ClusterRole", Obj({{"cloud_role", {{"type", "string"}, {"nullable", true}}}})},
      {"EgressAllowlist", Obj({{"entries", {{"type", "array"}, {"items", Str()}}},
                               {"default", {{"type", "boolean"}}}})},
      {"LocalDirectories", Obj({{"directories", {{"type", "array"}, {"items", Str()}}}})},
      {"OdbcDriversSetting",
       Obj({{"odbc_drivers", {{"type", "array"}, {"items", Str()}, {"nullable", true}}}})},
      {"OdbcDrivers",
       Obj({{"odbc_drivers", {{"type", "array"}, {"items", Str()}, {"nullable", true}}},
            {"registered", {{"type", "array"}, {"items", Str()}}}})},
      {"AuditEvent", Obj({{"id", {{"type", "integer"}}},
                          {"time", Str()},
                          {"actor", Str()},
                          {"action", Str()},
                          {"project", Str()},
                          {"target", Str()},
                          {"detail", {{"type", "object"}}}})},
      {"AuditEvents", Wrapper("events", "AuditEvent")},
      {"Rotation", Obj({{"key_id", Str()}, {"secrets", {{"type", "integer"}}}})},
      {"ReadRequest",
       Obj({{"query", Str("SQL to run (or give table).")},
            {"table", Str("A table to read, 'name' or 'schema.name'.")},
            {"limit", {{"type", "integer"}, {"minimum", 0}}},
            {"format",
             {{"type", "string"},
              {"enum", {"arrow", "parquet", "csv", "jsonl"}},
              {"description", "Overrides the Accept header; default arrow."}}},
            {"partition_column", Str("Numeric column to split the read on, as Spark's JDBC.")},
            {"lower_bound", {{"type", "integer"}}},
            {"upper_bound", {{"type", "integer"}}},
            {"num_partitions", {{"type", "integer"}, {"minimum", 1}}},
            {"path", Str("File types: a file, directory or glob below the source's path.")},
            {"data_format",
             {{"type", "string"},
              {"enum", {"parquet", "csv", "json"}},
              {"description", "File types; default: from the files' extension."}}},
            {"columns", {{"type", "array"}, {"items", Str()}, {"description", "File types."}}},
            {"options",
             [] {
               Json options = Obj({{"statement_timeout_ms", {{"type", "integer"}, {"minimum", 1}}},
                                   {"connect_timeout_ms", {{"type", "integer"}, {"minimum", 1}}},
                                   {"batch_rows", {{"type", "integer"}, {"minimum", 1}}}});
               options["description"] =
                   "File reads also take the format's declared options (e.g. header, delimiter).";
               return options;
             }()}})},
      {"WriteResult", Obj({{"path", Str()},
                           {"files", {{"type", "array"}, {"items", Str()}}},
                           {"rows", {{"type", "integer"}}},
                           {"bytes", {{"type", "integer"}}}})},
      {"TestRequest", Obj({{"connect_timeout_ms", {{"type", "integer"}, {"minimum", 1}}}})},
      {"TestResult", Obj({{"ok", {{"type", "boolean"}}}, {"elapsed_ms", {{"type", "integer"}}}})},
      {"Browse", Obj({{"path", Str()},
                      {"prefixes", {{"type", "array"}, {"items", Str()}}},
                      {"files", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                      {"schemas", {{"type", "array"}, {"items", Str()}}},
                      {"schema", Str()},
                      {"table", Str()},
                      {"tables", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                      {"columns", {{"type", "array"}, {"items", {{"type", "object"}}}}}})},
      {"Splits", Obj({{"kind", Str("sql or files")},
                      {"num_partitions", {{"type", "integer"}}},
                      {"splits", {{"type", "array"}, {"items", {{"type", "object"}}}}}})},
      {"EngineOptions", Obj({{"engine", Str()},
                             {"format", Str()},
                             {"includes_credentials", {{"type", "boolean"}}},
                             {"expires", Str("File types with vended credentials: ISO 8601.")},
                             {"options", {{"type", "object"}}}})},
      {"CredentialsRequest",
       Obj({{"access",
             {{"type", "string"},
              {"enum", {"read", "write"}},
              {"description", "read (default; members) or write (data owners)"}}},
            {"duration_s", {{"type", "integer"}, {"minimum", 900}, {"maximum", 43200}}}})},
      {"VendedCredentials",
       Obj({{"provider", Str("aws, azure or gcp")},
            {"access", Str()},
            {"expires", Str("ISO 8601")},
            {"access_key_id", Str("aws")},
            {"secret_access_key", Str("aws")},
            {"session_token", Str("aws")},
            {"region", Str("aws")},
            {"endpoint", Str()},
            {"bucket", Str()},
            {"prefix", Str()}})},
      {"ClearSuspension", Obj({{"user", Str()}})},
      {"SuspensionCleared",
       Obj({{"user", Str()}, {"datasource", Str()}, {"cleared", {{"type", "boolean"}}}})},
  };
  Json one_of = Json::array();
  Json mapping = Json::object();
  for (const TypeSpec* spec : types.All()) {
    const std::string name = "DataSource_" + spec->name;
    schemas[name] = TypeSchema(*spec);
    one_of.push_back(Ref(name));
    mapping[spec->name] = "#/components/schemas/" + name;
  }
  schemas["DataSource"] = {{"oneOf", one_of},
                           {"discriminator", {{"propertyName", "type"}, {"mapping", mapping}}}};
  return {{"schemas", std::move(schemas)},
          {"securitySchemes",
           {{"ApiKey",
             {{"type", "apiKey"},
              {"in", "header"},
              {"name", "Authorization"},
              {"description", "'ApiKey <key>'"}}}}}};
}

Json ErrorResponse(const std::string& description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", Ref("Error")}}}}}};
}

Json Operation(const RouteSpec& route) {
  static const std::regex kParam(R"(\{([a-z_]+)\})");
  Json op = {{"summary", route.summary},
             {"tags", {route.tag}},
             {"operationId", route.method + route.path}};
  Json params = Json::array();
  for (auto it = std::sregex_iterator(route.path.begin(), route.path.end(), kParam);
       it != std::sregex_iterator(); ++it) {
    params.push_back({{"name", (*it)[1]}, {"in", "path"}, {"required", true}, {"schema", Str()}});
  }
  for (const auto& q : route.query) {
    params.push_back({{"name", q.name},
                      {"in", "query"},
                      {"required", false},
                      {"description", q.description},
                      {"schema", {{"type", q.type}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (!route.request_schema.empty()) {
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", Ref(route.request_schema)}}}}}};
  }
  Json ok = {{"description", "success"}};
  if (!route.response_schema.empty()) {
    ok["content"] = {{"application/json", {{"schema", Ref(route.response_schema)}}}};
  }
  for (const std::string& type : route.response_types) {
    ok["content"][type] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
  }
  Json responses = {{std::to_string(route.success_status), ok}};
  if (route.authenticated) {
    responses["400"] = ErrorResponse("bad input; error.field names the culprit");
    responses["401"] = ErrorResponse("missing or invalid API key");
    responses["403"] = ErrorResponse("not allowed");
    responses["404"] = ErrorResponse("not found, or not visible to the caller");
    responses["409"] = ErrorResponse("name taken, stale version, or state forbids it");
    responses["413"] = ErrorResponse("body too large");
    if (route.tag == "reads") {
      responses["502"] = ErrorResponse("the store refused the stored credentials");
      responses["503"] = ErrorResponse("the store cannot be reached");
      responses["504"] = ErrorResponse("connect or statement timeout");
    }
    op["security"] = Json::array({{{"ApiKey", Json::array()}}});
  } else {
    op["security"] = Json::array();
  }
  op["responses"] = responses;
  return op;
}

}  // namespace

Json OpenApiDocument(const std::vector<RouteSpec>& routes, const TypeRegistry& types) {
  Json paths = Json::object();
  for (const auto& route : routes) paths[route.path][ToLower(route.method)] = Operation(route);
  paths["/api/v1/openapi.json"]["get"] = {
      {"summary", "This document"},
      {"tags", {"system"}},
      {"operationId", "GET/api/v1/openapi.json"},
      {"security", Json::array()},
      {"responses",
       {{"200",
         {{"description", "OpenAPI 3 document"},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}}}}};
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "tributary"},
            {"version", TRIB_VERSION},
            {"description",
             "Data sources of a feature store: definitions, credentials kept safe, projects and "
             "roles."}}},
          {"servers", Json::array({{{"url", "/"}}})},
          {"paths", std::move(paths)},
          {"components", Components(types)}};
}

}  // namespace trib
