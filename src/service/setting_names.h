// Names of the cluster settings the service keeps in the catalog.
#pragma once

#include <string_view>

namespace trib {

inline constexpr std::string_view kClusterRoleSetting = "cluster_role";

}  // namespace trib
