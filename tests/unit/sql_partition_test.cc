#include <gtest/gtest.h>

#include "connectors/sql/partition_predicates.h"
#include "service/read_request.h"

namespace trib {
namespace {

std::vector<std::string> Predicates(int64_t lower, int64_t upper, int64_t n) {
  auto out = PartitionPredicates({"id", lower, upper, n}, "\"id\"");
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : std::vector<std::string>{};
}

TEST(PartitionPredicatesTest, SplitsLikeSparkJdbc) {
  EXPECT_EQ(
      Predicates(0, 100, 4),
      (std::vector<std::string>{"\"id\" < 25 OR \"id\" IS NULL", "\"id\" >= 25 AND \"id\" < 50",
                                "\"id\" >= 50 AND \"id\" < 75", "\"id\" >= 75"}));
}

TEST(PartitionPredicatesTest, FewerPartitionsWhenTheRangeIsNarrow) {
  EXPECT_EQ(Predicates(0, 2, 10).size(), 2u);
}

TEST(PartitionPredicatesTest, OnePartitionMeansNoPredicate) {
  EXPECT_EQ(Predicates(0, 100, 1), std::vector<std::string>{""});
  EXPECT_EQ(Predicates(5, 5, 8), std::vector<std::string>{""});
}

TEST(PartitionPredicatesTest, ExtremeBoundsDoNotOverflow) {
  auto p = Predicates(INT64_MIN, INT64_MAX, 3);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p.back().rfind("\"id\" >= ", 0), 0u);
}

TEST(PartitionPredicatesTest, BadBoundsNameTheField) {
  auto st = PartitionPredicates({"id", 10, 0, 4}, "\"id\"").status();
  EXPECT_EQ(st.field(), "lower_bound");
  EXPECT_EQ(PartitionPredicates({"id", 0, 10, 0}, "\"id\"").status().field(), "num_partitions");
}

TEST(ReadRequestTest, ParsesAQueryWithOptions) {
  auto r = ParseReadRequest(Json::parse(
      R"({"query":"SELECT 1","limit":5,"options":{"statement_timeout_ms":300,"batch_rows":10}})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto* sql = std::get_if<SqlRead>(&r->payload);
  ASSERT_NE(sql, nullptr);
  EXPECT_EQ(*sql->query, "SELECT 1");
  EXPECT_EQ(*r->limit, 5);
  EXPECT_EQ(r->statement_timeout_ms, 300);
  EXPECT_EQ(r->batch.max_rows, 10);
  EXPECT_FALSE(sql->partition);
}

TEST(ReadRequestTest, FileReadsTakeTheirOwnFieldsAndFormatOptions) {
  auto r = ParseReadRequest(Json::parse(
      R"({"path":"a/*.csv","data_format":"csv","columns":["x","y"],"limit":3,
          "options":{"header":true,"sep":";","batch_rows":7}})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto* file = std::get_if<FileRead>(&r->payload);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->path, "a/*.csv");
  EXPECT_EQ(file->data_format, "csv");
  EXPECT_EQ(file->columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(file->options.at("header"), "true");
  EXPECT_EQ(file->options.at("sep"), ";");
  EXPECT_EQ(file->options.count("batch_rows"), 0u);  // the read's own option
  EXPECT_EQ(r->batch.max_rows, 7);
  const auto field = [](const char* body) {
    return ParseReadRequest(Json::parse(body)).status().field();
  };
  EXPECT_EQ(field(R"({"path":"a","query":"SELECT 1"})"), "query");
  EXPECT_EQ(field(R"({"data_format":"csv","partition_column":"id"})"), "partition_column");
  EXPECT_EQ(field(R"({"path":"a","columns":"x"})"), "columns");
  EXPECT_EQ(field(R"({"path":"a","columns":[""]})"), "columns");
  EXPECT_EQ(field(R"({"path":"a","options":{"header":{"x":1}}})"), "options.header");
  // Format options alone make a file read of the whole source.
  auto options_only = ParseReadRequest(Json::parse(R"({"options":{"header":"false"}})"));
  ASSERT_TRUE(options_only.ok()) << options_only.status().ToString();
  EXPECT_TRUE(std::holds_alternative<FileRead>(options_only->payload));
}

TEST(ReadRequestTest, ErrorsNameTheField) {
  auto field = [](const char* body) {
    return ParseReadRequest(Json::parse(body)).status().field();
  };
  EXPECT_EQ(field(R"({"query":"x","table":"t"})"), "query");
  EXPECT_EQ(field(R"({"query":"x","limit":-1})"), "limit");
  EXPECT_EQ(field(R"({"query":"x","limit":"5"})"), "limit");
  EXPECT_EQ(field(R"({"query":"x","options":{"fetch_size":5}})"), "options.fetch_size");
  EXPECT_EQ(field(R"({"query":"x","options":{"statement_timeout_ms":0}})"),
            "options.statement_timeout_ms");
  EXPECT_EQ(field(R"({"query":"x","partition_column":"id","lower_bound":0,"upper_bound":9})"),
            "num_partitions");
  EXPECT_EQ(field(R"({"query":"x","colour":"red"})"), "colour");
  EXPECT_EQ(field(R"({"table":""})"), "table");
}

TEST(ReadRequestTest, PartitionFieldsGoTogether) {
  auto r = ParseReadRequest(Json::parse(
      R"({"table":"t","partition_column":"id","lower_bound":0,"upper_bound":100,"num_partitions":4})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& partition = std::get<SqlRead>(r->payload).partition;
  ASSERT_TRUE(partition);
  EXPECT_EQ(partition->column, "id");
  EXPECT_EQ(partition->num_partitions, 4);
}

}  // namespace
}  // namespace trib
