#include "project_fixture.h"

#include <stdexcept>

namespace trib::testing {

namespace {

void Check(const Result<Json>& result, const std::string& what) {
  if (!result.ok()) throw std::runtime_error(what + ": " + result.status().ToString());
}

}  // namespace

ProjectFixture ProjectFixture::Build(TestService& env) {
  ProjectFixture f;
  std::tie(f.owner, f.owner_key) = env.NewUser("olivia");
  std::tie(f.scientist, f.scientist_key) = env.NewUser("sam");
  std::tie(f.outsider, f.outsider_key) = env.NewUser("eve");
  Tributary& s = *env.service;
  Check(s.CreateProject(f.owner, Json{{"name", f.project}}), "create project " + f.project);
  Check(s.AddMember(f.owner, f.project,
                    Json{{"user", f.scientist.user.name}, {"role", "data_scientist"}}),
        "add the data scientist");
  Check(s.CreateProject(f.outsider, Json{{"name", f.outsider_project}}),
        "create project " + f.outsider_project);
  return f;
}

std::string ProjectFixture::KeyWithScopes(TestService& env, const Principal& user,
                                          const std::vector<std::string>& scopes) {
  auto created = env.service->CreateApiKey(user, Json{{"scopes", scopes}});
  Check(created, "new API key with scopes");
  return (*created)["api_key"];
}

}  // namespace trib::testing
