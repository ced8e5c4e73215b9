// The Catalog in SQL, one implementation for every backend: the driver (SQLite or
// PostgreSQL) sits behind SqlConnection, the pool decides how many connections there are.
// Its methods live in three files by record family: sql_catalog.cc (users, keys, settings,
// audit), sql_catalog_projects.cc (projects, members, role mappings) and
// sql_catalog_datasources.cc (data sources and their sealed secrets).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/connection_pool.h"

namespace trib {

class SqlCatalog final : public Catalog {
 public:
  // Runs pending migrations on one of the pool's connections, then returns the catalog.
  static Result<std::unique_ptr<Catalog>> Open(std::unique_ptr<ConnectionPool> pool);

  Result<int> SchemaVersion() override;

  Result<int64_t> CountUsers() override;
  Status CreateUser(const User& user, const ApiKey& key, const AuditEvent& audit) override;
  Result<User> FindUserByName(const std::string& name) override;
  Result<std::vector<User>> ListUsers() override;
  Status AddApiKey(const ApiKey& key, const AuditEvent& audit) override;
  Result<std::pair<ApiKey, User>> FindApiKey(const std::string& key_id) override;

  Status CreateProject(const Project& project, const Member& owner,
                       const std::vector<DataSource>& defaults, const AuditEvent& audit) override;
  Result<Project> FindProjectByName(const std::string& name) override;
  Result<std::pair<Project, std::optional<ProjectRole>>> FindProjectAccess(
      const std::string& name, const std::string& user_id) override;
  Result<std::vector<Project>> ListProjects(const std::string& member_user_id) override;
  Status AddMember(const Member& member, const AuditEvent& audit) override;
  Status RemoveMember(const std::string& project_id, const std::string& user_id,
                      const AuditEvent& audit) override;
  Result<std::vector<Member>> ListMembers(const std::string& project_id) override;
  Result<std::optional<ProjectRole>> FindMemberRole(const std::string& project_id,
                                                    const std::string& user_id) override;

  Status CreateDataSource(const DataSource& source, const AuditEvent& audit) override;
  Status UpdateDataSource(const DataSource& source, int64_t expected_version,
                          const AuditEvent& audit) override;
  Status DeleteDataSource(const std::string& project_id, const std::string& name,
                          const AuditEvent& audit) override;
  Result<DataSource> GetDataSource(const std::string& project_id, const std::string& name) override;
  Result<std::vector<DataSource>> ListDataSources(const std::string& project_id) override;

  Result<std::vector<SealedSecretRow>> ListSealedSecrets() override;
  Status ReplaceSealedSecrets(const std::vector<SealedSecretRow>& rows,
                              const AuditEvent& audit) override;

  Status CreateRoleMapping(const RoleMapping& mapping, const AuditEvent& audit) override;
  Status DeleteRoleMapping(const std::string& id, const AuditEvent& audit) override;
  Result<std::vector<RoleMapping>> ListRoleMappings(
      const std::optional<std::string>& project_id,
      const std::optional<ProjectRole>& project_role) override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value,
                    const AuditEvent& audit) override;

  Status AppendAudit(const AuditEvent& event) override;
  Result<std::vector<AuditEvent>> QueryAudit(const AuditQuery& query) override;

 private:
  using Body = std::function<Status(SqlConnection&)>;

  explicit SqlCatalog(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  // Statements that need no transaction (single reads, single writes).
  Status WithConnection(const Body& body);
  // BEGIN, body, COMMIT; ROLLBACK when the body or the commit fails.
  Status InTransaction(const Body& body);

  static Status InsertAudit(SqlConnection& connection, const AuditEvent& event);
  static Status InsertDataSource(SqlConnection& connection, const DataSource& source);
  static Status InsertSecrets(SqlConnection& connection, const std::string& datasource_id,
                              const std::map<std::string, std::string>& sealed);

  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace trib
