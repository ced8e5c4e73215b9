// Data source definitions: validate, seal secrets, store, render redacted.
#include "common/random.h"
#include "datasource/validation.h"
#include "service/api_keys.h"
#include "service/tributary.h"

namespace trib {

namespace {

Result<Json> Render(const TypeRegistry& types, const DataSource& source) {
  const TypeSpec* spec = types.Find(source.type);
  if (spec == nullptr) {
    return Status::Internal("stored data source '" + source.name + "' has an unregistered type");
  }
  return RenderDefinition(*spec, source);
}

}  // namespace

Json Tributary::DataSourceTypes() const {
  Json list = Json::array();
  for (const TypeSpec* spec : types_.All()) list.push_back(spec->Describe());
  return Json{{"types", std::move(list)}};
}

Result<DataSource> Tributary::SealDefinition(DataSource source, const ValidatedDefinition& def,
                                             const DataSource* existing) {
  source.name = def.name;
  source.type = def.type;
  source.description = def.description;
  source.config = def.config;
  source.sealed_secrets.clear();
  for (const auto& [pointer, plaintext] : def.secrets) {
    if (!plaintext) {  // "<redacted>" sent back: keep the stored envelope as it is
      source.sealed_secrets[pointer] = existing->sealed_secrets.at(pointer);
      continue;
    }
    TRIB_ASSIGN_OR_RETURN(source.sealed_secrets[pointer],
                          vault_->Seal(*plaintext, SecretContext(source.id, pointer)));
  }
  return source;
}

Result<Json> Tributary::CreateDataSource(const Principal& caller, const std::string& project,
                                         const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(RequireOwner(access, "create data sources"));
  TRIB_ASSIGN_OR_RETURN(ValidatedDefinition def, ValidateDefinition(types_, body, nullptr));
  TRIB_RETURN_IF_ERROR(CheckDefinition(access, def));
  DataSource source;
  source.id = RandomHex();
  source.project_id = access.project.id;
  source.created_ms = source.updated_ms = options_.clock();
  source.created_by = caller.user.name;
  TRIB_ASSIGN_OR_RETURN(source, SealDefinition(std::move(source), def, nullptr));
  TRIB_RETURN_IF_ERROR(
      catalog_->CreateDataSource(source, Event(caller, "datasource.create", access.project.name,
                                               source.name, Json{{"type", source.type}})));
  return Render(types_, source);
}

Result<Json> Tributary::ListDataSources(const Principal& caller, const std::string& project) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_ASSIGN_OR_RETURN(auto sources, catalog_->ListDataSources(access.project.id));
  Json list = Json::array();
  for (const auto& s : sources) {
    TRIB_ASSIGN_OR_RETURN(Json rendered, Render(types_, s));
    list.push_back(std::move(rendered));
  }
  return Json{{"datasources", std::move(list)}};
}

Result<Json> Tributary::GetDataSource(const Principal& caller, const std::string& project,
                                      const std::string& name) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_ASSIGN_OR_RETURN(DataSource source, catalog_->GetDataSource(access.project.id, name));
  return Render(types_, source);
}

Result<Json> Tributary::UpdateDataSource(const Principal& caller, const std::string& project,
                                         const std::string& name, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(RequireOwner(access, "change data sources"));
  TRIB_ASSIGN_OR_RETURN(DataSource existing, catalog_->GetDataSource(access.project.id, name));
  TRIB_ASSIGN_OR_RETURN(ValidatedDefinition def, ValidateDefinition(types_, body, &existing));
  if (!def.version) {
    return Status::InvalidArgument("version",
                                   "'version' is required on update: send the version you read");
  }
  if (def.name != existing.name) {
    return Status::InvalidArgument(
        "name", "renaming is not supported: the name in the body must be '" + existing.name + "'");
  }
  if (existing.is_default && def.config != existing.config) {
    return Status::FailedPrecondition(
        "'" + existing.name + "' is a default data source: only its description may change");
  }
  TRIB_RETURN_IF_ERROR(CheckDefinition(access, def));
  DataSource updated = existing;
  updated.updated_ms = options_.clock();
  TRIB_ASSIGN_OR_RETURN(updated, SealDefinition(std::move(updated), def, &existing));
  TRIB_RETURN_IF_ERROR(
      catalog_->UpdateDataSource(updated, *def.version,
                                 Event(caller, "datasource.update", access.project.name, name,
                                       Json{{"version", *def.version + 1}})));
  updated.version = *def.version + 1;
  return Render(types_, updated);
}

Status Tributary::DeleteDataSource(const Principal& caller, const std::string& project,
                                   const std::string& name) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(RequireOwner(access, "delete data sources"));
  TRIB_ASSIGN_OR_RETURN(DataSource existing, catalog_->GetDataSource(access.project.id, name));
  if (existing.is_default) {
    return Status::FailedPrecondition(
        "'" + name + "' is a default data source of the project and cannot be deleted");
  }
  return catalog_->DeleteDataSource(access.project.id, name,
                                    Event(caller, "datasource.delete", access.project.name, name));
}

Result<ResolvedDataSource> Tributary::ResolveDataSource(const Principal& caller,
                                                        const std::string& project,
                                                        const std::string& name) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_ASSIGN_OR_RETURN(DataSource source, catalog_->GetDataSource(access.project.id, name));
  ResolvedDataSource resolved;
  Json fields = Json::array();
  for (const auto& [pointer, sealed] : source.sealed_secrets) {
    TRIB_ASSIGN_OR_RETURN(resolved.secrets[pointer],
                          vault_->Unseal(sealed, SecretContext(source.id, pointer)));
    fields.push_back(pointer);
  }
  // Audited before the secrets leave this function.
  TRIB_RETURN_IF_ERROR(
      catalog_->AppendAudit(Event(caller, "datasource.read_secrets", access.project.name, name,
                                  Json{{"fields", std::move(fields)}})));
  resolved.definition = std::move(source);
  return resolved;
}

}  // namespace trib
