// SqlCatalog: projects, members and role mappings.
#include "catalog/sql_catalog.h"
#include "catalog/sql_catalog_rows.h"

namespace trib {

namespace {

// Every project query selects: id, name, description, created_by, created_ms.

Project ProjectFromRow(const SqlRow& row) {
  Project project;
  project.id = TextAt(row, 0);
  project.name = TextAt(row, 1);
  project.description = TextAt(row, 2);
  project.created_by = TextAt(row, 3);
  project.created_ms = IntAt(row, 4);
  return project;
}

Status InsertMember(SqlConnection& c, const Member& member) {
  Status status =
      c.Exec("INSERT INTO members (project_id, user_id, role, added_ms) VALUES (?, ?, ?, ?)",
             {member.project_id, member.user_id, RoleValue(member.role), member.added_ms})
          .status();
  status = Reword(status, StatusCode::kAlreadyExists,
                  Status::AlreadyExists("user", "the user is already a member of this project"));
  return Reword(status, StatusCode::kFailedPrecondition,
                Status::NotFound("project or user not found"));
}

}  // namespace

Status SqlCatalog::CreateProject(const Project& project, const Member& owner,
                                 const std::vector<DataSource>& defaults, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_RETURN_IF_ERROR(
        Reword(c.Exec("INSERT INTO projects (id, name, description, created_by, created_ms)"
                      " VALUES (?, ?, ?, ?, ?)",
                      {project.id, project.name, project.description, project.created_by,
                       project.created_ms})
                   .status(),
               StatusCode::kAlreadyExists,
               Status::AlreadyExists("name", "a project with this name already exists")));
    Member first = owner;
    first.project_id = project.id;
    TRIB_RETURN_IF_ERROR(InsertMember(c, first));
    for (const DataSource& source : defaults) {
      DataSource built_in = source;
      built_in.project_id = project.id;
      built_in.is_default = true;
      TRIB_RETURN_IF_ERROR(InsertDataSource(c, built_in));
    }
    return InsertAudit(c, audit);
  });
}

Result<Project> SqlCatalog::FindProjectByName(const std::string& name) {
  Project project;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows,
                          c.Exec("SELECT p.id, p.name, p.description, p.created_by, p.created_ms"
                                 " FROM projects p WHERE p.name = ?",
                                 {name}));
    if (rows.rows.empty()) return Status::NotFound("project not found");
    project = ProjectFromRow(rows.rows[0]);
    return Status::Ok();
  }));
  return project;
}

Result<std::pair<Project, std::optional<ProjectRole>>> SqlCatalog::FindProjectAccess(
    const std::string& name, const std::string& user_id) {
  std::pair<Project, std::optional<ProjectRole>> access;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(
        SqlRows rows,
        c.Exec("SELECT p.id, p.name, p.description, p.created_by, p.created_ms, m.role"
               " FROM projects p LEFT JOIN members m ON m.project_id = p.id AND m.user_id = ?"
               " WHERE p.name = ?",
               {user_id, name}));
    if (rows.rows.empty()) return Status::NotFound("project not found");
    access.first = ProjectFromRow(rows.rows[0]);
    if (rows.rows[0].size() > 5 && !IsNullAt(rows.rows[0], 5)) {
      TRIB_ASSIGN_OR_RETURN(access.second, RoleFromColumn(TextAt(rows.rows[0], 5)));
    }
    return Status::Ok();
  }));
  return access;
}

Result<std::vector<Project>> SqlCatalog::ListProjects(const std::string& member_user_id) {
  std::vector<Project> projects;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    Result<SqlRows> rows =
        member_user_id.empty()
            ? c.Exec(
                  "SELECT p.id, p.name, p.description, p.created_by, p.created_ms"
                  " FROM projects p ORDER BY p.name")
            : c.Exec(
                  "SELECT p.id, p.name, p.description, p.created_by, p.created_ms"
                  " FROM projects p JOIN members m ON m.project_id = p.id"
                  " WHERE m.user_id = ? ORDER BY p.name",
                  {member_user_id});
    if (!rows.ok()) return rows.status();
    for (const SqlRow& row : rows->rows) projects.push_back(ProjectFromRow(row));
    return Status::Ok();
  }));
  return projects;
}

Status SqlCatalog::AddMember(const Member& member, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_RETURN_IF_ERROR(InsertMember(c, member));
    return InsertAudit(c, audit);
  });
}

