#include "columnar/output_format.h"

#include <gtest/gtest.h>

namespace trib {
namespace {

TEST(OutputFormatTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseOutputFormat("arrow"), OutputFormat::kArrow);
  EXPECT_EQ(*ParseOutputFormat("Parquet"), OutputFormat::kParquet);
  EXPECT_EQ(*ParseOutputFormat(" csv "), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("jsonl"), OutputFormat::kJsonl);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJsonl);
  const auto bad = ParseOutputFormat("xlsx");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "format");
  EXPECT_NE(bad.status().message().find("'xlsx'"), std::string::npos);
  EXPECT_NE(bad.status().message().find("arrow, parquet, csv or jsonl"), std::string::npos);
  EXPECT_EQ(ParseOutputFormat("", "options.format").status().field(), "options.format");
}

TEST(OutputFormatTest, PicksTheBestAcceptedType) {
  const auto fallback = OutputFormat::kArrow;
  EXPECT_EQ(*OutputFormatFromAccept("text/csv", fallback), OutputFormat::kCsv);
  EXPECT_EQ(*OutputFormatFromAccept("", OutputFormat::kJsonl), OutputFormat::kJsonl);
  EXPECT_EQ(*OutputFormatFromAccept("*/*", OutputFormat::kCsv), OutputFormat::kCsv);
  EXPECT_EQ(*OutputFormatFromAccept("application/vnd.apache.arrow.stream", fallback),
            OutputFormat::kArrow);
  EXPECT_EQ(*OutputFormatFromAccept("application/x-parquet", fallback), OutputFormat::kParquet);
  EXPECT_EQ(*OutputFormatFromAccept("APPLICATION/VND.APACHE.PARQUET", fallback),
            OutputFormat::kParquet);
  EXPECT_EQ(*OutputFormatFromAccept("application/jsonl", fallback), OutputFormat::kJsonl);
  EXPECT_EQ(*OutputFormatFromAccept("application/x-ndjson; charset=utf-8", fallback),
            OutputFormat::kJsonl);
  // q-values: the highest supported wins; unsupported types are skipped; q=0 refuses.
  EXPECT_EQ(*OutputFormatFromAccept("text/csv;q=0.5, application/x-ndjson;q=0.9", fallback),
            OutputFormat::kJsonl);
  EXPECT_EQ(*OutputFormatFromAccept("text/html, text/csv;q=0.1", fallback), OutputFormat::kCsv);
  EXPECT_EQ(*OutputFormatFromAccept("text/csv;q=0, */*;q=0.1", fallback), fallback);
  // A browser's header: a wildcard ranked above nothing we make means the default.
  EXPECT_EQ(*OutputFormatFromAccept(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", fallback),
            fallback);
  // A specific type ranked above the wildcard wins over the default.
  EXPECT_EQ(*OutputFormatFromAccept("*/*;q=0.1, text/csv", fallback), OutputFormat::kCsv);

  const auto none = OutputFormatFromAccept("text/html, image/png", fallback);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "Accept");
  EXPECT_NE(none.status().message().find("text/csv"), std::string::npos) << "lists supported types";
  EXPECT_FALSE(OutputFormatFromAccept("text/csv;q=0", fallback).ok());
  const auto bad_q = OutputFormatFromAccept("text/csv;q=abc", fallback);
  EXPECT_EQ(bad_q.status().field(), "Accept");
  EXPECT_NE(bad_q.status().message().find("q-value"), std::string::npos);
}

TEST(OutputFormatTest, ContentTypesAndExtensionsRoundTrip) {
  for (const OutputFormat f :
       {OutputFormat::kArrow, OutputFormat::kParquet, OutputFormat::kCsv, OutputFormat::kJsonl}) {
    EXPECT_EQ(*OutputFormatFromContentType(ContentType(f)), f) << FormatName(f);
    EXPECT_EQ(*OutputFormatFromPath("out" + std::string(FileExtension(f))), f) << FormatName(f);
    EXPECT_EQ(*ParseOutputFormat(FormatName(f)), f);
  }
  EXPECT_EQ(ContentType(OutputFormat::kArrow), "application/vnd.apache.arrow.stream");
  EXPECT_EQ(ContentType(OutputFormat::kParquet), "application/vnd.apache.parquet");
  EXPECT_EQ(*OutputFormatFromContentType("text/csv; charset=utf-8"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatFromContentType("application/json").status().field(), "content_type");
}

TEST(OutputFormatTest, TellsTheFormatFromAFileName) {
  EXPECT_EQ(*OutputFormatFromPath("/tmp/x/data.parquet"), OutputFormat::kParquet);
  EXPECT_EQ(*OutputFormatFromPath("data.PQ"), OutputFormat::kParquet);
  EXPECT_EQ(*OutputFormatFromPath("rows.arrows"), OutputFormat::kArrow);
  EXPECT_EQ(*OutputFormatFromPath("a.b.csv"), OutputFormat::kCsv);
  EXPECT_EQ(*OutputFormatFromPath("events.ndjson"), OutputFormat::kJsonl);
  EXPECT_EQ(*OutputFormatFromPath("events.json"), OutputFormat::kJsonl);
  for (const char* bad : {"data", "data.xlsx", "dir.csv/file", ".hidden"}) {
    const auto r = OutputFormatFromPath(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "out");
    EXPECT_NE(r.status().message().find(".parquet"), std::string::npos);
  }
}

}  // namespace
}  // namespace trib
