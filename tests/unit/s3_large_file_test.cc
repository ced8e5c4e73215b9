// A write and read of an s3 source larger than one part, through the connector against the
// lax moto_server (with_moto_lax.sh): the encoded file goes up in parts while DuckDB still
// encodes it, and the read spools it over several ranged GETs; every value must come back.
// Skipped without the server, failed under CI=true.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "columnar/arrow_handles.h"
#include "columnar/batch_builder.h"
#include "common/random.h"
#include "connectors/s3/s3_connector.h"
#include "test_service.h"

namespace trib::testing {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

constexpr int64_t kRows = 400000;
constexpr size_t kNameBytes = 32;

// Row i's name: 32 random characters (about 24 bytes of Parquet each, so 400,000 rows make
// about 10 MB, more than one 8 MiB part).
std::string NameOf(int64_t row) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-";
  std::string name(kNameBytes, ' ');
  uint64_t x = static_cast<uint64_t>(row) * 0x9e3779b97f4a7c15ULL + 1;
  for (char& c : name) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = kAlphabet[x & 63];
  }
  return name;
}

class NameRows final : public BatchReader {
 public:
  static Schema Columns() {
    return {{"id", ColumnType::Of(TypeId::kInt64), false}, {"name", ColumnType::Of(TypeId::kUtf8)}};
  }
  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(Columns(), out);
    return Status::Ok();
  }
  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    if (next_ >= kRows) return Status::Ok();
    BatchBuilder batch(Columns());
    for (; next_ < kRows; ++next_) {
      batch.column(0).AppendFixed<int64_t>(next_);
      const std::string name = NameOf(next_);
      batch.column(1).AppendBytes(name.data(), name.size());
      if (batch.FinishRow()) {
        ++next_;
        break;
      }
    }
    batch.Finish(out);
    return Status::Ok();
  }

 private:
  int64_t next_ = 0;
};

TEST(S3LargeFileTest, AWriteOfManyPartsStreamsUpAndReadsBackEveryValue) {
  const std::string url = Env("TRIB_TEST_MOTO_LAX_URL");
  if (url.empty()) {
    if (Env("CI") == "true") FAIL() << "moto is not running (required under CI)";
    GTEST_SKIP() << "run under tests/scripts/with_moto_lax.sh";
  }
  TempDir temp;
  DataSource definition;
  definition.name = "lake";
  definition.type = "s3";
  definition.config =
      Json{{"bucket", Env("TRIB_TEST_MOTO_LAX_BUCKET")},
           {"path", "large-" + RandomHex(6) + "/"},
           {"region", "us-east-1"},
           {"arguments", {{"fs.s3a.endpoint", url}, {"fs.s3a.path.style.access", "true"}}}};
  const std::map<std::string, std::string> secrets = {{"/access_key", "lax"},
                                                      {"/secret_key", "lax"}};
  const ConnectorEnvironment environment;
  ConnectorInput input{.definition = definition, .secrets = secrets, .environment = environment};
  input.authorize_role = [](const std::string&) { return Status::Ok(); };
  input.temp_dir = (temp.path() / "tmp").string();
  auto connector = MakeS3Connector(input);
  ASSERT_TRUE(connector.ok()) << connector.status().ToString();

  WriteRequest write;
  write.path = "big/data.parquet";
  write.rows = [](ArrowArrayStream* out) {
    ExportStream(std::make_unique<NameRows>(), out);
    return Status::Ok();
  };
  auto written = (*connector)->Write(write);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->rows, kRows);
  EXPECT_GT(written->bytes, int64_t{8} << 20) << "the file must span more than one part";

  ReadRequest read;
  read.payload = FileRead{.path = "big/data.parquet"};
  auto reader = (*connector)->Read(read);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  int64_t rows = 0;
  int64_t wrong = 0;
  while (true) {
    ArrayHandle batch;
    ASSERT_TRUE((*reader)->Next(batch.get()).ok());
    if (!batch.valid()) break;
    const ArrowArray* ids = batch->children[0];
    const ArrowArray* names = batch->children[1];
    const auto* id = static_cast<const int64_t*>(ids->buffers[1]) + ids->offset;
    const auto* offsets = static_cast<const int32_t*>(names->buffers[1]) + names->offset;
    const auto* chars = static_cast<const char*>(names->buffers[2]);
    for (int64_t i = 0; i < batch->length; ++i) {
      const std::string_view name(chars + offsets[i],
                                  static_cast<size_t>(offsets[i + 1] - offsets[i]));
      if (id[i] != rows || name != NameOf(id[i])) ++wrong;
      ++rows;
    }
  }
  reader->reset();
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(wrong, 0) << "values came back different or out of order";
  // Nothing of the write or the read is left in the temp dir.
  std::error_code ec;
  int left = 0;
  for (auto it = fs::recursive_directory_iterator(input.temp_dir, ec);
       it != fs::recursive_directory_iterator(); ++it) {
    ++left;
  }
  EXPECT_EQ(left, 0);
}

}  // namespace
}  // namespace trib::testing
