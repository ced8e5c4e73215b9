// Reading data: test, browse, read, splits and engine options, all through a type's connector.
#include <chrono>
#include <filesystem>

#include "connectors/common/secret_guard.h"
#include "service/api_keys.h"
#include "service/setting_names.h"
#include "service/tributary.h"

namespace trib {

namespace {

Json ReadDetail(const ReadRequest& request) {
  Json detail = Json::object();
  if (const auto* sql = std::get_if<SqlRead>(&request.payload)) {
    if (sql->query) detail["query"] = *sql->query;  // cut after scrubbing (Connect)
    if (sql->table) detail["table"] = *sql->table;
    if (sql->partition) detail["num_partitions"] = sql->partition->num_partitions;
  } else {
    const FileRead& file = std::get<FileRead>(request.payload);
    detail["path"] = file.path;
    if (!file.data_format.empty()) detail["data_format"] = file.data_format;
  }
  if (request.limit) detail["limit"] = *request.limit;
  return detail;
}

}  // namespace

std::string Tributary::ProjectDirectory(const std::string& project) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::path(options_.data_dir) / "projects" / project;
  const fs::path canonical = fs::weakly_canonical(dir, ec);
  return (ec ? dir : canonical).string();
}

Status Tributary::FillProjectInput(ConnectorInput& input, const std::string& project) {
  input.project = project;
  input.project_dir = ProjectDirectory(project);
  input.files_root = (std::filesystem::path(options_.data_dir) / "fs").string();
  input.temp_dir = temp_dir();
  TRIB_ASSIGN_OR_RETURN(input.odbc_drivers, AllowedOdbcDrivers());
  TRIB_ASSIGN_OR_RETURN(input.local_directories, AllowedLocalDirectories());
  TRIB_ASSIGN_OR_RETURN(auto cluster_role, catalog_->GetSetting(std::string(kClusterRoleSetting)));
  input.cluster_role = cluster_role.value_or("");
  return Status::Ok();
}

std::string Tributary::temp_dir() const {
  const std::filesystem::path dir = std::filesystem::path(options_.data_dir) / "tmp";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return dir.string();
}

Status Tributary::AuthorizeRole(const Principal& caller, const Access& access,
                                const std::string& role) {
  TRIB_ASSIGN_OR_RETURN(auto cluster_role, catalog_->GetSetting(std::string(kClusterRoleSetting)));
  if (cluster_role && *cluster_role == role) return Status::Ok();
  std::optional<ProjectRole> as_role;
  if (!caller.user.is_admin) as_role = access.role;
  TRIB_ASSIGN_OR_RETURN(auto mappings, catalog_->ListRoleMappings(access.project.id, as_role));
  for (const RoleMapping& mapping : mappings) {
    if (mapping.cloud_role == role) return Status::Ok();
  }
  return Status(StatusCode::kPermissionDenied,
                "the IAM role of this data source is neither the cluster role nor mapped to your "
                "role in project '" +
                    access.project.name + "'; an administrator can add a role mapping",
                "iam_role");
}

Result<std::unique_ptr<Connector>> Tributary::Connect(const Principal& caller,
                                                      const std::string& project,
                                                      const std::string& name,
                                                      const std::string& action, Json detail,
                                                      bool owner_only, std::string_view scope) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, scope));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  if (owner_only) TRIB_RETURN_IF_ERROR(RequireCredentialAccess(caller, access));
  TRIB_ASSIGN_OR_RETURN(DataSource source, catalog_->GetDataSource(access.project.id, name));
  TRIB_RETURN_IF_ERROR(CheckNotSuspended(caller, access, source.name));
  const ConnectorFactory* factory = connectors_.Find(source.type);
  if (factory == nullptr) {
    return Status::FailedPrecondition("reading from '" + source.type +
                                      "' data sources is not supported yet");
  }
  std::map<std::string, std::string> secrets;
  Json fields = Json::array();
  for (const auto& [pointer, sealed] : source.sealed_secrets) {
    TRIB_ASSIGN_OR_RETURN(secrets[pointer],
                          vault_->Unseal(sealed, SecretContext(source.id, pointer)));
    fields.push_back(pointer);
  }
  // A query may hold a stored secret (a caller guessing it): the audit log gets none. Scrubbed
  // whole, then cut, so no half of a secret survives at the cut.
  std::vector<std::string> values;
  for (const auto& [pointer, plaintext] : secrets) values.push_back(plaintext);
  const SecretGuard scrubber(std::move(values), nullptr);
  for (auto& [key, value] : detail.items()) {
    if (value.is_string()) value = scrubber.Scrub(value.get<std::string>()).substr(0, 2000);
  }
  if (!fields.empty()) detail["secrets_opened"] = std::move(fields);
  // Audited before any secret is used.
  TRIB_RETURN_IF_ERROR(
      catalog_->AppendAudit(Event(caller, action, access.project.name, name, std::move(detail))));
  ConnectorInput input{source, secrets, options_.environment,
                       [this, &caller, &access](const std::string& role) {
                         return AuthorizeRole(caller, access, role);
                       }};
  TRIB_RETURN_IF_ERROR(FillProjectInput(input, access.project.name));
  input.caller_is_owner = access.role == ProjectRole::kDataOwner;
  input.audit = [this, actor = caller, project_name = access.project.name, name](
                    const std::string& event_action, Json event_detail) {
    // Best effort: a reader reporting a fault must not fail because the audit log did.
    (void)catalog_->AppendAudit(
        Event(actor, event_action, project_name, name, std::move(event_detail)));
  };
  TRIB_ASSIGN_OR_RETURN(auto egress_policy, CurrentEgressPolicy());
  input.egress =
      net::Egress(std::move(egress_policy), "host",
                  [audit = input.audit](const Json& d) { audit("datasource.egress_refused", d); });
  return (*factory)(input);
}

