// Cloud role mappings: which cloud roles (AWS IAM role ARNs, Azure managed identities) the
// members of a project may assume, by project role; and the cluster-wide role.
#include <regex>

#include "common/random.h"
#include "service/api_keys.h"
#include "service/request_checks.h"
#include "service/setting_names.h"
#include "service/tributary.h"

namespace trib {

namespace {

Status ValidateCloudRole(const std::string& role, const std::string& field) {
  static const std::regex kAwsRole(R"(arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512})");
  static const std::regex kAzureId(
      R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
  static const std::regex kAzureResource(
      R"(/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.managedidentity/userassignedidentities/[^/]+)",
      std::regex::icase);
  if (role.size() <= 1024 &&
      (std::regex_match(role, kAwsRole) || std::regex_match(role, kAzureId) ||
       std::regex_match(role, kAzureResource))) {
    return Status::Ok();
  }
  return Status::InvalidArgument(
      field, "'" + field +
                 "' must be an AWS IAM role ARN (arn:aws:iam::<account>:role/<name>) "
                 "or an Azure managed identity (client id or resource id)");
}

Json RenderMapping(const RoleMapping& m) {
  return {{"id", m.id},
          {"project", m.project_name},
          {"project_role", ProjectRoleName(m.project_role)},
          {"cloud_role", m.cloud_role},
          {"default", m.is_default},
          {"created", FormatIso8601(m.created_ms)}};
}

Json RenderMappings(const std::vector<RoleMapping>& mappings) {
  Json list = Json::array();
  for (const auto& m : mappings) list.push_back(RenderMapping(m));
  return list;
}

}  // namespace

Result<Json> Tributary::CreateRoleMapping(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"project", "project_role", "cloud_role", "default"}));
  TRIB_ASSIGN_OR_RETURN(std::string project_name, StringMember(body, "project", true));
  TRIB_ASSIGN_OR_RETURN(std::string role_name, StringMember(body, "project_role", true));
  TRIB_ASSIGN_OR_RETURN(std::string cloud_role, StringMember(body, "cloud_role", true));
  const auto role = ParseProjectRole(role_name);
  if (!role) {
    return Status::InvalidArgument("project_role",
                                   "'project_role' must be data_owner or data_scientist");
  }
  TRIB_RETURN_IF_ERROR(ValidateCloudRole(cloud_role, "cloud_role"));
  bool is_default = false;
  if (auto it = body.find("default"); it != body.end()) {
    if (!it->is_boolean())
      return Status::InvalidArgument("default", "'default' must be true or false");
    is_default = it->get<bool>();
  }
  auto project = catalog_->FindProjectByName(project_name);
  if (!project.ok()) {
    if (project.status().code() != StatusCode::kNotFound) return project.status();
    return Status::InvalidArgument("project",
                                   "no project named '" + project_name.substr(0, 64) + "'");
  }
  TRIB_ASSIGN_OR_RETURN(auto existing, catalog_->ListRoleMappings(project->id, *role));
  for (const auto& m : existing) {
    if (m.cloud_role == cloud_role) {
      return Status::AlreadyExists("cloud_role", "this role is already mapped to " + role_name +
                                                     " in project '" + project->name + "'");
    }
    if (is_default && m.is_default) {
      return Status::InvalidArgument("default", "project '" + project->name +
                                                    "' already has a default role for " +
                                                    role_name + " (mapping " + m.id + ")");
    }
  }
  RoleMapping mapping{RandomHex(), project->id, project->name,   *role,
                      cloud_role,  is_default,  options_.clock()};
  TRIB_RETURN_IF_ERROR(catalog_->CreateRoleMapping(
      mapping,
      Event(caller, "rolemapping.create", project->name, cloud_role,
            Json{{"id", mapping.id}, {"project_role", role_name}, {"default", is_default}})));
  return RenderMapping(mapping);
}

Result<Json> Tributary::ListRoleMappings(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_ASSIGN_OR_RETURN(auto mappings, catalog_->ListRoleMappings(std::nullopt, std::nullopt));
  return Json{{"rolemappings", RenderMappings(mappings)}};
}

Status Tributary::DeleteRoleMapping(const Principal& caller, const std::string& id) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  return catalog_->DeleteRoleMapping(id, Event(caller, "rolemapping.delete", "", id));
}

Result<Json> Tributary::ProjectRoleMappings(const Principal& caller, const std::string& project) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  std::optional<ProjectRole> role;
  if (!caller.user.is_admin) role = access.role;  // a member sees only what his role may assume
  TRIB_ASSIGN_OR_RETURN(auto mappings, catalog_->ListRoleMappings(access.project.id, role));
  TRIB_ASSIGN_OR_RETURN(auto cluster_role, catalog_->GetSetting(std::string(kClusterRoleSetting)));
  return Json{{"cluster_role", cluster_role ? Json(*cluster_role) : Json()},
              {"rolemappings", RenderMappings(mappings)}};
}

Result<Json> Tributary::GetClusterRole(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_ASSIGN_OR_RETURN(auto role, catalog_->GetSetting(std::string(kClusterRoleSetting)));
  return Json{{"cloud_role", role ? Json(*role) : Json()}};
}

Result<Json> Tributary::SetClusterRole(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"cloud_role"}));
  TRIB_ASSIGN_OR_RETURN(std::string role, StringMember(body, "cloud_role", true));
  TRIB_RETURN_IF_ERROR(ValidateCloudRole(role, "cloud_role"));
  TRIB_RETURN_IF_ERROR(catalog_->PutSetting(std::string(kClusterRoleSetting), role,
                                            Event(caller, "cluster_role.set", "", role)));
  return Json{{"cloud_role", role}};
}

}  // namespace trib
