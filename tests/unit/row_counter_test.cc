#include "clientlib/row_counter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "columnar/arrow_handles.h"
#include "columnar/batch_builder.h"
#include "columnar/column_type.h"
#include "columnar/ipc_writer.h"

namespace trib::cli {
namespace {

// A real Arrow IPC stream: batches of `sizes` rows (an int32 and a string column, so bodies
// have several buffers), then the end-of-stream marker.
std::string IpcStream(const std::vector<int>& sizes) {
  std::string bytes;
  IpcStreamWriter writer([&bytes](const void* data, size_t size) {
    bytes.append(static_cast<const char*>(data), size);
    return Status::Ok();
  });
  const Schema schema = {{"n", ColumnType::Of(TypeId::kInt32)},
                         {"s", ColumnType::Of(TypeId::kUtf8)}};
  SchemaHandle exported;
  ExportSchema(schema, exported.get());
  EXPECT_TRUE(writer.Begin(*exported).ok());
  for (int size : sizes) {
    BatchBuilder builder(schema);
    for (int i = 0; i < size; ++i) {
      builder.column(0).AppendFixed<int32_t>(i);
      const std::string text(static_cast<size_t>(i % 13), 'x');
      builder.column(1).AppendBytes(text.data(), text.size());
      builder.FinishRow();
    }
    ArrayHandle batch;
    builder.Finish(batch.get());
    EXPECT_TRUE(writer.WriteBatch(*batch).ok());
  }
  EXPECT_TRUE(writer.End().ok());
  return bytes;
}

// Feeds `bytes` in chunks of the given sizes (the last one takes the rest) and checks the count
// never goes down nor past the total.
int64_t CountInChunks(const std::string& bytes, const std::vector<size_t>& chunks) {
  RowCounter counter(OutputFormat::kArrow);
  size_t at = 0;
  int64_t last = 0;
  for (size_t chunk : chunks) {
    const size_t n = std::min(chunk, bytes.size() - at);
    counter.Feed(bytes.data() + at, n);
    at += n;
    EXPECT_GE(counter.rows(), last);
    last = counter.rows();
  }
  counter.Feed(bytes.data() + at, bytes.size() - at);
  return counter.rows();
}

const std::vector<int> kBatches = {5, 0, 1, 300, 17};
constexpr int64_t kRows = 5 + 0 + 1 + 300 + 17;

TEST(RowCounterTest, ArrowStreamInOneChunk) {
  const std::string bytes = IpcStream(kBatches);
  EXPECT_EQ(CountInChunks(bytes, {bytes.size()}), kRows);
}

TEST(RowCounterTest, ArrowStreamOneByteAtATime) {
  const std::string bytes = IpcStream(kBatches);
  EXPECT_EQ(CountInChunks(bytes, std::vector<size_t>(bytes.size(), 1)), kRows);
}

TEST(RowCounterTest, ArrowStreamSplitAtEveryPosition) {
  // Covers a split inside every continuation marker, length prefix, metadata and body.
  const std::string bytes = IpcStream({3, 4});
  for (size_t split = 0; split <= bytes.size(); ++split) {
    ASSERT_EQ(CountInChunks(bytes, {split}), 7) << "split at byte " << split;
  }
}

TEST(RowCounterTest, ArrowStreamInRandomChunks) {
  const std::string bytes = IpcStream(kBatches);
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<size_t> size(1, seed % 2 == 0 ? 16 : 700);
    std::vector<size_t> chunks;
    for (size_t total = 0; total < bytes.size(); total += chunks.back()) {
      chunks.push_back(size(random));
    }
    ASSERT_EQ(CountInChunks(bytes, chunks), kRows) << "seed " << seed;
  }
}

TEST(RowCounterTest, ArrowCountsOnlyCompleteBatchHeaders) {
  const std::string one = IpcStream({9});
  const std::string two = IpcStream({9, 4});
  // The second stream's bytes up to the end of the first batch's body give its 9 rows; the
  // second batch counts once its metadata has arrived.
  const size_t end_marker = 8;
  RowCounter counter(OutputFormat::kArrow);
  counter.Feed(two.data(), one.size() - end_marker);
  EXPECT_EQ(counter.rows(), 9);
  counter.Feed(two.data() + one.size() - end_marker, 4);  // half the next prefix
  EXPECT_EQ(counter.rows(), 9);
  counter.Feed(two.data() + one.size() - end_marker + 4,
               two.size() - (one.size() - end_marker + 4));
  EXPECT_EQ(counter.rows(), 13);
}

}  // namespace
}  // namespace trib::cli