Result<Json> Tributary::TestDataSource(const Principal& caller, const std::string& project,
                                       const std::string& name, int64_t connect_timeout_ms) {
  TRIB_ASSIGN_OR_RETURN(auto connector, Connect(caller, project, name, "datasource.test", {}));
  const auto started = std::chrono::steady_clock::now();
  TRIB_RETURN_IF_ERROR(connector->Test(connect_timeout_ms));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  return Json{
      {"ok", true},
      {"elapsed_ms", std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()}};
}

Result<Json> Tributary::BrowseDataSource(const Principal& caller, const std::string& project,
                                         const std::string& name, const BrowseRequest& request) {
  if (request.table && !request.schema) {
    return Status::InvalidArgument("schema", "'schema' is required with 'table'");
  }
  TRIB_ASSIGN_OR_RETURN(auto connector, Connect(caller, project, name, "datasource.browse", {}));
  return connector->Browse(request);
}

Result<std::unique_ptr<BatchReader>> Tributary::OpenRead(const Principal& caller,
                                                         const std::string& project,
                                                         const std::string& name,
                                                         const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto connector,
                        Connect(caller, project, name, "datasource.read", ReadDetail(request)));
  return connector->Read(request);
}

Result<StreamHandle> Tributary::ReadDataSource(const Principal& caller, const std::string& project,
                                               const std::string& name,
                                               const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto reader, OpenRead(caller, project, name, request));
  StreamHandle stream;
  ExportStream(std::move(reader), stream.get());
  return stream;
}

Result<Json> Tributary::DataSourceSplits(const Principal& caller, const std::string& project,
                                         const std::string& name, const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto connector,
                        Connect(caller, project, name, "datasource.splits", ReadDetail(request)));
  return connector->Splits(request);
}

Status Tributary::CheckCredentialsRequest(const Principal& caller, const Access& access,
                                          const CredentialsRequest& request) {
  if (request.duration_s < kMinVendSeconds || request.duration_s > kMaxVendSeconds) {
    return Status::InvalidArgument("duration_s", "'duration_s' must be between " +
                                                     std::to_string(kMinVendSeconds) + " and " +
                                                     std::to_string(kMaxVendSeconds) + " seconds");
  }
  // Credentials act outside tributary: only for members, never for an admin passing by.
  if (!access.membership) {
    return Status::PermissionDenied("only members of project '" + access.project.name +
                                    "' may receive credentials of its data sources");
  }
  if (!request.write) return RequireScope(caller, kScopeRead);
  if (*access.membership != ProjectRole::kDataOwner) {
    return Status(StatusCode::kPermissionDenied,
                  "credentials that write are for data owners of project '" + access.project.name +
                      "'; ask for access read",
                  "access");
  }
  return RequireScope(caller, kScopeWrite);
}

Result<Json> Tributary::VendDataSourceCredentials(const Principal& caller,
                                                  const std::string& project,
                                                  const std::string& name,
                                                  CredentialsRequest request) {
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(CheckCredentialsRequest(caller, access, request));
  request.caller = caller.user.name;
  TRIB_ASSIGN_OR_RETURN(auto connector,
                        Connect(caller, project, name, "datasource.vend_credentials",
                                Json{{"access", request.write ? "write" : "read"},
                                     {"duration_s", request.duration_s}}));
  return connector->VendCredentials(request);
}

Result<Json> Tributary::DataSourceEngineOptions(const Principal& caller, const std::string& project,
                                                const std::string& name,
                                                EngineOptionsRequest request) {
  if (!request.include_credentials) {
    TRIB_ASSIGN_OR_RETURN(auto connector,
                          Connect(caller, project, name, "datasource.engine_options",
                                  Json{{"engine", request.engine}}));
    return connector->EngineOptions(request);
  }
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_ASSIGN_OR_RETURN(auto connector,
                        Connect(caller, project, name, "datasource.engine_options",
                                Json{{"engine", request.engine}, {"include_credentials", true}}));
  Json detail = {{"engine", request.engine}};
  if (connector->VendsCredentials()) {
    // Short-lived and narrowed to the source: any member may have read-only ones.
    request.credentials.caller = caller.user.name;
    TRIB_RETURN_IF_ERROR(CheckCredentialsRequest(caller, access, request.credentials));
    detail["access"] = request.credentials.write ? "write" : "read";
    detail["duration_s"] = request.credentials.duration_s;
  } else {
    TRIB_RETURN_IF_ERROR(RequireCredentialAccess(caller, access));
    detail["stored"] = true;
  }
  TRIB_RETURN_IF_ERROR(catalog_->AppendAudit(
      Event(caller, "datasource.vend_credentials", access.project.name, name, std::move(detail))));
  return connector->EngineOptions(request);
}

Result<WriteResult> Tributary::WriteDataSource(const Principal& caller, const std::string& project,
                                               const std::string& name, WriteRequest& request) {
  TRIB_ASSIGN_OR_RETURN(auto connector, Connect(caller, project, name, "datasource.write",
                                                Json{{"path", request.path},
                                                     {"data_format", request.data_format},
                                                     {"mode", request.mode}},
                                                false, kScopeWrite));
  // Replacing what is there deletes files: that is the data owners' call.
  if (request.mode == "overwrite") {
    TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
    if (access.role != ProjectRole::kDataOwner) {
      return Status(StatusCode::kPermissionDenied,
                    "'mode' overwrite deletes files: data owners only; write with mode error or "
                    "append",
                    "mode");
    }
  }
  return connector->Write(request);
}

}  // namespace trib
