// --url parsing, URL encoding and error answers turned back into Status.
#include <gtest/gtest.h>

#include "clientlib/http_support.h"

namespace trib::cli {
namespace {

TEST(CliHttpSupport, ParsesServerUrls) {
  Result<ServerUrl> plain = ParseServerUrl("http://127.0.0.1:8470");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->Origin(), "http://127.0.0.1:8470");
  EXPECT_EQ(plain->base_path, "");
  EXPECT_TRUE(plain->IsLoopback());

  Result<ServerUrl> tls = ParseServerUrl("HTTPS://trib.example.com/prefix/");
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(tls->Origin(), "https://trib.example.com:443");
  EXPECT_EQ(tls->base_path, "/prefix");
  EXPECT_FALSE(tls->IsLoopback());

  Result<ServerUrl> v6 = ParseServerUrl("http://[::1]:9000");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->Origin(), "http://[::1]:9000");
  EXPECT_TRUE(v6->IsLoopback());
  EXPECT_FALSE(ParseServerUrl("http://127.evil.example").value().IsLoopback());
}

TEST(CliHttpSupport, RefusesBadUrls) {
  for (const char* bad :
       {"127.0.0.1:8470", "ftp://x", "http://", "http://x:0", "http://x:70000", "http://x:abc",
        "http://x:", "http://u:p@x", "http://x/a?b=c", "http://[::1"}) {
    Result<ServerUrl> url = ParseServerUrl(bad);
    EXPECT_FALSE(url.ok()) << bad;
    if (!url.ok()) {
      EXPECT_EQ(url.status().field(), "url");
    }
  }
}

TEST(CliHttpSupport, EncodesPathSegmentsAndQueries) {
  EXPECT_EQ(EncodeComponent("demo_1-a.b~"), "demo_1-a.b~");
  EXPECT_EQ(EncodeComponent("a/b c?&é"), "a%2Fb%20c%3F%26%C3%A9");
  EXPECT_EQ(QueryString({{"actor", "alice"}, {"action", ""}, {"since", "1 2"}}),
            "?actor=alice&since=1%202");
  EXPECT_EQ(QueryString({{"actor", ""}}), "");
}

TEST(CliHttpSupport, ErrorAnswersKeepCodeMessageAndField) {
  Status s = StatusFromErrorAnswer(
      400, R"({"error":{"code":"invalid_argument","message":"bad port","field":"database_port"}})");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "bad port");
  EXPECT_EQ(s.field(), "database_port");

  Status conflict =
      StatusFromErrorAnswer(409, R"({"error":{"code":"conflict","message":"stale version"}})");
  EXPECT_EQ(conflict.code(), StatusCode::kConflict);
  EXPECT_EQ(conflict.field(), "");

  Status proxy = StatusFromErrorAnswer(502, "<html>Bad gateway</html>");
  EXPECT_EQ(proxy.code(), StatusCode::kUnavailable);
  EXPECT_NE(proxy.message().find("HTTP 502"), std::string::npos);
  EXPECT_EQ(proxy.message().find("<html>"), std::string::npos);

  EXPECT_EQ(StatusFromErrorAnswer(403, R"({"error":{"code":"new_code","message":"m"}})").code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace trib::cli
