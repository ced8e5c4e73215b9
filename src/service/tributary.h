// The service: every use case of the REST API, the CLI and the C++ API, with authorization.
// Methods take the authenticated caller and answer JSON in the shapes of docs/rest-api.md.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "columnar/arrow_handles.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/status.h"
#include "connectors/connector.h"
#include "datasource/type_registry.h"
#include "service/key_cache.h"
#include "vault/vault.h"

namespace trib {

struct Principal {
  User user;
  std::vector<std::string> scopes;
  bool HasScope(std::string_view scope) const;
};

struct TributaryOptions {
  std::string data_dir;  // project directories live below it
  Clock clock = SystemClock();
  // How long a looked-up API key row is reused without asking the catalog (0: never).
  int64_t key_cache_ttl_ms = 5000;
  // Which types can be read, and what their connectors may use; null: the built-in ones.
  const ConnectorRegistry* connectors = nullptr;
  ConnectorEnvironment environment;
};

// A data source with its secrets opened, for server-side reads. Never serialised.
struct ResolvedDataSource {
  DataSource definition;
  std::map<std::string, std::string> secrets;  // JSON pointer -> plaintext
};

class Tributary {
 public:
  Tributary(std::unique_ptr<Catalog> catalog, std::unique_ptr<Vault> vault,
            const TypeRegistry& types, TributaryOptions options);
  ~Tributary();

  Result<Principal> Authenticate(std::string_view api_key);

  // On an empty catalog: creates the admin user and returns its key (once); else nullopt.
  Result<std::optional<std::string>> BootstrapAdmin();
  // Rewrites default data sources stored with host paths to project-relative ones and creates
  // missing project stores; run at start.
  // At start, before serving: what a crash left behind (reads' and writes' working
  // directories under DATA_DIR/tmp, unfinished writes' hidden files in the internal file system).
  Status RemoveLeftovers();
  Status UpgradeDefaultSources();
  // Creates project `name` owned by the admin when it does not exist yet.
  Status EnsureDemoProject(const std::string& name);

  // users
  Result<Json> CreateUser(const Principal& caller, const Json& body);
  Result<Json> ListUsers(const Principal& caller);
  Result<Json> DescribeCaller(const Principal& caller);
  Result<Json> CreateApiKey(const Principal& caller, const Json& body);

  // projects and members
  Result<Json> CreateProject(const Principal& caller, const Json& body);
  Result<Json> ListProjects(const Principal& caller);
  Result<Json> GetProject(const Principal& caller, const std::string& project);
  Result<Json> ListMembers(const Principal& caller, const std::string& project);
  Result<Json> AddMember(const Principal& caller, const std::string& project, const Json& body);
  Status RemoveMember(const Principal& caller, const std::string& project, const std::string& user);

  // data sources
  Json DataSourceTypes() const;
  Result<Json> CreateDataSource(const Principal& caller, const std::string& project,
                                const Json& body);
  Result<Json> ListDataSources(const Principal& caller, const std::string& project);
  Result<Json> GetDataSource(const Principal& caller, const std::string& project,
                             const std::string& name);
  Result<Json> UpdateDataSource(const Principal& caller, const std::string& project,
                                const std::string& name, const Json& body);
  Status DeleteDataSource(const Principal& caller, const std::string& project,
                          const std::string& name);
  // Opens the secrets for a server-side read by a member; audited as datasource.read_secrets.
  Result<ResolvedDataSource> ResolveDataSource(const Principal& caller, const std::string& project,
                                               const std::string& name);

  // reading data (server-side: the secrets never leave the server)
  Result<Json> TestDataSource(const Principal& caller, const std::string& project,
                              const std::string& name, int64_t connect_timeout_ms);
  Result<Json> BrowseDataSource(const Principal& caller, const std::string& project,
                                const std::string& name, const BrowseRequest& request);
  // The rows as batches; request.cancel stops the query on the database.
  Result<std::unique_ptr<BatchReader>> OpenRead(const Principal& caller, const std::string& project,
                                                const std::string& name,
                                                const ReadRequest& request);
  // The same as an Arrow C stream, for callers of the C++ API.
  // Writes `request.rows` as a new file of a file source: members with a write-scope key
  // (data owners and data scientists, as training data is theirs to write); audited as
  // datasource.write. The rows are opened only once the write is allowed.
  Result<WriteResult> WriteDataSource(const Principal& caller, const std::string& project,
                                      const std::string& name, WriteRequest& request);
  Result<StreamHandle> ReadDataSource(const Principal& caller, const std::string& project,
                                      const std::string& name, const ReadRequest& request);
  Result<Json> DataSourceSplits(const Principal& caller, const std::string& project,
                                const std::string& name, const ReadRequest& request);
  // With include_credentials: file types that vend add short-lived credentials (members; write
  // ones for data owners), the others their stored ones (data owners who are members, with a
  // write-scope key). Audited as datasource.vend_credentials.
  Result<Json> DataSourceEngineOptions(const Principal& caller, const std::string& project,
                                       const std::string& name, EngineOptionsRequest request);
  // Short-lived credentials narrowed to the source's bucket/container and path: read-only for
  // members with a read-scope key, writing for data owners with a write-scope key. Audited.
  Result<Json> VendDataSourceCredentials(const Principal& caller, const std::string& project,
                                         const std::string& name, CredentialsRequest request);
  static constexpr int kMinVendSeconds = 900;
  static constexpr int kMaxVendSeconds = 43200;

