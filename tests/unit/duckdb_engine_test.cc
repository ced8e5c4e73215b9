#include "engine/duckdb_engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "arrow_test_values.h"
#include "columnar/batch_builder.h"
#include "common/random.h"

namespace trib::engine {
namespace {

namespace fs = std::filesystem;
using trib::testing::ReadContents;
using trib::testing::StreamContents;

constexpr int64_t kDay = 86400;
constexpr int64_t kMicros = 1000000;

Schema SampleSchema() {
  return {{"id", ColumnType::Of(TypeId::kInt64)},
          {"ratio", ColumnType::Of(TypeId::kFloat64)},
          {"price", ColumnType::Decimal(12, 2)},
          {"note", ColumnType::Of(TypeId::kUtf8)},
          {"flag", ColumnType::Of(TypeId::kBool)},
          {"day", ColumnType::Of(TypeId::kDate32)},
          {"at", ColumnType::Timestamp("UTC")},
          {"tags", ColumnType::List(ColumnType::Of(TypeId::kInt32))},
          {"raw", ColumnType::Of(TypeId::kBinary)}};
}

std::string AllBytes() {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  return bytes;
}

// Row r of the sample; row 2 is all NULL, and every column has a NULL somewhere else too.
void AppendSampleRow(BatchBuilder& b, int r, const std::string& big) {
  auto null_if = [&](size_t column, bool null) {
    if (null) b.column(column).AppendNull();
    return !null;
  };
  const bool all_null = r == 2;
  if (null_if(0, all_null)) b.column(0).AppendFixed<int64_t>(r == 0 ? INT64_MIN : r * 1000003LL);
  if (null_if(1, all_null || r == 4)) {
    const double ratios[] = {0.1, -1.0 / 3.0, 0, 1e300, 0, 2.5e-300};
    b.column(1).AppendFixed<double>(ratios[r % 6]);
  }
  if (null_if(2, all_null || r == 5)) {  // decimal(12,2): unscaled, up to 10 integer digits
    const testing::Int128 prices[] = {999999999999, -999999999999, 0, 1, -5, 0, 12345};
    b.column(2).AppendFixed<testing::Int128>(prices[r]);
  }
  if (null_if(3, all_null || r == 3)) {
    const std::string notes[] = {big, "comma, \"quote\"\nnew line\\", "", "", "", "é✓ 日本", ""};
    b.column(3).AppendBytes(notes[r].data(), notes[r].size());
  }
  if (null_if(4, all_null || r == 1)) b.column(4).AppendBool(r % 2 == 0);
  if (null_if(5, all_null || r == 6)) {
    const int32_t days[] = {0, -719162, 0, 19782, 2932896};  // 1970, 0001-01-01, 2024, 9999
    b.column(5).AppendFixed<int32_t>(days[r % 5]);
  }
  if (null_if(6, all_null || r == 0)) {
    b.column(6).AppendFixed<int64_t>((19782 * kDay + 3723) * kMicros + 456789 * (r % 2) - r);
  }
  if (all_null || r == 4) {
    b.column(7).AppendNull();
  } else {
    for (int k = 0; k < r; ++k) {
      if (k == 1) {
        b.column(7).element().AppendNull();
      } else {
        b.column(7).element().AppendFixed<int32_t>(k == 0 ? INT32_MAX : -k);
      }
    }
    b.column(7).FinishListRow();  // row 0: an empty list
  }
  if (null_if(8, all_null || r == 5)) {
    const std::string raw = r == 0 ? AllBytes() : std::string(static_cast<size_t>(r), '\\');
    b.column(8).AppendBytes(raw.data(), raw.size());
  }
  b.FinishRow();
}

// Hands out prepared batches; fails instead of giving batch `fail_at` when set.
class BatchListReader : public BatchReader {
 public:
  BatchListReader(Schema schema, std::vector<ArrayHandle> batches, int fail_at = -1)
      : schema_(std::move(schema)), batches_(std::move(batches)), fail_at_(fail_at) {}
  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(schema_, out);
    return Status::Ok();
  }
  Status Next(ArrowArray* out) override {
    if (next_ == fail_at_) return Status::Unavailable("the source database went away");
    if (next_ >= static_cast<int>(batches_.size())) return Status::Ok();
    batches_[next_++].MoveTo(out);
    return Status::Ok();
  }

