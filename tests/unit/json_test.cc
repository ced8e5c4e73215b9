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

TEST(ParseJson, RepeatedKeysAreRefusedByPath) {
  auto top = ParseJson(R"({"name": "a", "type": "jdbc", "name": "b"})");
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(top.status().field(), "name");
  auto nested = ParseJson(R"({"arguments": {"user": "a", "x": [{"k": 1}], "user": "b"}})");
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.status().field(), "arguments.user");
  auto in_array = ParseJson(R"({"l": [{"k": 1, "k": 2}]})");
  ASSERT_FALSE(in_array.ok());
  EXPECT_EQ(in_array.status().field(), "l.k");
  // The same key in sibling objects, or as a value, is no repeat.
  EXPECT_TRUE(ParseJson(R"({"a": {"k": 1}, "b": {"k": 1}, "l": [{"k": 1}, {"k": 2}]})").ok());
  EXPECT_TRUE(ParseJson(R"({"a": "a", "b": ["a", "a"]})").ok());
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
