// Spooling remote objects for a read (connectors/files/spool): how objects are cut into
// ranges, that parallel ranges reassemble every byte exactly, and that a failed or cancelled
// range stops the rest and leaves no spool file behind. Against an in-memory store.
#include "connectors/files/spool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>

#include "test_service.h"

namespace trib::files {
namespace {

namespace fs = std::filesystem;
using objectstore::ObjectInfo;

// Objects in memory; ReadRangeTo is the interface's default (ReadRange pieces). Counts ranges
// and can fail one key or run a hook on every read.
class MemoryStore final : public objectstore::ObjectStore {
 public:
  std::map<std::string, std::string> objects;
  std::string failing_key;        // ReadRange of it fails (kUnavailable)
  std::function<void()> on_read;  // called on every ReadRange
  std::atomic<int> reads{0};

  std::string_view kind() const override { return "memory"; }
  const objectstore::StoreQuirks& quirks() const override {
    static const objectstore::StoreQuirks kQuirks;
    return kQuirks;
  }
  Result<objectstore::ListPage> List(const objectstore::ListRequest&) override {
    return objectstore::ListPage{};
  }
  Result<ObjectInfo> Stat(std::string_view key) override {
    auto it = objects.find(std::string(key));
    if (it == objects.end()) return Status(StatusCode::kNotFound, "missing", "path");
    return ObjectInfo{.key = it->first, .size = static_cast<int64_t>(it->second.size())};
  }
  Result<std::string> ReadRange(std::string_view key, int64_t offset, int64_t length) override {
    ++reads;
    if (on_read) on_read();
    if (key == failing_key) return Status::Unavailable("the store broke on '" + failing_key + "'");
    auto it = objects.find(std::string(key));
    if (it == objects.end()) return Status(StatusCode::kNotFound, "missing", "path");
    if (offset >= static_cast<int64_t>(it->second.size())) return std::string();
    return it->second.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  Result<std::unique_ptr<objectstore::ObjectWriter>> Write(
      std::string_view, const objectstore::WriteOptions&) override {
    return Status::FailedPrecondition("read-only");
  }
  Status Delete(std::string_view) override { return Status::FailedPrecondition("read-only"); }

  std::vector<ObjectInfo> Infos() const {
    std::vector<ObjectInfo> out;
    for (const auto& [key, bytes] : objects) {
      out.push_back({.key = key, .size = static_cast<int64_t>(bytes.size())});
    }
    return out;
  }
};

std::string Pattern(size_t size, uint32_t seed) {
  std::string out(size, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xFF);
  }
  return out;
}

std::string ReadAll(const objectstore::LocalFile& file) {
  std::string out;
  char buffer[65536];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(file.fd(), buffer, sizeof buffer, at);
    if (n <= 0) return out;
    out.append(buffer, static_cast<size_t>(n));
    at += n;
  }
}

bool Empty(const fs::path& dir) { return fs::is_empty(dir); }

TEST(SpoolTest, RangesCoverEveryObjectEvenlyAndKeepEveryConnectionBusy) {
  const std::vector<ObjectInfo> objects = {{.key = "a", .size = 1000},
                                           {.key = "b", .size = 0},
                                           {.key = "c", .size = 250},
                                           {.key = "d", .size = 2501}};
  const SpoolPlan plan{.connections = 4, .min_range_bytes = 100};
  const std::vector<SpoolRange> ranges = PlanRanges(objects, plan);
  // 3751 bytes over 4 connections: ranges of at most 938 bytes, cut evenly per object.
  std::map<size_t, int64_t> covered;
  int64_t largest = 0;
  for (const SpoolRange& range : ranges) {
    EXPECT_EQ(range.offset, covered[range.object]) << "ranges follow each other in order";
    covered[range.object] += range.length;
    largest = std::max(largest, range.length);
  }
  EXPECT_EQ(covered[0], 1000);
  EXPECT_EQ(covered.count(1), 0u) << "an empty object needs no request";
  EXPECT_EQ(covered[2], 250);
  EXPECT_EQ(covered[3], 2501);
  EXPECT_LE(largest, 938);
  EXPECT_EQ(ranges.size(), 2u + 1u + 3u);
  // Never below the minimum: small reads are one request per object.
  const std::vector<SpoolRange> few =
      PlanRanges(objects, {.connections = 4, .min_range_bytes = 1 << 20});
  EXPECT_EQ(few.size(), 3u);
}

TEST(SpoolTest, ParallelRangesReassembleEveryObjectExactly) {
  trib::testing::TempDir dir;
  MemoryStore store;
  for (size_t i = 0; i < 7; ++i) {
    store.objects["o" + std::to_string(i)] =
        Pattern(1000 * i * i + 7 * i, static_cast<uint32_t>(i + 1));
  }
  const std::vector<ObjectInfo> infos = store.Infos();
  auto files = SpoolObjects(
      store, infos,
      {.path_prefix = (dir.path() / "s-").string(), .connections = 8, .min_range_bytes = 1000});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    EXPECT_TRUE(ReadAll((*files)[i]) == store.objects[infos[i].key]) << infos[i].key;
  }
  EXPECT_GT(store.reads.load(), static_cast<int>(infos.size())) << "objects were cut in ranges";
  EXPECT_TRUE(Empty(dir.path())) << "spool files live as descriptors only";
}

