// What DuckDB exports through the Arrow C interface (its own choices of formats: unsigned
// ints, HUGEINT as decimal, TIMESTAMP_S/MS/NS, TIMESTAMPTZ, INTERVAL, UUID, lists, structs,
// maps) goes through the IPC writer and back unchanged, and the CSV / JSON writers take it.
#include <duckdb.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "columnar/arrow_handles.h"
#include "columnar/csv_writer.h"
#include "columnar/ipc_reader.h"
#include "columnar/ipc_writer.h"
#include "columnar/jsonl_writer.h"

namespace trib {
namespace {

ByteSink StringSink(std::string* out) {
  return [out](const void* data, size_t size) {
    out->append(static_cast<const char*>(data), size);
    return Status::Ok();
  };
}

// A query's result as DuckDB exports it: the schema and one struct array per chunk.
class DuckDbExport {
 public:
  DuckDbExport() {
    EXPECT_EQ(duckdb_open(nullptr, &db_), DuckDBSuccess);
    EXPECT_EQ(duckdb_connect(db_, &con_), DuckDBSuccess);
  }
  ~DuckDbExport() {
    duckdb_disconnect(&con_);
    duckdb_close(&db_);
  }

  // Returns "" or DuckDB's error.
  std::string Run(const std::string& sql) {
    duckdb_result result;
    if (duckdb_query(con_, sql.c_str(), &result) != DuckDBSuccess) {
      std::string error = duckdb_result_error(&result);
      duckdb_destroy_result(&result);
      return error;
    }
    duckdb_arrow_options options;
    duckdb_connection_get_arrow_options(con_, &options);
    const idx_t n = duckdb_column_count(&result);
    std::vector<duckdb_logical_type> types;
    std::vector<const char*> names;
    for (idx_t i = 0; i < n; ++i) {
      types.push_back(duckdb_column_logical_type(&result, i));
      names.push_back(duckdb_column_name(&result, i));
    }
    std::string error =
        Check(duckdb_to_arrow_schema(options, types.data(), names.data(), n, schema.get()));
    while (error.empty()) {
      duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
      if (chunk == nullptr) break;
      ArrayHandle array;
      error = Check(duckdb_data_chunk_to_arrow(options, chunk, array.get()));
      duckdb_destroy_data_chunk(&chunk);
      batches.push_back(std::move(array));
    }
    for (duckdb_logical_type& t : types) duckdb_destroy_logical_type(&t);
    duckdb_destroy_arrow_options(&options);
    duckdb_destroy_result(&result);
    return error;
  }

  SchemaHandle schema;
  std::vector<ArrayHandle> batches;

