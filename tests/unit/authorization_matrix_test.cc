// The authorization matrix: every route of the route table, called by every kind of caller,
// answers the outcome written for it in tests/support/route_requests.cc. A route without a row
// there fails, so a new route cannot ship without saying who may call it.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "common/random.h"
#include "project_fixture.h"
#include "route_requests.h"
#include "server/route.h"
#include "test_service.h"

namespace trib::testing {
namespace {

std::set<std::string> RoutesServed(Tributary& service) {
  std::set<std::string> routes;
  for (const RouteSpec& route : ApiRoutes(service)) routes.insert(route.method + " " + route.path);
  for (const std::string& route : RoutesOutsideTheTable()) routes.insert(route);
  return routes;
}

std::vector<std::string> Outcomes(const RouteRow& row) {
  std::istringstream in(row.expected);
  std::vector<std::string> outcomes;
  for (std::string word; in >> word;) outcomes.push_back(word);
  return outcomes;
}

bool Matches(const std::string& expected, int status) {
  if (expected == "ok") return status != 401 && status != 403 && status != 404 && status < 500;
  return std::to_string(status) == expected;
}

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    people_ = ProjectFixture::Build(server_->env());
    TestService& env = server_->env();
    keys_[static_cast<int>(Caller::kAdmin)] = env.admin_key;
    keys_[static_cast<int>(Caller::kOwner)] = people_.owner_key;
    keys_[static_cast<int>(Caller::kScientist)] = people_.scientist_key;
    keys_[static_cast<int>(Caller::kOwnerRead)] =
        ProjectFixture::KeyWithScopes(env, people_.owner, {"read"});
    keys_[static_cast<int>(Caller::kOwnerWrite)] =
        ProjectFixture::KeyWithScopes(env, people_.owner, {"write"});
    keys_[static_cast<int>(Caller::kOutsider)] = people_.outsider_key;
    keys_[static_cast<int>(Caller::kNoKey)] = "";
    // The owner's real key id with a wrong secret: the id is found, the secret does not match.
    keys_[static_cast<int>(Caller::kWrongKey)] =
        people_.owner_key.substr(0, people_.owner_key.find('.') + 1) + RandomToken(32);
  }

  std::unique_ptr<TestServer> server_;
  ProjectFixture people_;
  std::string keys_[kCallerCount];
};

TEST_F(AuthorizationMatrixTest, EveryRouteHasARowAndEveryRowARoute) {
  const std::set<std::string> served = RoutesServed(*server_->env().service);
  std::set<std::string> listed;
  for (const RouteRow& row : ExpectedRouteAccess()) {
    listed.insert(row.MethodAndPath());
    EXPECT_EQ(served.count(row.MethodAndPath()), 1u)
        << "a row of the authorization matrix names no route: " << row.route;
    EXPECT_EQ(Outcomes(row).size(), static_cast<size_t>(kCallerCount))
        << "a row needs one outcome per caller: " << row.route;
  }
  for (const std::string& route : served) {
    EXPECT_EQ(listed.count(route), 1u)
        << "route " << route << " has no row in ExpectedRouteAccess() "
        << "(tests/support/route_requests.cc): add one saying which callers it allows";
  }
}

TEST_F(AuthorizationMatrixTest, EveryCallerGetsTheExpectedOutcomeOnEveryRoute) {
  RouteRequests requests(server_->env(), people_);
  int checked = 0;
  for (const RouteRow& row : ExpectedRouteAccess()) {
    const std::vector<std::string> outcomes = Outcomes(row);
    ASSERT_EQ(outcomes.size(), static_cast<size_t>(kCallerCount)) << row.route;
    for (int c = 0; c < kCallerCount; ++c) {
      const RouteRequests::Request request = requests.Build(row);
      const Answer a = server_->Call(request.method, request.path, keys_[c], request.body);
      EXPECT_TRUE(Matches(outcomes[c], a.status))
          << row.route << " as " << CallerName(static_cast<Caller>(c)) << ": expected "
          << outcomes[c] << ", got " << a.status << " " << a.raw.substr(0, 300);
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(ExpectedRouteAccess().size()) * kCallerCount);
}

// The matrix's "ok" must mean the caller really got through: a positive control that the
// allowed requests did what they ask (the fresh resources are no 404 traps), and that denied
// ones changed nothing.
TEST_F(AuthorizationMatrixTest, AllowedRequestsActAndDeniedOnesChangeNothing) {
  RouteRequests requests(server_->env(), people_);
  const RouteRow* delete_source = nullptr;
  for (const RouteRow& row : ExpectedRouteAccess()) {
    if (row.route == "DELETE /api/v1/projects/{project}/datasources/{name}") delete_source = &row;
  }
  ASSERT_NE(delete_source, nullptr);
  for (Caller caller : {Caller::kOwner, Caller::kScientist, Caller::kOwnerRead}) {
    const RouteRequests::Request request = requests.Build(*delete_source);
    const Answer a = server_->Call(request.method, request.path, keys_[static_cast<int>(caller)]);
    const Answer after = server_->Call("GET", request.path, server_->env().admin_key);
    if (caller == Caller::kOwner) {
      EXPECT_EQ(a.status, 204) << a.raw;
      EXPECT_EQ(after.status, 404) << "the allowed delete did not delete";
    } else {
      EXPECT_EQ(a.status, 403) << a.raw;
      EXPECT_EQ(after.status, 200) << "a refused delete deleted";
    }
  }
  RouteRow read{"POST /api/v1/projects/{project}/datasources/{name}/read", "",
                R"({"query":"SELECT 1 AS one","format":"csv"})"};
  const RouteRequests::Request request = requests.Build(read);
  const Answer a = server_->Call(request.method, request.path,
                                 keys_[static_cast<int>(Caller::kOwnerRead)], request.body);
  EXPECT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.raw, "one\r\n1\r\n");
}

}  // namespace
}  // namespace trib::testing
