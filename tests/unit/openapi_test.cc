// The served OpenAPI document is valid OpenAPI 3 (checked by openapi-spec-validator) and
// covers every route and type.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "test_service.h"

namespace trib::testing {
namespace {

TEST(OpenApi, ServedDocumentValidates) {
  TestServer server;
  Answer a = server.Call("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(a.status, 200);
  ASSERT_TRUE(a.body.is_object());
  EXPECT_EQ(a.body["openapi"], "3.0.3");
  for (const std::string path :
       {"/api/v1/projects", "/api/v1/projects/{project}/datasources",
        "/api/v1/projects/{project}/datasources/{name}", "/api/v1/datasource-types",
        "/api/v1/admin/users", "/api/v1/projects/{project}/members", "/api/v1/admin/rolemappings",
        "/api/v1/projects/{project}/rolemappings", "/api/v1/admin/audit", "/healthz"}) {
    EXPECT_TRUE(a.body["paths"].contains(path)) << path;
  }
  EXPECT_EQ(a.body["components"]["schemas"]["DataSource"]["oneOf"].size(), 9u);
  EXPECT_EQ(a.body["components"]["schemas"]["DataSource_s3"]["properties"]["secret_key"]["format"],
            "password");

  const auto file = server.env().dir.path() / "openapi.json";
  std::ofstream(file) << a.raw;
  const std::string command = std::string("bash ") + TRIB_SOURCE_DIR +
                              "/tests/scripts/validate_openapi.sh " + file.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int rc = pclose(pipe);
  EXPECT_EQ(rc, 0) << output;
  EXPECT_NE(output.find("valid"), std::string::npos) << output;
}

}  // namespace
}  // namespace trib::testing
