// Projects, their members and their default data sources.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "common/random.h"
#include "datasource/validation.h"
#include "service/api_keys.h"
#include "service/request_checks.h"
#include "service/tributary.h"

namespace trib {

namespace {

Json RenderMember(const Member& m) {
  return {{"user", m.user_name},
          {"role", ProjectRoleName(m.role)},
          {"added", FormatIso8601(m.added_ms)}};
}

}  // namespace

Json Tributary::RenderProject(const Project& project, std::optional<ProjectRole> role) const {
  Json out = {{"name", project.name},
              {"description", project.description},
              {"created_by", project.created_by},
              {"created", FormatIso8601(project.created_ms)}};
  out["role"] = role ? Json(ProjectRoleName(*role)) : Json();
  return out;
}

std::vector<DataSource> Tributary::DefaultDataSources(const Project& project) const {
  // Local files are named relative to the project's directory: definitions never show host
  // paths, and a read resolves them inside that directory only.
  auto make = [&](std::string suffix, std::string type, std::string description, Json config) {
    DataSource s;
    s.id = RandomHex();
    s.project_id = project.id;
    s.name = project.name + suffix;
    s.type = std::move(type);
    s.description = std::move(description);
    s.config = std::move(config);
    s.created_ms = s.updated_ms = project.created_ms;
    s.created_by = project.created_by;
    s.is_default = true;
    return s;
  };
  return {
      make("_onlinefeaturestore", "jdbc", "Online feature store of project " + project.name,
           Json{{"connection_string", "jdbc:sqlite:online.db"}}),
      make("_Training_Datasets", "hopsfs", "Training datasets directory of project " + project.name,
           Json{{"hopsfs_path",
                 "/Projects/" + project.name + "/" + project.name + "_Training_Datasets"}}),
      make("_offline", "jdbc",
           "Offline feature store of project " + project.name + " (SQL over DuckDB)",
           Json{{"connection_string", "jdbc:duckdb:offline.duckdb"}}),
  };
}

Result<Json> Tributary::CreateProject(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"name", "description"}));
  auto name_it = body.find("name");
  if (name_it == body.end()) return Status::InvalidArgument("name", "'name' is required");
  TRIB_RETURN_IF_ERROR(ValidateProjectName(*name_it));
  TRIB_ASSIGN_OR_RETURN(std::string description, StringMember(body, "description", false));
  if (description.size() > 1024) {
    return Status::InvalidArgument("description", "'description' is longer than 1024 characters");
  }
  Project project{RandomHex(), name_it->get<std::string>(), description, caller.user.name,
                  options_.clock()};
  Member owner{project.id, caller.user.id, caller.user.name, ProjectRole::kDataOwner,
               project.created_ms};

  // Files first: creating them twice is harmless, and a failure leaves no catalog row.
  TRIB_RETURN_IF_ERROR(CreateProjectStores(project.name));

  TRIB_RETURN_IF_ERROR(
      catalog_->CreateProject(project, owner, DefaultDataSources(project),
                              Event(caller, "project.create", project.name, project.name)));
  return RenderProject(project, ProjectRole::kDataOwner);
}

Result<Json> Tributary::ListProjects(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(auto projects,
                        catalog_->ListProjects(caller.user.is_admin ? "" : caller.user.id));
  Json list = Json::array();
  for (const auto& p : projects) {
    std::optional<ProjectRole> role = ProjectRole::kDataOwner;
    if (!caller.user.is_admin) {
      TRIB_ASSIGN_OR_RETURN(role, catalog_->FindMemberRole(p.id, caller.user.id));
    }
    list.push_back(RenderProject(p, role));
  }
  return Json{{"projects", std::move(list)}};
}

Result<Json> Tributary::GetProject(const Principal& caller, const std::string& project) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  return RenderProject(access.project, access.role);
}

Result<Json> Tributary::ListMembers(const Principal& caller, const std::string& project) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeRead));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_ASSIGN_OR_RETURN(auto members, catalog_->ListMembers(access.project.id));
  Json list = Json::array();
  for (const auto& m : members) list.push_back(RenderMember(m));
  return Json{{"members", std::move(list)}};
}

Result<Json> Tributary::AddMember(const Principal& caller, const std::string& project,
                                  const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(RequireOwner(access, "add members"));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"user", "role"}));
  TRIB_ASSIGN_OR_RETURN(std::string user_name, StringMember(body, "user", true));
  TRIB_ASSIGN_OR_RETURN(std::string role_name, StringMember(body, "role", true));
  const auto role = ParseProjectRole(role_name);
  if (!role) {
    return Status::InvalidArgument("role", "'role' must be data_owner or data_scientist");
  }
  auto user = catalog_->FindUserByName(user_name);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) {
      return Status::InvalidArgument("user", "no user named '" + user_name.substr(0, 64) + "'");
    }
    return user.status();
  }
  Member member{access.project.id, user->id, user->name, *role, options_.clock()};
  TRIB_RETURN_IF_ERROR(catalog_->AddMember(member, Event(caller, "member.add", access.project.name,
                                                         user->name, Json{{"role", role_name}})));
  return RenderMember(member);
}

Status Tributary::RemoveMember(const Principal& caller, const std::string& project,
                               const std::string& user_name) {
  TRIB_RETURN_IF_ERROR(RequireScope(caller, kScopeWrite));
  TRIB_ASSIGN_OR_RETURN(Access access, AccessProject(caller, project));
  TRIB_RETURN_IF_ERROR(RequireOwner(access, "remove members"));
  auto user = catalog_->FindUserByName(user_name);
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound
               ? Status::NotFound("'" + user_name.substr(0, 64) + "' is not a member")
               : user.status();
  }
  // A project without a data owner could never be managed again (short of the admin).
  TRIB_ASSIGN_OR_RETURN(auto members, catalog_->ListMembers(access.project.id));
  const auto is_owner = [](const Member& m) { return m.role == ProjectRole::kDataOwner; };
  const auto leaving = std::find_if(members.begin(), members.end(),
                                    [&](const Member& m) { return m.user_id == user->id; });
  if (leaving != members.end() && is_owner(*leaving) &&
      std::count_if(members.begin(), members.end(), is_owner) == 1) {
    return Status::FailedPrecondition("'" + user->name + "' is the last data owner of project '" +
                                      access.project.name + "'; add another data owner first");
  }
  return catalog_->RemoveMember(access.project.id, user->id,
                                Event(caller, "member.remove", access.project.name, user->name));
}

}  // namespace trib