Status SqlCatalog::RemoveMember(const std::string& project_id, const std::string& user_id,
                                const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(
        SqlRows done,
        c.Exec("DELETE FROM members WHERE project_id = ? AND user_id = ?", {project_id, user_id}));
    if (done.affected == 0) return Status::NotFound("member not found");
    return InsertAudit(c, audit);
  });
}

Result<std::vector<Member>> SqlCatalog::ListMembers(const std::string& project_id) {
  std::vector<Member> members;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows,
                          c.Exec("SELECT m.project_id, m.user_id, u.name, m.role, m.added_ms"
                                 " FROM members m JOIN users u ON u.id = m.user_id"
                                 " WHERE m.project_id = ? ORDER BY u.name",
                                 {project_id}));
    for (const SqlRow& row : rows.rows) {
      Member& member = members.emplace_back();
      member.project_id = TextAt(row, 0);
      member.user_id = TextAt(row, 1);
      member.user_name = TextAt(row, 2);
      TRIB_ASSIGN_OR_RETURN(member.role, RoleFromColumn(TextAt(row, 3)));
      member.added_ms = IntAt(row, 4);
    }
    return Status::Ok();
  }));
  return members;
}

Result<std::optional<ProjectRole>> SqlCatalog::FindMemberRole(const std::string& project_id,
                                                              const std::string& user_id) {
  std::optional<ProjectRole> role;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows,
                          c.Exec("SELECT role FROM members WHERE project_id = ? AND user_id = ?",
                                 {project_id, user_id}));
    if (rows.rows.empty()) return Status::Ok();
    TRIB_ASSIGN_OR_RETURN(role, RoleFromColumn(TextAt(rows.rows[0], 0)));
    return Status::Ok();
  }));
  return role;
}

// --- role mappings

Status SqlCatalog::CreateRoleMapping(const RoleMapping& mapping, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    Status status = c.Exec(
                         "INSERT INTO role_mappings"
                         " (id, project_id, project_role, cloud_role, is_default, created_ms)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         {mapping.id, mapping.project_id, RoleValue(mapping.project_role),
                          mapping.cloud_role, BoolValue(mapping.is_default), mapping.created_ms})
                        .status();
    status = Reword(status, StatusCode::kAlreadyExists,
                    Status::AlreadyExists(
                        "cloud_role", "this cloud role is already mapped to this project role"));
    TRIB_RETURN_IF_ERROR(
        Reword(status, StatusCode::kFailedPrecondition, Status::NotFound("project not found")));
    return InsertAudit(c, audit);
  });
}

Status SqlCatalog::DeleteRoleMapping(const std::string& id, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows done, c.Exec("DELETE FROM role_mappings WHERE id = ?", {id}));
    if (done.affected == 0) return Status::NotFound("role mapping not found");
    return InsertAudit(c, audit);
  });
}

Result<std::vector<RoleMapping>> SqlCatalog::ListRoleMappings(
    const std::optional<std::string>& project_id, const std::optional<ProjectRole>& project_role) {
  std::string sql =
      "SELECT r.id, r.project_id, p.name, r.project_role, r.cloud_role, r.is_default,"
      " r.created_ms FROM role_mappings r JOIN projects p ON p.id = r.project_id";
  SqlParams params;
  const char* glue = " WHERE ";
  if (project_id) {
    sql += glue + std::string("r.project_id = ?");
    params.emplace_back(*project_id);
    glue = " AND ";
  }
  if (project_role) {
    sql += glue + std::string("r.project_role = ?");
    params.push_back(RoleValue(*project_role));
  }
  sql += " ORDER BY p.name, r.project_role, r.cloud_role";

  std::vector<RoleMapping> mappings;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows, c.Exec(sql, params));
    for (const SqlRow& row : rows.rows) {
      RoleMapping& mapping = mappings.emplace_back();
      mapping.id = TextAt(row, 0);
      mapping.project_id = TextAt(row, 1);
      mapping.project_name = TextAt(row, 2);
      TRIB_ASSIGN_OR_RETURN(mapping.project_role, RoleFromColumn(TextAt(row, 3)));
      mapping.cloud_role = TextAt(row, 4);
      mapping.is_default = IntAt(row, 5) != 0;
      mapping.created_ms = IntAt(row, 6);
    }
    return Status::Ok();
  }));
  return mappings;
}

}  // namespace trib