TEST(SpoolTest, AFailedRangeStopsTheRestAndLeavesNoFile) {
  trib::testing::TempDir dir;
  MemoryStore store;
  for (size_t i = 0; i < 6; ++i) store.objects["o" + std::to_string(i)] = Pattern(50000, 9);
  store.failing_key = "o1";
  auto files = SpoolObjects(
      store, store.Infos(),
      {.path_prefix = (dir.path() / "s-").string(), .connections = 2, .min_range_bytes = 1000});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kUnavailable) << files.status().ToString();
  EXPECT_NE(files.status().message().find("o1"), std::string::npos)
      << "the cause is reported, not another range's stop: " << files.status().ToString();
  // One range per object (300000 bytes over 2 connections): the failure stopped the rest.
  EXPECT_LT(store.reads.load(), 6);
  EXPECT_TRUE(Empty(dir.path()));
}

TEST(SpoolTest, ACancelStopsEveryRangeAndLeavesNoFile) {
  trib::testing::TempDir dir;
  MemoryStore store;
  for (size_t i = 0; i < 4; ++i) store.objects["o" + std::to_string(i)] = Pattern(80000, 5);
  auto cancel = std::make_shared<CancelToken>();
  store.on_read = [&store, cancel] {
    if (store.reads >= 3) cancel->Cancel();
  };
  auto files = SpoolObjects(store, store.Infos(),
                            {.path_prefix = (dir.path() / "s-").string(),
                             .connections = 2,
                             .min_range_bytes = 1000,
                             .cancel = cancel});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kCancelled) << files.status().ToString();
  EXPECT_LT(store.reads.load(), 8);
  EXPECT_TRUE(Empty(dir.path()));
}

TEST(SpoolTest, AnObjectShorterThanListedFailsTheRead) {
  trib::testing::TempDir dir;
  MemoryStore store;
  store.objects["short"] = Pattern(3000, 2);
  std::vector<ObjectInfo> listed = store.Infos();
  listed[0].size = 5000;  // listed before it was replaced by a shorter one
  auto files = SpoolObjects(
      store, listed,
      {.path_prefix = (dir.path() / "s-").string(), .connections = 2, .min_range_bytes = 1000});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kFailedPrecondition) << files.status().ToString();
  EXPECT_EQ(files.status().field(), "path");
  EXPECT_TRUE(Empty(dir.path()));
}

}  // namespace
}  // namespace trib::files
