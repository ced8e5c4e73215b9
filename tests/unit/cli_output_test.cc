// Table and key/value rendering of server answers.
#include <gtest/gtest.h>

#include "clientlib/output.h"
#include "datasource/field_spec.h"

namespace trib::cli {
namespace {

TEST(CliOutput, TableAlignsColumnsWithoutTrailingBlanks) {
  const std::string table = RenderTable({"NAME", "TYPE", "DESCRIPTION"},
                                        {{"lake", "s3", "raw events"}, {"db", "jdbc", ""}});
  EXPECT_EQ(table,
            "NAME  TYPE  DESCRIPTION\n"
            "lake  s3    raw events\n"
            "db    jdbc\n");
}

TEST(CliOutput, WidthCountsCodePointsNotBytes) {
  EXPECT_EQ(DisplayWidth("étang"), 5u);
  const std::string table = RenderTable({"A", "B"}, {{"étang", "x"}, {"lake", "y"}});
  EXPECT_EQ(table,
            "A      B\n"
            "étang  x\n"
            "lake   y\n");
}

TEST(CliOutput, ObjectsBecomeRowsAndMissingKeysEmptyCells) {
  const Json list = Json::array({Json{{"name", "lake"}, {"version", 2}, {"default", false}},
                                 Json{{"name", "p_offline"}, {"default", true}}});
  EXPECT_EQ(RenderObjects(list, {{"NAME", "name"}, {"VERSION", "version"}, {"DEFAULT", "default"}}),
            "NAME       VERSION  DEFAULT\n"
            "lake       2        false\n"
            "p_offline           true\n");
  EXPECT_EQ(RenderObjects(Json(), {{"NAME", "name"}}), "NAME\n");
}

TEST(CliOutput, StoredTextCannotDriveTheTerminal) {
  EXPECT_EQ(CellText(Json("a\x1b[31mred")), "a?[31mred");
  EXPECT_EQ(CellText(Json("two\nlines\ttab")), "two\\nlines tab");
  EXPECT_EQ(CellText(Json("c1\xc2\x9b"
                          "x")),
            "c1?x");
  EXPECT_EQ(CellText(Json("ünïcödé")), "ünïcödé");
}

TEST(CliOutput, CellsOfEveryKind) {
  EXPECT_EQ(CellText(Json()), "");
  EXPECT_EQ(CellText(Json(true)), "true");
  EXPECT_EQ(CellText(Json(5439)), "5439");
  EXPECT_EQ(CellText(Json::array({"a", 1})), "a, 1");
  EXPECT_EQ(CellText(Json{{"k", "v"}, {"n", 1}}), "k=v, n=1");
}

TEST(CliOutput, KeyValuesFlattenMapsAndShowRedactedAsSent) {
  const Json source = {{"name", "lake"},
                       {"type", "s3"},
                       {"secret_key", "<redacted>"},
                       {"arguments", {{"fs.s3a.endpoint", "http://x"}, {"password", "<redacted>"}}},
                       {"empty", Json::object()},
                       {"version", 1}};
  EXPECT_EQ(RenderKeyValues(source),
            "name:                      lake\n"
            "type:                      s3\n"
            "secret_key:                <redacted>\n"
            "arguments.fs.s3a.endpoint: http://x\n"
            "arguments.password:        <redacted>\n"
            "empty:\n"
            "version:                   1\n");
}

TEST(CliOutput, FieldTableShowsKindsDefaultsAndSecretMarkers) {
  TypeSpec spec;
  spec.name = "t";
  spec.fields.push_back(IntegerField("port", "TCP port", 1, 65535).Default(5439));
  spec.fields.push_back(SecretField("password", "db password").Required());
  spec.fields.push_back(EnumField("mode", "how", {"fast", "safe"}));
  spec.fields.push_back(MapField("arguments", "options", {"password", "secret"}));
  Result<TypeInfo> type = ParseTypeInfo(spec.Describe());
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(
      RenderFieldTable(*type),
      "FIELD      KIND               REQUIRED  SECRET                      DEFAULT  "
      "DESCRIPTION\n"
      "port       integer            no        no                          5439     TCP port\n"
      "password   string             yes       yes                                  db password\n"
      "mode       enum (fast, safe)  no        no                                   how\n"
      "arguments  map                no        keys with password, secret           options\n");
}

TEST(CliOutput, JsonIsIndentedAndKeepsOrder) {
  EXPECT_EQ(RenderJson(Json{{"b", 1}, {"a", "x"}}), "{\n  \"b\": 1,\n  \"a\": \"x\"\n}\n");
  EXPECT_EQ(Member(Json{{"a", 1}}, "a"), 1);
  EXPECT_TRUE(Member(Json::array(), "a").is_null());
}

}  // namespace
}  // namespace trib::cli
