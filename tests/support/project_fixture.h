// The people of one project, as the REST, read and attack tests use them: data owner "olivia"
// and data scientist "sam" of project "fraud", and "eve", who is no member of it but owns a
// project "other" of her own. Built through the service, so it needs no HTTP server.
#pragma once

#include <string>
#include <vector>

#include "test_service.h"

namespace trib::testing {

struct ProjectFixture {
  std::string project = "fraud";
  std::string outsider_project = "other";
  Principal owner, scientist, outsider;
  std::string owner_key, scientist_key, outsider_key;  // each with every scope of its user

  // Throws (a test failure in SetUp) when any step is refused.
  static ProjectFixture Build(TestService& env);

  // A further API key of `user` holding only `scopes` (a subset of the user's).
  static std::string KeyWithScopes(TestService& env, const Principal& user,
                                   const std::vector<std::string>& scopes);
};

}  // namespace trib::testing