 private:
  static std::string Check(duckdb_error_data error) {
    std::string message =
        duckdb_error_data_has_error(error) ? duckdb_error_data_message(error) : "";
    duckdb_destroy_error_data(&error);
    return message;
  }
  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
};

template <typename Writer>
std::string WriteAll(Writer& writer, std::string* out, const ArrowSchema& schema,
                     const std::vector<const ArrowArray*>& batches) {
  Status st = writer.Begin(schema);
  EXPECT_TRUE(st.ok()) << st.ToString();
  for (const ArrowArray* b : batches) {
    st = writer.WriteBatch(*b);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_TRUE(writer.End().ok());
  return *out;
}

std::string Jsonl(const ArrowSchema& schema, const std::vector<const ArrowArray*>& batches) {
  std::string out;
  JsonlWriter writer(StringSink(&out));
  return WriteAll(writer, &out, schema, batches);
}

TEST(IpcWriterTest, DuckDbExportsRoundTrip) {
  DuckDbExport duck;
  // Every third row NULL in every column; 2500 rows span two DuckDB chunks.
  const std::vector<std::pair<std::string, std::string>> columns = {
      {"i8", "(r % 100)::TINYINT"},
      {"u8", "(r % 200)::UTINYINT"},
      {"u16", "(r * 13)::USMALLINT"},
      {"u32", "(r * 1000003)::UINTEGER"},
      {"u64", "(r * 1000000007)::UBIGINT * 1000000"},
      {"i64", "r * -1234567891"},
      {"huge", "r::HUGEINT * 100000000000000000000"},
      {"f32", "(r / 3)::FLOAT"},
      {"f64", "r / 7.0"},
      {"dec4", "(r / 10)::DECIMAL(4,1)"},
      {"dec18", "(r * 1.001)::DECIMAL(18,3)"},
      {"dec38", "(r::HUGEINT * 1000000000000000000)::DECIMAL(38,10)"},
      {"s", "'a,\"b\"' || r || chr(10) || '\u00e9'"},
      {"bin", "encode('bytes' || r)"},
      {"b", "r % 2 = 0"},
      {"d", "DATE '2024-01-01' + r::INTEGER"},
      {"t", "TIME '12:00:00' + INTERVAL (r) SECOND"},
      {"ts", "TIMESTAMP '2024-01-01' + INTERVAL (r) MINUTE"},
      {"ts_s", "(TIMESTAMP '2024-01-01' + INTERVAL (r) MINUTE)::TIMESTAMP_S"},
      {"ts_ms", "(TIMESTAMP '2024-01-01' + INTERVAL (r) MINUTE)::TIMESTAMP_MS"},
      {"ts_ns", "(TIMESTAMP '2024-01-01' + INTERVAL (r) MINUTE)::TIMESTAMP_NS"},
      {"tstz", "(TIMESTAMP '2024-01-01' + INTERVAL (r) MINUTE)::TIMESTAMPTZ"},
      {"iv", "INTERVAL (r) DAY + INTERVAL 90 MINUTE"},
      {"id", "md5(r::VARCHAR)::UUID"},
      {"li", "[r, r + 1, NULL]"},
      {"ls", "['x' || r, NULL]"},
      {"st", "{'a': r, 'b': 'v' || r}"},
      {"mp", "MAP {'k' || r: r}"},
      {"nested", "[{'x': r}]"},
  };
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql +=
        "CASE WHEN r % 3 = 1 THEN NULL ELSE " + columns[i].second + " END AS " + columns[i].first;
  }
  sql += " FROM range(2500) t(r) ORDER BY r";
  ASSERT_EQ(duck.Run(sql), "");
  ASSERT_GE(duck.batches.size(), 2u);
  ASSERT_EQ(duck.schema->n_children, static_cast<int64_t>(columns.size()));

  std::vector<const ArrowArray*> batches;
  int64_t rows = 0;
  for (const ArrayHandle& b : duck.batches) {
    batches.push_back(b.get());
    rows += b->length;
  }
  EXPECT_EQ(rows, 2500);
  const std::string expected = Jsonl(*duck.schema, batches);
  // A spot check of DuckDB's own values as rendered.
  EXPECT_NE(expected.find("\"huge\":\"200000000000000000000\""), std::string::npos);
  EXPECT_NE(expected.find("\"ts_ns\":\"2024-01-01T00:02:00\""), std::string::npos);
  EXPECT_NE(expected.find("\"tstz\":\"2024-01-01T00:02:00Z\""), std::string::npos);
  EXPECT_NE(expected.find("\"mp\":{\"k2\":2}"), std::string::npos);
  EXPECT_NE(expected.find("\"iv\":\"P2DT5400S\""), std::string::npos);

  std::string ipc;
  IpcStreamWriter ipc_writer(StringSink(&ipc));
  WriteAll(ipc_writer, &ipc, *duck.schema, batches);
  auto reader = OpenIpcStream(MemorySource(ipc));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  SchemaHandle schema;
  ASSERT_TRUE((*reader)->GetSchema(schema.get()).ok());
  // Same types ("d:4,1,128" and "d:4,1" are one type); string views arrive as utf8.
  for (int64_t i = 0; i < schema->n_children; ++i) {
    const auto duck_type = ArrowField::FromSchema(*duck.schema->children[i]);
    const auto read_type = ArrowField::FromSchema(*schema->children[i]);
    ASSERT_TRUE(duck_type.ok() && read_type.ok());
    const std::string want =
        duck_type->kind == ArrowKind::kUtf8View ? "utf8" : duck_type->TypeName();
    EXPECT_EQ(read_type->TypeName(), want) << columns[i].first;
  }
  std::vector<ArrayHandle> back;
  while (true) {
    ArrayHandle b;
    ASSERT_TRUE((*reader)->Next(b.get()).ok());
    if (!b.valid()) break;
    back.push_back(std::move(b));
  }
  std::vector<const ArrowArray*> back_ptrs;
  for (const ArrayHandle& b : back) back_ptrs.push_back(b.get());
  EXPECT_EQ(back.size(), batches.size());
  EXPECT_EQ(Jsonl(*schema, back_ptrs), expected);

  std::string csv;
  CsvWriter csv_writer(StringSink(&csv));
  WriteAll(csv_writer, &csv, *duck.schema, batches);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\r'), 2501) << "a header and 2500 rows";
}

TEST(IpcWriterTest, DuckDbEnumsAreRefusedByName) {
  DuckDbExport duck;
  ASSERT_EQ(duck.Run("SELECT 'a'::ENUM('a', 'b') AS mood"), "");
  IpcStreamWriter writer([](const void*, size_t) { return Status::Ok(); });
  const Status st = writer.Begin(*duck.schema);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "mood");
  EXPECT_NE(st.message().find("dictionary"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace trib