 private:
  Schema schema_;
  std::vector<ArrayHandle> batches_;
  int fail_at_;
  int next_ = 0;
};

// The sample as a stream of two batches (rows 0-3 and 4-6).
void SampleStream(ArrowArrayStream* out, int fail_at = -1) {
  static const std::string big(10u << 20, 'x');
  BatchBuilder builder(SampleSchema());
  std::vector<ArrayHandle> batches(2);
  for (int r = 0; r < 7; ++r) {
    AppendSampleRow(builder, r, big);
    if (r == 3) builder.Finish(batches[0].get());
  }
  builder.Finish(batches[1].get());
  ExportStream(std::make_unique<BatchListReader>(SampleSchema(), std::move(batches), fail_at), out);
}

StreamContents SampleContents() {
  StreamHandle stream;
  SampleStream(stream.get());
  auto contents = ReadContents(stream.get());
  EXPECT_TRUE(contents.ok()) << contents.status().ToString();
  return std::move(contents).value();
}

// DuckDB spells decimal formats with their bit width ("d:12,2,128" for "d:12,2"): the same
// Arrow type.
std::vector<std::string> DuckDbFormats(std::vector<std::string> formats) {
  for (std::string& f : formats) {
    if (f.rfind("d:", 0) == 0) f += ",128";
  }
  return formats;
}

class DuckDbEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("trib-engine-" + RandomHex(6));
    fs::create_directories(dir_);
    auto engine = DuckDbEngine::Open();
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> DirEntries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  void ExpectRoundTrip(FileFormat format, const std::string& name,
                       const ReadFileOptions& read_options) {
    const std::string path = (dir_ / name).string();
    StreamHandle in;
    SampleStream(in.get());
    Status written = engine_->WriteFile(in.get(), path, format);
    ASSERT_TRUE(written.ok()) << written.ToString();
    EXPECT_FALSE(in.valid()) << "WriteFile consumes the stream";
    EXPECT_EQ(DirEntries(), std::vector<std::string>{name}) << "no temporary file left behind";

    StreamHandle out;
    Status read = engine_->ReadFile(path, format, out.get(), read_options);
    ASSERT_TRUE(read.ok()) << read.ToString();
    auto got = ReadContents(out.get());
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    const StreamContents want = SampleContents();
    EXPECT_EQ(got->names, want.names);
    EXPECT_EQ(got->formats, DuckDbFormats(want.formats));
    ASSERT_EQ(got->rows, 7);
    for (size_t c = 0; c < want.columns.size(); ++c) {
      for (size_t r = 0; r < want.columns[c].size(); ++r) {
        const auto& w = want.columns[c][r];
        const auto& g = got->columns[c][r];
        ASSERT_EQ(g.has_value(), w.has_value()) << want.names[c] << " row " << r;
        if (!w) continue;
        // Compared without printing: one value is 10 MB.
        EXPECT_TRUE(*g == *w) << want.names[c] << " row " << r << " size " << g->size() << " vs "
                              << w->size() << ": " << g->substr(0, 80) << " vs "
                              << w->substr(0, 80);
      }
    }
  }

  fs::path dir_;
  std::unique_ptr<DuckDbEngine> engine_;
};

TEST(DuckDbVersionTest, LoadedLibraryIsThePinnedVersion) {
  Status status = DuckDbEngine::CheckVersion();
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_STREQ(duckdb_library_version(), TRIB_DUCKDB_VERSION);
}

TEST(DuckDbVersionTest, MismatchNamesBothVersions) {
  Status status = DuckDbEngine::CheckVersion("v1.3.2", "v1.4.4");
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("v1.3.2"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("v1.4.4"), std::string::npos) << status.message();
}

TEST_F(DuckDbEngineTest, ParquetRoundTripKeepsTypesAndValues) {
  ExpectRoundTrip(FileFormat::kParquet, "sample.parquet", {});
}

