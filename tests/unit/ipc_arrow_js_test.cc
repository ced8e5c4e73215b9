// The Arrow IPC writer checked by a real Arrow implementation: the npm apache-arrow package
// (installed by scripts/install-deps.sh into tests/arrow_check) reads what we write.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "arrow_test_columns.h"
#include "columnar/ipc_writer.h"
#include "common/json.h"

namespace trib {
namespace {

using testing::EveryTypeColumns;
using testing::MakeBatch;
using testing::Slicer;

const std::string kCheckDir = std::string(TRIB_SOURCE_DIR) + "/tests/arrow_check";

// Runs a shell command; returns its exit status and stdout.
int RunCommand(const std::string& command, std::string* out) {
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out->append(buffer, n);
  return pclose(pipe);
}

// Why the check cannot run here, or "" when it can.
std::string MissingTool() {
  std::string ignored;
  if (RunCommand("node --version >/dev/null 2>&1", &ignored) != 0) return "node is not installed";
  if (!std::filesystem::exists(kCheckDir + "/node_modules/apache-arrow/package.json")) {
    return "npm apache-arrow is not installed (run scripts/install-deps.sh)";
  }
  return "";
}

// What the reference implementation must see, row by row (check_ipc.mjs renders 64-bit values,
// times and decimals exactly, as strings).
constexpr const char* kExpectedColumns = R"json({
  "bool": [true, null, false, true, false],
  "int8": [-128, null, 0, 127, 5],
  "int16": [-32768, null, 0, 32767, 7],
  "int32": [-2147483648, null, 0, 2147483647, 42],
  "int64": ["-9223372036854775808", null, "0", "9223372036854775807", "-1"],
  "float32": [1.5, null, -0.25, "Infinity", 0.10000000149011612],
  "float64": [0.1, null, -1e300, "NaN", 2.5],
  "decimal": ["123.45", null, "-0.01", "0.00", "999999999.99"],
  "decimal38": ["-1234567890123456789.1234567890", null, "0.0000000001", "0.0000000000",
                "1000000000000000000000000000.0000000000"],
  "utf8": ["a", null, "", "h\u00e9llo \"q\", x", "line\nbreak\t\u0001\ufffd"],
  "binary": ["AAE=", null, "", "YWJj", "//79/A=="],
  "date32": [0, null, -1, 19723, -719528],
  "time64": ["0", null, "1", "86399999999", "45296789000"],
  "ts": ["0", null, "1704067200123456", "-1", "951782400000000"],
  "ts_utc": ["0", null, "1704067200123456", "-1", "951782400000000"],
  "list": [[1, 2], null, [], [null, 3], [4]],
  "list_utf8": [["x", "y,z"], [], null, ["\""], [null]],
  "uint8": [0, 255, null, 1, 2],
  "uint16": [0, 65535, null, 1, 2],
  "uint32": [0, 4294967295, null, 1, 2],
  "uint64": ["0", "18446744073709551615", null, "1", "2"],
  "large_utf8": ["big", "\u00fc", null, "", "z"],
  "large_binary": ["AQ==", "eHl6", null, "", "AA=="],
  "utf8_view": ["short", "a string longer than twelve", null, "", "tail"],
  "float16": [1, -2, null, 0.5, 65504],
  "date64": ["0", "86400000", null, "-86400000", "1704067200000"],
  "time32s": [0, 3661, null, 86399, 43200],
  "time32ms": [0, 1, null, 3723004, 86399999],
  "time64ns": ["0", "1", null, "3723000000001", "86399999999999"],
  "ts_s": ["0", "1704067200", null, "-86400", "253402300799"],
  "ts_ms_utc": ["0", "1704067200123", null, "-1", "1"],
  "ts_ns_paris": ["0", "1704067200123456789", null, "-1", "1000"],
  "struct": [{"x": 1, "y": "a"}, null, {"x": null, "y": "b"}, {"x": 4, "y": null},
             {"x": 5, "y": "e"}],
  "fixed_binary": ["YWJj", "AAAA", null, "eHl6", "////"],
  "fixed_list": [[1, 2], [null, null], null, [5, 6], [7, 8]],
  "map": [{"a": 1, "b": 2}, {}, null, {"c": null}, {"d": 4}],
  "duration_us": ["0", "1500000", null, "-2000000", "1"],
  "interval_months": [[0], [14], null, [-1], [1]],
  "interval_day_time": [[0, 0], [1, 1500], null, [-1, 0], [0, -1]],
  "interval_mdn": [[0, 0, "0"], [1, 2, "3000000000"], null, [0, 0, "-500000000"],
                   [-1, 0, "1"]],
  "null": [null, null, null, null, null],
  "decimal256": ["0.00001", "0.00000", null, "-1.00000",
                 "10000000000000000000000000000000000.00000"]
})json";

