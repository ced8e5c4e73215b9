// File formats and globbing of file reads: the declared options, the DuckDB reader call they
// become, Spark DDL schemas and glob matching.
#include <gtest/gtest.h>

#include "connectors/files/data_format.h"
#include "connectors/files/file_selection.h"

namespace trib::files {
namespace {

TEST(DataFormatTest, NamesAndExtensions) {
  EXPECT_EQ(*ParseDataFormat("Parquet"), DataFormat::kParquet);
  EXPECT_EQ(*ParseDataFormat("csv"), DataFormat::kCsv);
  EXPECT_EQ(*ParseDataFormat("JSON"), DataFormat::kJson);
  const Status orc = ParseDataFormat("orc").status();
  EXPECT_EQ(orc.field(), "data_format");
  EXPECT_NE(orc.message().find("ORC"), std::string::npos) << orc.message();
  EXPECT_EQ(ParseDataFormat("avro").status().field(), "data_format");
  EXPECT_EQ(FormatFromExtension("a/b.PARQUET"), DataFormat::kParquet);
  EXPECT_EQ(FormatFromExtension("x.jsonl"), DataFormat::kJson);
  EXPECT_EQ(FormatFromExtension("x.tsv"), DataFormat::kCsv);
  EXPECT_FALSE(FormatFromExtension("dir.parquet/part-0").has_value());
  EXPECT_FALSE(FormatFromExtension("README").has_value());
}

TEST(DataFormatTest, OptionsAreDeclaredPerFormat) {
  EXPECT_TRUE(CheckFormatOptions(DataFormat::kCsv, {{"header", "true"}, {"SEP", ";"}}).ok());
  EXPECT_EQ(CheckFormatOptions(DataFormat::kCsv, {{"header", "maybe"}}).field(), "options.header");
  EXPECT_EQ(CheckFormatOptions(DataFormat::kCsv, {{"sep", ";;"}}).field(), "options.sep");
  EXPECT_EQ(CheckFormatOptions(DataFormat::kParquet, {{"header", "true"}}).field(),
            "options.header");
  EXPECT_EQ(CheckFormatOptions(DataFormat::kJson, {{"mode", "PERMISSIVE"}}).field(),
            "options.mode");
  // One option, two spellings: refused rather than guessed.
  EXPECT_EQ(CheckFormatOptions(DataFormat::kCsv, {{"header", "true"}, {"HEADER", "false"}}).code(),
            StatusCode::kInvalidArgument);
  // Nothing that reaches DuckDB's own settings or other files.
  EXPECT_EQ(CheckFormatOptions(DataFormat::kCsv, {{"filename", "true"}}).field(),
            "options.filename");
}

TEST(DataFormatTest, ReaderCallQuotesEveryValue) {
  auto call =
      ReaderCall(DataFormat::kCsv, {"/v/a.csv", "/v/it's.csv"},
                 {{"delimiter", "'"}, {"nullValue", "N/A');--"}, {"mode", "PERMISSIVE"}}, true);
  ASSERT_TRUE(call.ok()) << call.status().ToString();
  EXPECT_NE(call->find("read_csv(['/v/a.csv', '/v/it''s.csv']"), std::string::npos) << *call;
  EXPECT_NE(call->find("delim = ''''"), std::string::npos) << *call;
  EXPECT_NE(call->find("nullstr = 'N/A'');--'"), std::string::npos) << *call;
  EXPECT_NE(call->find("null_padding = true"), std::string::npos) << *call;
  EXPECT_NE(call->find("hive_partitioning = true"), std::string::npos) << *call;
  auto flat = ReaderCall(DataFormat::kParquet, {"/v/a"}, {{"recursiveFileLookup", "true"}}, true);
  ASSERT_TRUE(flat.ok());
  EXPECT_NE(flat->find("hive_partitioning = false"), std::string::npos) << *flat;
  auto json = ReaderCall(DataFormat::kJson, {"/v/a"}, {{"multiLine", "true"}}, false);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("format = 'auto'"), std::string::npos) << *json;
}

TEST(DataFormatTest, DdlSchemas) {
  auto columns = ColumnsFromDdl("options.schema", "id BIGINT, name string,price DECIMAL(10, 2)");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ(*columns, "{'id': 'BIGINT', 'name': 'VARCHAR', 'price': 'DECIMAL(10,2)'}");
  for (const char* bad : {"", "id", "id BIGINT, name", "a-b INT", "id MAP<INT,INT>",
                          "id DECIMAL(40,2)", "x INT); DROP TABLE t; --"}) {
    EXPECT_EQ(ColumnsFromDdl("options.schema", bad).status().field(), "options.schema") << bad;
  }
}

TEST(GlobTest, Matches) {
  EXPECT_TRUE(GlobMatch("*.csv", "a.csv"));
  EXPECT_FALSE(GlobMatch("*.csv", "d/a.csv"));
  EXPECT_TRUE(GlobMatch("**/*.csv", "d/e/a.csv"));
  EXPECT_TRUE(GlobMatch("**/*.csv", "a.csv"));
  EXPECT_TRUE(GlobMatch("events/2026-0?/*.parquet", "events/2026-01/p.parquet"));
  EXPECT_FALSE(GlobMatch("events/2026-0?/*.parquet", "events/2026-10/p.parquet"));
  EXPECT_TRUE(GlobMatch("part-[0-3].csv", "part-2.csv"));
  EXPECT_FALSE(GlobMatch("part-[!0-3].csv", "part-2.csv"));
  EXPECT_TRUE(GlobMatch("part-[!0-3].csv", "part-7.csv"));
  EXPECT_FALSE(GlobMatch("a?b", "a/b"));
  // Many stars cost no more than a few: the matcher does not backtrack exponentially.
  const std::string key = "events/2026/01/02/part-00000-3f2a9c1e-7b7d.snappy.parquet";
  EXPECT_FALSE(GlobMatch(std::string(40, '*') + "x", key));
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", std::string(1000, 'a')));
  EXPECT_TRUE(GlobMatch("**/**/**/**/*.parquet", key));
  EXPECT_TRUE(HasGlob("a/*.csv"));
  EXPECT_FALSE(HasGlob("a/b.csv"));
}

}  // namespace
}  // namespace trib::files