TEST_F(DuckDbEngineTest, CsvRoundTripWithTheWrittenSchema) {
  ExpectRoundTrip(FileFormat::kCsv, "sample.csv", {SampleSchema()});
}

TEST_F(DuckDbEngineTest, JsonRoundTripWithTheWrittenSchema) {
  ExpectRoundTrip(FileFormat::kJson, "sample.jsonl", {SampleSchema()});
}

TEST_F(DuckDbEngineTest, ParquetColumnsAreZstdCompressed) {
  const std::string path = (dir_ / "z.parquet").string();
  StreamHandle in;
  SampleStream(in.get());
  ASSERT_TRUE(engine_->WriteFile(in.get(), path, FileFormat::kParquet).ok());
  auto conn = engine_->Connect();
  ASSERT_TRUE(conn.ok());
  auto rows =
      (*conn)->QueryText("SELECT DISTINCT compression::VARCHAR FROM parquet_metadata($1)", {path});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "ZSTD");
}

TEST_F(DuckDbEngineTest, CompressionIsAnOption) {
  const std::string path = (dir_ / "s.parquet").string();
  StreamHandle in;
  SampleStream(in.get());
  WriteFileOptions options;
  options.parquet_compression = "snappy";
  ASSERT_TRUE(engine_->WriteFile(in.get(), path, FileFormat::kParquet, options).ok());
  auto conn = engine_->Connect();
  ASSERT_TRUE(conn.ok());
  auto rows =
      (*conn)->QueryText("SELECT DISTINCT compression::VARCHAR FROM parquet_metadata($1)", {path});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "SNAPPY");

  StreamHandle again;
  SampleStream(again.get());
  options.parquet_compression = "zstd'); COPY x TO ('y";
  Status bad = engine_->WriteFile(again.get(), path + "2", FileFormat::kParquet, options);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.field(), "parquet_compression");
}

// Passes a stream on and, when the first batch is asked for (the write is running), notes
// which catalogs hold views of the engine's writes.
class ViewSpyReader : public BatchReader {
 public:
  ViewSpyReader(ArrowArrayStream* source, DuckDbEngine* engine, TextRows* seen)
      : source_(source), engine_(engine), seen_(seen) {}
  Status GetSchema(ArrowSchema* out) override { return source_.GetSchema(out); }
  Status Next(ArrowArray* out) override {
    if (!looked_) {
      looked_ = true;
      TRIB_ASSIGN_OR_RETURN(auto conn, engine_->Connect());
      TRIB_ASSIGN_OR_RETURN(*seen_, conn->QueryText("SELECT database_name FROM duckdb_views() "
                                                    "WHERE view_name LIKE 'trib_write_%'"));
    }
    return source_.Next(out);
  }

 private:
  StreamReader source_;
  DuckDbEngine* engine_;
  TextRows* seen_;
  bool looked_ = false;
};

// Views over streams live in an in-memory scratch catalog: a database file never holds one
// (it would point at memory that is gone once the file is opened again).
TEST_F(DuckDbEngineTest, AFileBackedEngineKeepsNoViewOfAStream) {
  const std::string db_path = (dir_ / "engine.duckdb").string();
  {
    auto engine = DuckDbEngine::Open(db_path);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    StreamHandle sample;
    SampleStream(sample.get());
    TextRows seen;
    StreamHandle in;
    ExportStream(std::make_unique<ViewSpyReader>(sample.get(), engine->get(), &seen), in.get());
    Status written =
        (*engine)->WriteFile(in.get(), (dir_ / "out.json").string(), FileFormat::kJson);
    ASSERT_TRUE(written.ok()) << written.ToString();
    ASSERT_EQ(seen.size(), 1u) << "one view while the write runs";
    EXPECT_EQ(seen[0][0], "trib_scratch");
    auto conn = (*engine)->Connect();
    ASSERT_TRUE(conn.ok());
    auto views = (*conn)->QueryText("SELECT view_name FROM duckdb_views() WHERE NOT internal");
    ASSERT_TRUE(views.ok()) << views.status().ToString();
    EXPECT_TRUE(views->empty()) << "and none after it";
  }
  auto reopened = DuckDbEngine::Open(db_path);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto conn = (*reopened)->Connect();
  ASSERT_TRUE(conn.ok());
  auto views = (*conn)->QueryText("SELECT view_name FROM duckdb_views() WHERE NOT internal");
  ASSERT_TRUE(views.ok());
  EXPECT_TRUE(views->empty());
}

