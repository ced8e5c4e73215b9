// The catalog's records: plain structs, no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trib {

struct User {
  std::string id;  // random hex
  std::string name;
  bool is_admin = false;
  int64_t created_ms = 0;
};

// An API key is "trib_<id>.<secret>": the id finds the row, only a salted hash of the secret
// is stored.
struct ApiKey {
  std::string id;
  std::string user_id;
  std::string salt;  // hex
  std::string hash;  // hex of BLAKE2b(secret, key = salt)
  std::vector<std::string> scopes;
  int64_t created_ms = 0;
};

enum class ProjectRole { kDataOwner, kDataScientist };
std::string_view ProjectRoleName(ProjectRole role);  // "data_owner" | "data_scientist"
std::optional<ProjectRole> ParseProjectRole(std::string_view name);

struct Project {
  std::string id;
  std::string name;
  std::string description;
  std::string created_by;  // user name
  int64_t created_ms = 0;
};

struct Member {
  std::string project_id;
  std::string user_id;
  std::string user_name;  // filled on reads
  ProjectRole role = ProjectRole::kDataScientist;
  int64_t added_ms = 0;
};

// One cloud role a project role may assume (AWS IAM role ARN or Azure managed-identity id).
struct RoleMapping {
  std::string id;
  std::string project_id;
  std::string project_name;  // filled on reads
  ProjectRole project_role = ProjectRole::kDataScientist;
  std::string cloud_role;
  bool is_default = false;
  int64_t created_ms = 0;
};

struct AuditEvent {
  int64_t id = 0;  // assigned by the catalog
  int64_t ts_ms = 0;
  std::string actor;    // user name, or "system"
  std::string action;   // "datasource.create", "datasource.read_secrets", "user.create", ...
  std::string project;  // project name, "" for cluster-wide actions
  std::string target;   // e.g. data source name
  std::string detail;   // short JSON text; never a secret
};

struct AuditQuery {
  std::optional<std::string> actor;
  std::optional<std::string> action;
  std::optional<std::string> project;
  std::optional<int64_t> since_ms;
  int64_t limit = 100;  // newest first
};

// A sealed secret as the vault's rotation sees it.
struct SealedSecretRow {
  std::string datasource_id;
  std::string pointer;  // JSON pointer inside the definition
  std::string sealed;   // the vault's envelope text
  // On replace: when set, the row is replaced only while it still holds this envelope, so a
  // data-source update that raced a rotation is never overwritten by an older value.
  std::string expected_sealed;
};

}  // namespace trib
