#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "arrow_test_columns.h"
#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "columnar/csv_writer.h"
#include "columnar/jsonl_writer.h"
#include "columnar/text_primitives.h"

namespace trib {
namespace {

using testing::EveryTypeColumns;
using testing::MakeBatch;

ByteSink StringSink(std::string* out) {
  return [out](const void* data, size_t size) {
    out->append(static_cast<const char*>(data), size);
    return Status::Ok();
  };
}

template <typename Writer>
std::string WriteWith(Writer& writer, std::string* out, const ArrowSchema& schema,
                      const ArrowArray& batch) {
  Status st = writer.Begin(schema);
  EXPECT_TRUE(st.ok()) << st.ToString();
  st = writer.WriteBatch(batch);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(writer.End().ok());
  return *out;
}

std::string Csv(const ArrowSchema& schema, const ArrowArray& batch, CsvOptions options = {}) {
  std::string out;
  CsvWriter writer(StringSink(&out), std::move(options));
  return WriteWith(writer, &out, schema, batch);
}

std::string Jsonl(const ArrowSchema& schema, const ArrowArray& batch) {
  std::string out;
  JsonlWriter writer(StringSink(&out));
  return WriteWith(writer, &out, schema, batch);
}

// The five values of each column of EveryTypeColumns(), as CSV fields and as JSON values.
struct Expected {
  const char* name;
  std::vector<std::string> csv;
  std::vector<std::string> json;
};

const std::vector<Expected>& EveryTypeExpected() {
  static const std::vector<Expected> kExpected = {
      {"bool", {"true", "", "false", "true", "false"}, {"true", "null", "false", "true", "false"}},
      {"int8", {"-128", "", "0", "127", "5"}, {"-128", "null", "0", "127", "5"}},
      {"int16", {"-32768", "", "0", "32767", "7"}, {"-32768", "null", "0", "32767", "7"}},
      {"int32",
       {"-2147483648", "", "0", "2147483647", "42"},
       {"-2147483648", "null", "0", "2147483647", "42"}},
      {"int64",
       {"-9223372036854775808", "", "0", "9223372036854775807", "-1"},
       {"-9223372036854775808", "null", "0", "9223372036854775807", "-1"}},
      {"float32",
       {"1.5", "", "-0.25", "Infinity", "0.1"},
       {"1.5", "null", "-0.25", "\"Infinity\"", "0.1"}},
      {"float64",
       {"0.1", "", "-1e+300", "NaN", "2.5"},
       {"0.1", "null", "-1e+300", "\"NaN\"", "2.5"}},
      {"decimal",
       {"123.45", "", "-0.01", "0.00", "999999999.99"},
       {"\"123.45\"", "null", "\"-0.01\"", "\"0.00\"", "\"999999999.99\""}},
      {"decimal38",
       {"-1234567890123456789.1234567890", "", "0.0000000001", "0.0000000000",
        "1000000000000000000000000000.0000000000"},
       {"\"-1234567890123456789.1234567890\"", "null", "\"0.0000000001\"", "\"0.0000000000\"",
        "\"1000000000000000000000000000.0000000000\""}},
      {"utf8",
       {"a", "", "\"\"", "\"h\xc3\xa9llo \"\"q\"\", x\"",
        std::string("\"line\nbreak\t\x01\xff\"", 15)},
       {"\"a\"", "null", "\"\"", "\"h\xc3\xa9llo \\\"q\\\", x\"",
        "\"line\\nbreak\\t\\u0001\xef\xbf\xbd\""}},
      {"binary",
       {"AAE=", "", "\"\"", "YWJj", "//79/A=="},
       {"\"AAE=\"", "null", "\"\"", "\"YWJj\"", "\"//79/A==\""}},
      {"date32",
       {"1970-01-01", "", "1969-12-31", "2024-01-01", "0000-01-01"},
       {"\"1970-01-01\"", "null", "\"1969-12-31\"", "\"2024-01-01\"", "\"0000-01-01\""}},
      {"time64",
       {"00:00:00", "", "00:00:00.000001", "23:59:59.999999", "12:34:56.789000"},
       {"\"00:00:00\"", "null", "\"00:00:00.000001\"", "\"23:59:59.999999\"",
        "\"12:34:56.789000\""}},
      {"ts",
       {"1970-01-01T00:00:00", "", "2024-01-01T00:00:00.123456", "1969-12-31T23:59:59.999999",
        "2000-02-29T00:00:00"},
       {"\"1970-01-01T00:00:00\"", "null", "\"2024-01-01T00:00:00.123456\"",
        "\"1969-12-31T23:59:59.999999\"", "\"2000-02-29T00:00:00\""}},
      {"ts_utc",
       {"1970-01-01T00:00:00Z", "", "2024-01-01T00:00:00.123456Z", "1969-12-31T23:59:59.999999Z",
        "2000-02-29T00:00:00Z"},
       {"\"1970-01-01T00:00:00Z\"", "null", "\"2024-01-01T00:00:00.123456Z\"",
        "\"1969-12-31T23:59:59.999999Z\"", "\"2000-02-29T00:00:00Z\""}},
      {"list",
       {"\"[1,2]\"", "", "[]", "\"[null,3]\"", "[4]"},
       {"[1,2]", "null", "[]", "[null,3]", "[4]"}},
      {"list_utf8",
       {"\"[\"\"x\"\",\"\"y,z\"\"]\"", "[]", "", "\"[\"\"\\\"\"\"\"]\"", "[null]"},
       {"[\"x\",\"y,z\"]", "[]", "null", "[\"\\\"\"]", "[null]"}},
      {"uint8", {"0", "255", "", "1", "2"}, {"0", "255", "null", "1", "2"}},
      {"uint16", {"0", "65535", "", "1", "2"}, {"0", "65535", "null", "1", "2"}},
      {"uint32", {"0", "4294967295", "", "1", "2"}, {"0", "4294967295", "null", "1", "2"}},
      {"uint64",
       {"0", "18446744073709551615", "", "1", "2"},
       {"0", "18446744073709551615", "null", "1", "2"}},
      {"large_utf8",
       {"big", "\xc3\xbc", "", "\"\"", "z"},
       {"\"big\"", "\"\xc3\xbc\"", "null", "\"\"", "\"z\""}},
      {"large_binary",
       {"AQ==", "eHl6", "", "\"\"", "AA=="},
       {"\"AQ==\"", "\"eHl6\"", "null", "\"\"", "\"AA==\""}},
      {"utf8_view",
       {"short", "a string longer than twelve", "", "\"\"", "tail"},
       {"\"short\"", "\"a string longer than twelve\"", "null", "\"\"", "\"tail\""}},
      {"float16", {"1", "-2", "", "0.5", "65504"}, {"1", "-2", "null", "0.5", "65504"}},
      {"date64",
       {"1970-01-01", "1970-01-02", "", "1969-12-31", "2024-01-01"},
       {"\"1970-01-01\"", "\"1970-01-02\"", "null", "\"1969-12-31\"", "\"2024-01-01\""}},
      {"time32s",
       {"00:00:00", "01:01:01", "", "23:59:59", "12:00:00"},
       {"\"00:00:00\"", "\"01:01:01\"", "null", "\"23:59:59\"", "\"12:00:00\""}},
      {"time32ms",
       {"00:00:00", "00:00:00.001", "", "01:02:03.004", "23:59:59.999"},
       {"\"00:00:00\"", "\"00:00:00.001\"", "null", "\"01:02:03.004\"", "\"23:59:59.999\""}},
      {"time64ns",
       {"00:00:00", "00:00:00.000000001", "", "01:02:03.000000001", "23:59:59.999999999"},
       {"\"00:00:00\"", "\"00:00:00.000000001\"", "null", "\"01:02:03.000000001\"",
        "\"23:59:59.999999999\""}},
      {"ts_s",
       {"1970-01-01T00:00:00", "2024-01-01T00:00:00", "", "1969-12-31T00:00:00",
        "9999-12-31T23:59:59"},
       {"\"1970-01-01T00:00:00\"", "\"2024-01-01T00:00:00\"", "null", "\"1969-12-31T00:00:00\"",
        "\"9999-12-31T23:59:59\""}},
      {"ts_ms_utc",
       {"1970-01-01T00:00:00Z", "2024-01-01T00:00:00.123Z", "", "1969-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00.001Z"},
       {"\"1970-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.123Z\"", "null",
        "\"1969-12-31T23:59:59.999Z\"", "\"1970-01-01T00:00:00.001Z\""}},
      {"ts_ns_paris",
       {"1970-01-01T00:00:00Z", "2024-01-01T00:00:00.123456789Z", "",
        "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00.000001000Z"},
       {"\"1970-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.123456789Z\"", "null",
        "\"1969-12-31T23:59:59.999999999Z\"", "\"1970-01-01T00:00:00.000001000Z\""}},
      {"struct",
       {"\"{\"\"x\"\":1,\"\"y\"\":\"\"a\"\"}\"", "", "\"{\"\"x\"\":null,\"\"y\"\":\"\"b\"\"}\"",
        "\"{\"\"x\"\":4,\"\"y\"\":null}\"", "\"{\"\"x\"\":5,\"\"y\"\":\"\"e\"\"}\""},
       {"{\"x\":1,\"y\":\"a\"}", "null", "{\"x\":null,\"y\":\"b\"}", "{\"x\":4,\"y\":null}",
        "{\"x\":5,\"y\":\"e\"}"}},
      {"fixed_binary",
       {"YWJj", "AAAA", "", "eHl6", "////"},
       {"\"YWJj\"", "\"AAAA\"", "null", "\"eHl6\"", "\"////\""}},
      {"large_list",
       {"[1]", "[]", "", "\"[2,3]\"", "[null]"},
       {"[1]", "[]", "null", "[2,3]", "[null]"}},
      {"fixed_list",
       {"\"[1,2]\"", "\"[null,null]\"", "", "\"[5,6]\"", "\"[7,8]\""},
       {"[1,2]", "[null,null]", "null", "[5,6]", "[7,8]"}},
      {"map",
       {"\"{\"\"a\"\":1,\"\"b\"\":2}\"", "{}", "", "\"{\"\"c\"\":null}\"", "\"{\"\"d\"\":4}\""},
       {"{\"a\":1,\"b\":2}", "{}", "null", "{\"c\":null}", "{\"d\":4}"}},
      {"duration_us",
       {"PT0S", "PT1.5S", "", "-PT2S", "PT0.000001S"},
       {"\"PT0S\"", "\"PT1.5S\"", "null", "\"-PT2S\"", "\"PT0.000001S\""}},
      {"interval_months",
       {"PT0S", "P14M", "", "P-1M", "P1M"},
       {"\"PT0S\"", "\"P14M\"", "null", "\"P-1M\"", "\"P1M\""}},
      {"interval_day_time",
       {"PT0S", "P1DT1.5S", "", "P-1D", "PT-0.001S"},
       {"\"PT0S\"", "\"P1DT1.5S\"", "null", "\"P-1D\"", "\"PT-0.001S\""}},
      {"interval_mdn",
       {"PT0S", "P1M2DT3S", "", "PT-0.5S", "P-1MT0.000000001S"},
       {"\"PT0S\"", "\"P1M2DT3S\"", "null", "\"PT-0.5S\"", "\"P-1MT0.000000001S\""}},
      {"null", {"", "", "", "", ""}, {"null", "null", "null", "null", "null"}},
      {"decimal256",
       {"0.00001", "0.00000", "", "-1.00000", "10000000000000000000000000000000000.00000"},
       {"\"0.00001\"", "\"0.00000\"", "null", "\"-1.00000\"",
        "\"10000000000000000000000000000000000.00000\""}},
  };
  return kExpected;
}

TEST(CsvWriterTest, EveryTypeAsExactText) {
  std::vector<testing::TestColumn> columns = EveryTypeColumns();
  const auto& expected = EveryTypeExpected();
  ASSERT_EQ(columns.size(), expected.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const Expected& e = expected[c];
    ASSERT_EQ(columns[c].field.name, e.name);
    std::vector<testing::TestColumn> one;
    one.push_back(std::move(columns[c]));
    SchemaHandle schema;
    ArrayHandle batch;
    MakeBatch(std::move(one), &schema, &batch);
    std::string want = std::string(e.name) + "\r\n";
    for (const std::string& v : e.csv) want += v + "\r\n";
    EXPECT_EQ(Csv(*schema, *batch), want) << e.name;
  }
}

TEST(JsonlWriterTest, EveryTypeAsExactText) {
  std::vector<testing::TestColumn> columns = EveryTypeColumns();
  const auto& expected = EveryTypeExpected();
  ASSERT_EQ(columns.size(), expected.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const Expected& e = expected[c];
    std::vector<testing::TestColumn> one;
    one.push_back(std::move(columns[c]));
    SchemaHandle schema;
    ArrayHandle batch;
    MakeBatch(std::move(one), &schema, &batch);
    std::string want;
    for (const std::string& v : e.json) want += "{\"" + std::string(e.name) + "\":" + v + "}\n";
    EXPECT_EQ(Jsonl(*schema, *batch), want) << e.name;
  }
}

TEST(CsvWriterTest, RowsOfManyColumnsAndQuotedHeader) {
  Schema columns = {{"id", ColumnType::Of(TypeId::kInt32)},
                    {"a,b", ColumnType::Of(TypeId::kUtf8)},
                    {"say \"hi\"", ColumnType::Of(TypeId::kFloat64)}};
  BatchBuilder b(columns);
  b.column(0).AppendFixed<int32_t>(1);
  b.column(1).AppendBytes("x", 1);
  b.column(2).AppendFixed<double>(0.5);
  b.FinishRow();
  b.column(0).AppendFixed<int32_t>(2);
  b.column(1).AppendNull();
  b.column(2).AppendNull();
  b.FinishRow();
  SchemaHandle schema;
  ExportSchema(columns, schema.get());
  ArrayHandle batch;
  b.Finish(batch.get());
  EXPECT_EQ(Csv(*schema, *batch), "id,\"a,b\",\"say \"\"hi\"\"\"\r\n1,x,0.5\r\n2,,\r\n");

  CsvOptions tsv;
  tsv.delimiter = '\t';
  tsv.line_end = "\n";
  tsv.header = false;
  EXPECT_EQ(Csv(*schema, *batch, tsv), "1\tx\t0.5\n2\t\t\n");
  EXPECT_EQ(Jsonl(*schema, *batch),
            "{\"id\":1,\"a,b\":\"x\",\"say \\\"hi\\\"\":0.5}\n"
            "{\"id\":2,\"a,b\":null,\"say \\\"hi\\\"\":null}\n");
}

TEST(JsonlWriterTest, EscapesControlCharactersAndRepairsUtf8) {
  std::string s;
  // Every control character.
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls.push_back(static_cast<char>(c));
  text::AppendJsonString(s, controls);
  EXPECT_EQ(s,
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
            "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
  const std::string fffd = "\xef\xbf\xbd";
  struct Case {
    std::string in, out;
  };
  for (const Case& c : std::vector<Case>{
           {"ok \xe2\x82\xac \xf0\x9f\x98\x80", "ok \xe2\x82\xac \xf0\x9f\x98\x80"},  // valid
           {"\xc0\xaf", fffd + fffd},                        // overlong '/'
           {"\xed\xa0\x80", fffd + fffd + fffd},             // UTF-16 surrogate
           {"\xf4\x90\x80\x80", fffd + fffd + fffd + fffd},  // beyond U+10FFFF
           {"a\xe2\x82", "a" + fffd + fffd},                 // truncated at the end
           {"\x80x", fffd + "x"},                            // lone continuation byte
           {"\x7f/\\", "\x7f/\\\\"},                         // DEL stays; backslash escaped
       }) {
    s.clear();
    text::AppendJsonString(s, c.in);
    EXPECT_EQ(s, "\"" + c.out + "\"") << c.in;
  }
}

TEST(CsvWriterTest, FlushesInLargeChunksAndCountsRowsAndBytes) {
  Schema columns = {{"n", ColumnType::Of(TypeId::kInt64)}, {"s", ColumnType::Of(TypeId::kUtf8)}};
  BatchBuilder b(columns, BatchLimits{200000, size_t{1} << 30});
  const std::string text(40, 'x');
  for (int64_t r = 0; r < 100000; ++r) {
    b.column(0).AppendFixed<int64_t>(r);
    b.column(1).AppendBytes(text.data(), text.size());
    b.FinishRow();
  }
  SchemaHandle schema;
  ExportSchema(columns, schema.get());
  ArrayHandle batch;
  b.Finish(batch.get());
  std::vector<size_t> writes;
  size_t total = 0;
  CsvWriter writer([&](const void*, size_t size) {
    writes.push_back(size);
    total += size;
    return Status::Ok();
  });
  ASSERT_TRUE(writer.Begin(*schema).ok());
  ASSERT_TRUE(writer.WriteBatch(*batch).ok());
  ASSERT_TRUE(writer.End().ok());
  EXPECT_EQ(writer.rows_written(), 100000);
  EXPECT_EQ(writer.bytes_written(), static_cast<int64_t>(total));
  ASSERT_GT(writes.size(), 3u);
  for (size_t i = 0; i + 1 < writes.size(); ++i) {
    EXPECT_GE(writes[i], SinkBuffer::kFlushBytes) << "no small writes but the last";
    EXPECT_LT(writes[i], SinkBuffer::kFlushBytes + 4096);
  }
}

TEST(JsonlWriterTest, WriteJsonlStreamDrivesAStream) {
  // A whole ArrowArrayStream through WriteJsonlStream.
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  const std::string all = Jsonl(*schema, *batch);

  class OneBatch : public BatchReader {
   public:
    OneBatch(ArrowSchema* s, ArrowArray* b) : schema_(s), batch_(b) {}
    Status GetSchema(ArrowSchema* out) override {
      ExportField(ParseBatchSchema(*schema_).value(), out);
      return Status::Ok();
    }
    Status Next(ArrowArray* out) override {
      out->release = nullptr;
      if (done_) return Status::Ok();
      done_ = true;
      *out = *batch_;  // hands the batch over
      batch_->release = nullptr;
      return Status::Ok();
    }

   private:
    ArrowSchema* schema_;
    ArrowArray* batch_;
    bool done_ = false;
  };
  StreamHandle stream;
  ExportStream(std::make_unique<OneBatch>(schema.get(), batch.get()), stream.get());
  std::string out;
  int64_t rows = 0;
  const Status st =
      WriteJsonlStream(stream.get(), StringSink(&out), [&](int64_t r, int64_t) { rows = r; });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(out, all);
  EXPECT_EQ(rows, 5);
}

TEST(CsvWriterTest, ExactDecimalDateAndTimeText) {
  auto decimal = [](auto value, int32_t scale) {
    std::string out;
    text::AppendDecimal(out, reinterpret_cast<const uint8_t*>(&value), sizeof(value), scale);
    return out;
  };
  EXPECT_EQ(decimal(int32_t{-12345}, 2), "-123.45");
  EXPECT_EQ(decimal(int32_t{5}, 3), "0.005");
  EXPECT_EQ(decimal(int64_t{-5}, 3), "-0.005");
  EXPECT_EQ(decimal(int64_t{42}, -3), "42000");
  EXPECT_EQ(decimal(int64_t{0}, -3), "0");
  EXPECT_EQ(decimal(int64_t{0}, 0), "0");
  EXPECT_EQ(decimal(std::numeric_limits<int64_t>::min(), 0), "-9223372036854775808");
  // 128-bit values past 64 bits, at the edges of 10^19 chunks.
  const testing::Int128 ten19 = static_cast<testing::Int128>(10000000000000000000ull);
  EXPECT_EQ(decimal(ten19, 0), "10000000000000000000");
  EXPECT_EQ(decimal(ten19 * ten19 + 7, 38), "1.00000000000000000000000000000000000007");
  EXPECT_EQ(decimal(-(ten19 * 10 + 1), 1), "-10000000000000000000.1");
  const testing::Int128 max128 =
      static_cast<testing::Int128>(~static_cast<testing::UInt128>(0) >> 1);
  EXPECT_EQ(decimal(max128, 0), "170141183460469231731687303715884105727");
  EXPECT_EQ(decimal(-max128 - 1, 0), "-170141183460469231731687303715884105728");

  auto with = [](auto append) {
    std::string out;
    append(out);
    return out;
  };
  EXPECT_EQ(with([](std::string& o) { text::AppendDate(o, 2932896); }), "9999-12-31");
  EXPECT_EQ(with([](std::string& o) { text::AppendDate(o, 2932897); }), "10000-01-01");
  EXPECT_EQ(with([](std::string& o) { text::AppendDate(o, -719529); }), "-0001-12-31");
  EXPECT_EQ(with([](std::string& o) { text::AppendTimeOfDay(o, -1, TimeUnit::kSecond); }),
            "-00:00:01");
  EXPECT_EQ(with([](std::string& o) {
              text::AppendTimestamp(o, std::numeric_limits<int64_t>::min(), TimeUnit::kNano, true);
            }),
            "1677-09-21T00:12:43.145224192Z");
  EXPECT_EQ(with([](std::string& o) {
              text::AppendDuration(o, std::numeric_limits<int64_t>::min(), TimeUnit::kNano);
            }),
            "-PT9223372036.854775808S");
}

TEST(CsvWriterTest, RefusesAQuoteAsDelimiter) {
  SchemaHandle schema;
  ExportSchema({{"a", ColumnType::Of(TypeId::kInt32)}}, schema.get());
  CsvOptions bad;
  bad.delimiter = '"';
  CsvWriter writer([](const void*, size_t) { return Status::Ok(); }, bad);
  EXPECT_EQ(writer.Begin(*schema).field(), "delimiter");
}

}  // namespace
}  // namespace trib