  // Lets `body.user` use the source again after withheld error messages suspended him.
  Result<Json> ClearSuspension(const Principal& caller, const std::string& project,
                               const std::string& name, const Json& body);

  // role mappings
  Result<Json> CreateRoleMapping(const Principal& caller, const Json& body);
  Result<Json> ListRoleMappings(const Principal& caller);
  Status DeleteRoleMapping(const Principal& caller, const std::string& id);
  Result<Json> ProjectRoleMappings(const Principal& caller, const std::string& project);
  Result<Json> GetClusterRole(const Principal& caller);
  Result<Json> SetClusterRole(const Principal& caller, const Json& body);
  // The ODBC drivers data sources may name: {"odbc_drivers": [...]|null, "registered": [...]}.
  Result<Json> GetOdbcDrivers(const Principal& caller);
  Result<Json> SetOdbcDrivers(const Principal& caller, const Json& body);

  // The egress allowlist: destinations any data source may reach ({"entries": [...]}).
  Result<Json> GetEgressAllowlist(const Principal& caller);
  Result<Json> SetEgressAllowlist(const Principal& caller, const Json& body);
  // Directories where local database files may lie besides each project's own
  // ({"directories": [...]}).
  Result<Json> GetLocalDirectories(const Principal& caller);
  Result<Json> SetLocalDirectories(const Principal& caller, const Json& body);
  // The allowlist in force: the stored setting, or loopback only on a fresh cluster.
  Result<std::shared_ptr<const net::EgressPolicy>> CurrentEgressPolicy();

  // administration
  Result<Json> QueryAudit(const Principal& caller, const AuditQuery& query);
  Result<Json> RotateMasterKey(const Principal& caller);

  Catalog& catalog() { return *catalog_; }
  // Where reads put files they build before sending them (Parquet); created on demand.
  std::string temp_dir() const;
  // Where project `project`'s own files live (online store, offline store), canonical.
  std::string ProjectDirectory(const std::string& project) const;
  // What every connector input carries about the project and the cluster's settings: its
  // directories, the internal file system, the temp dir, allowed ODBC drivers and directories.
  Status FillProjectInput(ConnectorInput& input, const std::string& project);
  const TypeRegistry& types() const { return types_; }

 private:
  struct Access {
    Project project;
    ProjectRole role;  // admins act as data owners in every project
    // The caller's own role in the project; none for an admin who is not a member.
    std::optional<ProjectRole> membership;
  };
  // NotFound for non-members (admins see every project, as data owners).
  Result<Access> AccessProject(const Principal& caller, const std::string& project);
  static Status RequireOwner(const Access& access, std::string_view what);
  // Stored credentials leave the server only for data owners who are members, using a key with
  // the write scope; an administrator who is not a member gets none.
  static Status RequireCredentialAccess(const Principal& caller, const Access& access);
  static Status RequireScope(const Principal& caller, std::string_view scope);
  static Status CheckCredentialsRequest(const Principal& caller, const Access& access,
                                        const CredentialsRequest& request);
  static Status RequireAdmin(const Principal& caller);
  AuditEvent Event(const Principal& caller, std::string action, std::string project,
                   std::string target, Json detail = Json::object()) const;
  Result<DataSource> SealDefinition(DataSource source, const struct ValidatedDefinition& def,
                                    const DataSource* existing);
  std::vector<DataSource> DefaultDataSources(const Project& project) const;
  // The project's directories and its empty online (SQLite) and offline (DuckDB) stores.
  Status CreateProjectStores(const std::string& project);
  Json RenderProject(const Project& project, std::optional<ProjectRole> role) const;
  // Opens the source's secrets and binds its connector; audits `action` first.
  Result<std::unique_ptr<Connector>> Connect(const Principal& caller, const std::string& project,
                                             const std::string& name, const std::string& action,
                                             Json detail, bool owner_only = false,
                                             std::string_view scope = "read");
  Status CheckNotSuspended(const Principal& caller, const Access& access, const std::string& name);
  Status AuthorizeRole(const Principal& caller, const Access& access, const std::string& role);
  // The cluster setting odbc_drivers; nullopt: every registered driver.
  Result<std::optional<std::vector<std::string>>> AllowedOdbcDrivers();
  // The cluster setting local_directories; empty: none.
  Result<std::vector<std::string>> AllowedLocalDirectories();
  // The type's connector-level check (registered ODBC drivers, ...) before anything is stored.
  Status CheckDefinition(const Access& access, const struct ValidatedDefinition& def);

  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Vault> vault_;
  const TypeRegistry& types_;
  TributaryOptions options_;
  const ConnectorRegistry& connectors_;
  KeyCache key_cache_;
};

}  // namespace trib
