// Who may call each REST route, and how to make one request of any route: the authorization
// matrix checks the first, and the secret-leak scan reuses the second to call every route.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "project_fixture.h"
#include "test_service.h"

namespace trib::testing {

// The callers of the matrix, in the order of the outcome columns of ExpectedRouteAccess().
enum class Caller {
  kAdmin,       // cluster admin, not a member of the project
  kOwner,       // data owner of the project, key with every scope
  kScientist,   // data scientist of the project, key with every scope
  kOwnerRead,   // the data owner's key with only the read scope
  kOwnerWrite,  // the data owner's key with only the write scope
  kOutsider,    // a user who is no member of the project (owns another one)
  kNoKey,       // no Authorization header
  kWrongKey,    // the data owner's key id with a wrong secret
};
inline constexpr int kCallerCount = 8;
const char* CallerName(Caller caller);

struct RouteRow {
  // "METHOD /path/{template}" as in the route table, optionally followed by "?query".
  std::string route;
  // One outcome per caller, separated by spaces: "ok" (allowed past authorization: any status
  // but 401, 403 and 404, and not 5xx), or the exact refusal "401", "403" or "404".
  std::string expected;
  // The request body; placeholders as in paths (see RouteRequests::Build).
  std::string body = "";

  std::string MethodAndPath() const;  // the route without its query
};

// The expected outcome of every route for every caller.
const std::vector<RouteRow>& ExpectedRouteAccess();
// Routes served beside the table (not in ApiRoutes), checked like the others.
const std::vector<std::string>& RoutesOutsideTheTable();

// Builds concrete requests: {project} is the fixture's project; {name} a new data source on the
// project's own SQLite store; {user} a new member; {stranger} a new user who is no member;
// {id} a new role mapping of the project; {fresh} a new unique word. Fresh resources make every
// request independent of the ones before it (a DELETE by one caller does not turn the next
// caller's allowed request into a 404).
class RouteRequests {
 public:
  RouteRequests(TestService& env, const ProjectFixture& people) : env_(env), people_(people) {}

  struct Request {
    std::string method;
    std::string path;  // with the query
    std::string body;
  };
  // `fixed` overrides placeholders (e.g. {name} -> an existing source).
  Request Build(const RouteRow& row, const std::map<std::string, std::string>& fixed = {});

 private:
  std::string Fresh();
  std::string Value(const std::string& placeholder, std::map<std::string, std::string>& made);
  std::string Substitute(const std::string& text, std::map<std::string, std::string>& made);

  TestService& env_;
  const ProjectFixture& people_;
  int counter_ = 0;
};

}  // namespace trib::testing
