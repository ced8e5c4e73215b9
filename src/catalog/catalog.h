// All metadata behind one repository interface; backends: SQLite file (embedded default) and
// PostgreSQL (shared by several stateless servers). Every change and its audit event commit in
// one transaction, so an audited change never happens without its record and vice versa.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "datasource/data_source.h"

namespace trib {

class Catalog {
 public:
  virtual ~Catalog() = default;

  // The applied schema migration (migrations run on Open()).
  virtual Result<int> SchemaVersion() = 0;

  // --- users and keys
  virtual Result<int64_t> CountUsers() = 0;
  virtual Status CreateUser(const User& user, const ApiKey& key, const AuditEvent& audit) = 0;
  virtual Result<User> FindUserByName(const std::string& name) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Status AddApiKey(const ApiKey& key, const AuditEvent& audit) = 0;
  // The key row and its user, or NotFound.
  virtual Result<std::pair<ApiKey, User>> FindApiKey(const std::string& key_id) = 0;

  // --- projects and members
  // Project, its first member (the creator, a data owner) and its default data sources, all
  // or nothing. AlreadyExists (field "name") when the name is taken.
  virtual Status CreateProject(const Project& project, const Member& owner,
                               const std::vector<DataSource>& defaults,
                               const AuditEvent& audit) = 0;
  virtual Result<Project> FindProjectByName(const std::string& name) = 0;
  // The project and the user's role in it (nullopt for a non-member), in one lookup: the
  // authorization check of every project-scoped request.
  virtual Result<std::pair<Project, std::optional<ProjectRole>>> FindProjectAccess(
      const std::string& name, const std::string& user_id) = 0;
  // All projects (user_id empty) or those the user is a member of, by name.
  virtual Result<std::vector<Project>> ListProjects(const std::string& member_user_id) = 0;
  virtual Status AddMember(const Member& member, const AuditEvent& audit) = 0;  // AlreadyExists
  virtual Status RemoveMember(const std::string& project_id, const std::string& user_id,
                              const AuditEvent& audit) = 0;  // NotFound
  virtual Result<std::vector<Member>> ListMembers(const std::string& project_id) = 0;
  virtual Result<std::optional<ProjectRole>> FindMemberRole(const std::string& project_id,
                                                            const std::string& user_id) = 0;

  // --- data sources (sealed secrets travel inside DataSource::sealed_secrets)
  virtual Status CreateDataSource(const DataSource& source, const AuditEvent& audit) = 0;
  // Replaces the definition when the stored version equals `expected_version`; the stored
  // version becomes expected_version + 1. Conflict when stale, NotFound when absent.
  virtual Status UpdateDataSource(const DataSource& source, int64_t expected_version,
                                  const AuditEvent& audit) = 0;
  virtual Status DeleteDataSource(const std::string& project_id, const std::string& name,
                                  const AuditEvent& audit) = 0;
  virtual Result<DataSource> GetDataSource(const std::string& project_id,
                                           const std::string& name) = 0;
  virtual Result<std::vector<DataSource>> ListDataSources(const std::string& project_id) = 0;

  // --- secrets, for master-key rotation
  virtual Result<std::vector<SealedSecretRow>> ListSealedSecrets() = 0;
  // Replaces the listed secrets in one transaction. A row without expected_sealed must exist
  // (else NotFound and nothing changes); a row with it is skipped when the stored envelope
  // differs (changed or deleted meanwhile).
  virtual Status ReplaceSealedSecrets(const std::vector<SealedSecretRow>& rows,
                                      const AuditEvent& audit) = 0;

  // --- role mappings and cluster settings
  virtual Status CreateRoleMapping(const RoleMapping& mapping, const AuditEvent& audit) = 0;
  virtual Status DeleteRoleMapping(const std::string& id, const AuditEvent& audit) = 0;
  // All mappings, or those of one project (and one project role).
  virtual Result<std::vector<RoleMapping>> ListRoleMappings(
      const std::optional<std::string>& project_id,
      const std::optional<ProjectRole>& project_role) = 0;
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value,
                            const AuditEvent& audit) = 0;

  // --- audit
  virtual Status AppendAudit(const AuditEvent& event) = 0;
  virtual Result<std::vector<AuditEvent>> QueryAudit(const AuditQuery& query) = 0;
};

// "sqlite:/path/catalog.db" or a bare path -> SQLite; "postgresql://..." or "postgres://..." ->
// PostgreSQL. Runs pending migrations before returning.
Result<std::unique_ptr<Catalog>> OpenCatalog(const std::string& location);

}  // namespace trib