// A setting of a new engine opened with `config`, as DuckDB prints it (or the error).
std::string EngineSetting(const std::string& name,
                          const std::map<std::string, std::string>& config = {}) {
  auto engine = DuckDbEngine::Open("", config);
  if (!engine.ok()) return engine.status().ToString();
  auto conn = (*engine)->Connect();
  if (!conn.ok()) return conn.status().ToString();
  auto rows = (*conn)->QueryText("SELECT current_setting('" + name + "')::VARCHAR");
  if (!rows.ok()) return rows.status().ToString();
  return rows->at(0).at(0).value_or("NULL");
}

// One engine per Parquet answer: each is bounded, not DuckDB's 80% of the machine.
TEST_F(DuckDbEngineTest, MemoryIsBoundedByDefaultAndConfigurable) {
  EXPECT_EQ(EngineSetting("memory_limit"), "488.2 MiB");  // 512 MB as DuckDB prints it
  EXPECT_EQ(EngineSetting("memory_limit", {{"memory_limit", "1GB"}}), "953.6 MiB");
}

// What does not fit in memory spills under the system's temp dir, one directory per engine.
TEST_F(DuckDbEngineTest, InMemoryEnginesSpillToTheirOwnTempDirectory) {
  const std::string a = EngineSetting("temp_directory");
  const std::string b = EngineSetting("temp_directory");
  const std::string prefix = (fs::temp_directory_path() / "trib-duckdb-").string();
  EXPECT_EQ(a.rfind(prefix, 0), 0u) << a;
  EXPECT_EQ(b.rfind(prefix, 0), 0u) << b;
  EXPECT_NE(a, b);
}

TEST_F(DuckDbEngineTest, MissingDirectoryLeavesNothing) {
  const fs::path missing = dir_ / "no-such-dir" / "out.parquet";
  StreamHandle in;
  SampleStream(in.get());
  Status status = engine_->WriteFile(in.get(), missing.string(), FileFormat::kParquet);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.field(), "path");
  EXPECT_FALSE(in.valid()) << "the stream is released on failure too";
  EXPECT_TRUE(DirEntries().empty());
}

TEST_F(DuckDbEngineTest, SourceErrorMidwayLeavesNoFileAndNoTmpFile) {
  for (FileFormat format : {FileFormat::kParquet, FileFormat::kCsv, FileFormat::kJson}) {
    const std::string path = (dir_ / ("broken." + std::string(FileFormatName(format)))).string();
    StreamHandle in;
    SampleStream(in.get(), /*fail_at=*/1);
    Status status = engine_->WriteFile(in.get(), path, format);
    EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
    EXPECT_EQ(status.field(), "stream");
    EXPECT_NE(status.message().find("the source database went away"), std::string::npos)
        << status.message();
    EXPECT_TRUE(DirEntries().empty()) << FileFormatName(format) << ": " << DirEntries().size();
  }
}

// Batches of one int64 column, forever.
class EndlessReader : public BatchReader {
 public:
  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(builder_.schema(), out);
    return Status::Ok();
  }
  Status Next(ArrowArray* out) override {
    for (int i = 0; i < 1000; ++i) {
      builder_.column(0).AppendFixed<int64_t>(next_++);
      builder_.FinishRow();
    }
    builder_.Finish(out);
    return Status::Ok();
  }

 private:
  BatchBuilder builder_{{{"n", ColumnType::Of(TypeId::kInt64)}}};
  int64_t next_ = 0;
};

