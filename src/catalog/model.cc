#include "catalog/model.h"

namespace trib {

std::string_view ProjectRoleName(ProjectRole role) {
  switch (role) {
    case ProjectRole::kDataOwner:
      return "data_owner";
    case ProjectRole::kDataScientist:
      return "data_scientist";
  }
  return "data_scientist";
}

std::optional<ProjectRole> ParseProjectRole(std::string_view name) {
  if (name == "data_owner") return ProjectRole::kDataOwner;
  if (name == "data_scientist") return ProjectRole::kDataScientist;
  return std::nullopt;
}

}  // namespace trib
