#include "common/json.h"

#include <gtest/gtest.h>

#include <string>

namespace trib {
namespace {

TEST(ParseJson, AcceptsAnObject) {
  auto parsed = ParseJson(R"({"a": [1, {"b": "x"}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)["a"][1]["b"], "x");
}

TEST(ParseJson, MalformedNamesTheBody) {
  auto parsed = ParseJson(R"({"a": )");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().field(), "body");
}

TEST(ParseJson, RejectsDeepNestingBeforeParsing) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto parsed = ParseJson(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("deeper"), std::string::npos);
}

TEST(ParseJson, BracketsInsideStringsDoNotCount) {
  const std::string text = R"({"s": ")" + std::string(100, '[') + R"(\"]"})";
  auto parsed = ParseJson(text, 4);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)["s"].get<std::string>().size(), 102u);
}

TEST(ParseJson, DepthLimitIsInclusive) {
  EXPECT_TRUE(ParseJson("[[[]]]", 3).ok());
  EXPECT_FALSE(ParseJson("[[[[]]]]", 3).ok());
}

TEST(Status, FieldPrefix) {
  Status st = Status::InvalidArgument("password", "bad").WithFieldPrefix("arguments");
  EXPECT_EQ(st.field(), "arguments.password");
  EXPECT_EQ(st.ToString(), "invalid_argument [arguments.password]: bad");
}

TEST(Result, OkStatusBecomesInternalError) {
  Result<int> r(Status::Ok());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace trib
