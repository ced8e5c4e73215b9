// Names of the cluster settings the service keeps in the catalog.
#pragma once

#include <string_view>

namespace trib {

inline constexpr std::string_view kClusterRoleSetting = "cluster_role";
// A JSON array of egress entries (net/egress_policy.h); unset: EgressPolicy::DefaultEntries().
inline constexpr std::string_view kEgressAllowlistSetting = "egress_allowlist";
// A JSON array of the ODBC driver names data sources may use; absent or null: every driver
// registered in odbcinst.ini.
inline constexpr std::string_view kOdbcDriversSetting = "odbc_drivers";

// A JSON array of absolute directories where jdbc:sqlite:/jdbc:duckdb: files may also lie;
// absent: only each project's own directory.
inline constexpr std::string_view kLocalDirectoriesSetting = "local_directories";

}  // namespace trib