TEST_F(DuckDbEngineTest, CancelStopsAWriteAndLeavesNothing) {
  WriteFileOptions options;
  options.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = options.cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    token->Cancel();
  });
  StreamHandle in;
  ExportStream(std::make_unique<EndlessReader>(), in.get());
  Status status = engine_->WriteFile(in.get(), (dir_ / "endless.parquet").string(),
                                     FileFormat::kParquet, options);
  canceller.join();
  EXPECT_EQ(status.code(), StatusCode::kCancelled) << status.ToString();
  EXPECT_TRUE(DirEntries().empty());
}

TEST_F(DuckDbEngineTest, OverwritesAnExistingFileWhole) {
  const std::string path = (dir_ / "again.csv").string();
  for (int i = 0; i < 2; ++i) {
    StreamHandle in;
    SampleStream(in.get());
    ASSERT_TRUE(engine_->WriteFile(in.get(), path, FileFormat::kCsv).ok());
  }
  StreamHandle out;
  ASSERT_TRUE(engine_->ReadFile(path, FileFormat::kCsv, out.get(), {SampleSchema()}).ok());
  auto got = ReadContents(out.get());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->rows, 7);
  EXPECT_EQ(DirEntries().size(), 1u);
}

TEST_F(DuckDbEngineTest, ZeroRowsKeepTheSchema) {
  const std::string path = (dir_ / "empty.parquet").string();
  StreamHandle in;
  ExportStream(std::make_unique<BatchListReader>(SampleSchema(), std::vector<ArrayHandle>{}),
               in.get());
  ASSERT_TRUE(engine_->WriteFile(in.get(), path, FileFormat::kParquet).ok());
  StreamHandle out;
  ASSERT_TRUE(engine_->ReadFile(path, FileFormat::kParquet, out.get()).ok());
  auto got = ReadContents(out.get());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->rows, 0);
  EXPECT_EQ(got->formats, DuckDbFormats(SampleContents().formats));
}

TEST_F(DuckDbEngineTest, ReadStreamsBatchesAndOutlivesTheEngine) {
  const std::string path = (dir_ / "many.parquet").string();
  {
    auto conn = engine_->Connect();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->Execute("COPY (SELECT range AS n FROM range(100000)) TO '" + path +
                              "' (FORMAT parquet)")
                    .ok());
  }
  StreamHandle out;
  ASSERT_TRUE(engine_->ReadFile(path, FileFormat::kParquet, out.get()).ok());
  engine_.reset();
  auto got = ReadContents(out.get());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->rows, 100000);
  EXPECT_GT(got->batches, 10) << "rows come in batches, not all at once";
  EXPECT_LE(got->largest_batch, 2048);
  EXPECT_EQ(got->columns[0][99999], "99999");
}

TEST_F(DuckDbEngineTest, ReadingAMissingFileIsNotFound) {
  StreamHandle out;
  Status status =
      engine_->ReadFile((dir_ / "absent.parquet").string(), FileFormat::kParquet, out.get());
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.field(), "path");
  EXPECT_FALSE(out.valid());
}

TEST_F(DuckDbEngineTest, ReadingAFileOfAnotherFormatFailsClearly) {
  const std::string path = (dir_ / "plain.csv").string();
  StreamHandle in;
  SampleStream(in.get());
  ASSERT_TRUE(engine_->WriteFile(in.get(), path, FileFormat::kCsv).ok());
  StreamHandle out;
  Status status = engine_->ReadFile(path, FileFormat::kParquet, out.get());
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.field(), "path");
  EXPECT_NE(status.message().find("plain.csv"), std::string::npos) << status.message();
}

TEST(DuckDbTypeNameTest, MapsTributaryTypes) {
  EXPECT_EQ(DuckDbTypeName(ColumnType::Decimal(12, 2)), "DECIMAL(12,2)");
  EXPECT_EQ(DuckDbTypeName(ColumnType::Timestamp("UTC")), "TIMESTAMPTZ");
  EXPECT_EQ(DuckDbTypeName(ColumnType::Timestamp("")), "TIMESTAMP");
  EXPECT_EQ(DuckDbTypeName(ColumnType::List(ColumnType::Of(TypeId::kInt32))), "INTEGER[]");
  EXPECT_EQ(DuckDbTypeName(ColumnType::Of(TypeId::kBinary)), "BLOB");
}

}  // namespace
}  // namespace trib::engine