// Arrow JS's names of the types (DataType.toString(); decimals print as "precision e+scale").
constexpr const char* kExpectedTypes = R"json({
  "bool": "Bool", "int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64",
  "float32": "Float32", "float64": "Float64",
  "decimal": "Decimal[12e+2]", "decimal38": "Decimal[38e+10]",
  "utf8": "Utf8", "binary": "Binary", "date32": "Date32<DAY>",
  "time64": "Time64<MICROSECOND>",
  "ts": "Timestamp<MICROSECOND>", "ts_utc": "Timestamp<MICROSECOND, UTC>",
  "list": "List<Int32>", "list_utf8": "List<Utf8>",
  "uint8": "Uint8", "uint16": "Uint16", "uint32": "Uint32", "uint64": "Uint64",
  "large_utf8": "LargeUtf8", "large_binary": "LargeBinary", "utf8_view": "Utf8",
  "float16": "Float16", "date64": "Date64<MILLISECOND>",
  "time32s": "Time32<SECOND>", "time32ms": "Time32<MILLISECOND>",
  "time64ns": "Time64<NANOSECOND>",
  "ts_s": "Timestamp<SECOND>", "ts_ms_utc": "Timestamp<MILLISECOND, UTC>",
  "ts_ns_paris": "Timestamp<NANOSECOND, Europe/Paris>",
  "struct": "Struct<{x:Int32, y:Utf8}>", "fixed_binary": "FixedSizeBinary[3]",
  "fixed_list": "FixedSizeList[2]<Int16>", "map": "Map<{key:Utf8, value:Int32}>",
  "duration_us": "Duration<MICROSECOND>", "interval_months": "Interval<YEAR_MONTH>",
  "interval_day_time": "Interval<DAY_TIME>", "interval_mdn": "Interval<MONTH_DAY_NANO>",
  "null": "Null", "decimal256": "Decimal[40e+5]"
})json";

TEST(IpcArrowJsTest, ReferenceImplementationReadsEveryType) {
  const std::string missing = MissingTool();
  if (!missing.empty()) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL() << missing << " (required under CI)";
    GTEST_SKIP() << missing;
  }

  // Every type but large_list: Arrow JS 21 has no LargeList.
  std::vector<testing::TestColumn> columns;
  for (testing::TestColumn& c : EveryTypeColumns()) {
    if (c.field.name != "large_list") columns.push_back(std::move(c));
  }
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(std::move(columns), &schema, &batch);
  Slicer slicer;
  const ArrowArray* slice = slicer.SliceBatch(*batch, 1, 3, 1);  // rows 2, 3, 4 again

  const std::filesystem::path file =
      std::filesystem::path(::testing::TempDir()) / "ipc_arrow_js_test.arrows";
  {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    IpcStreamWriter writer([f](const void* data, size_t size) {
      return std::fwrite(data, 1, size, f) == size ? Status::Ok()
                                                   : Status::Unavailable("write failed");
    });
    ASSERT_TRUE(writer.Begin(*schema).ok());
    ASSERT_TRUE(writer.WriteBatch(*batch).ok());
    ASSERT_TRUE(writer.WriteBatch(*slice).ok());
    ASSERT_TRUE(writer.End().ok());
    std::fclose(f);
  }

  std::string output;
  const int status =
      RunCommand("node " + kCheckDir + "/check_ipc.mjs " + file.string() + " 2>&1", &output);
  std::filesystem::remove(file);
  ASSERT_EQ(status, 0) << output;
  auto parsed = ParseJson(output);
  ASSERT_TRUE(parsed.ok()) << output;
  const Json& seen = *parsed;

  EXPECT_EQ(seen["rows"], 8);
  const Json columns_expected = Json::parse(kExpectedColumns);
  const Json types = Json::parse(kExpectedTypes);
  ASSERT_EQ(seen["schema"].size(), columns_expected.size());
  size_t i = 0;
  for (const auto& [name, values] : columns_expected.items()) {
    const Json& field = seen["schema"][i++];
    EXPECT_EQ(field["name"], name);
    EXPECT_EQ(field["type"], types[name]) << name;
    EXPECT_EQ(field["nullable"], true) << name;
    Json want = values;
    for (size_t row = 2; row < 5; ++row) want.push_back(values[row]);  // the slice
    EXPECT_EQ(seen["columns"][name], want) << name;
  }
}

}  // namespace
}  // namespace trib
