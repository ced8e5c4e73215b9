#include "columnar/ipc_writer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "arrow_test_columns.h"
#include "columnar/arrow_handles.h"
#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"
#include "columnar/ipc_reader.h"
#include "columnar/jsonl_writer.h"

namespace trib {
namespace {

using testing::EveryTypeColumns;
using testing::MakeBatch;
using testing::Slicer;

ByteSink StringSink(std::string* out) {
  return [out](const void* data, size_t size) {
    out->append(static_cast<const char*>(data), size);
    return Status::Ok();
  };
}

// The JSON lines of a batch: an independent rendering of every value to compare with.
std::string Jsonl(const ArrowSchema& schema, const ArrowArray& batch) {
  std::string out;
  JsonlWriter writer(StringSink(&out));
  EXPECT_TRUE(writer.Begin(schema).ok());
  const Status st = writer.WriteBatch(batch);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(writer.End().ok());
  return out;
}

std::string WriteIpc(const ArrowSchema& schema, const std::vector<const ArrowArray*>& batches) {
  std::string out;
  IpcStreamWriter writer(StringSink(&out));
  Status st = writer.Begin(schema);
  EXPECT_TRUE(st.ok()) << st.ToString();
  for (const ArrowArray* b : batches) {
    st = writer.WriteBatch(*b);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_TRUE(writer.End().ok());
  return out;
}

struct ReadBack {
  SchemaHandle schema;
  std::vector<ArrayHandle> batches;
  Status status;
};

ReadBack ReadIpc(const std::string& bytes, IpcReadLimits limits = {}) {
  ReadBack r;
  auto reader = OpenIpcStream(MemorySource(bytes), limits);
  if (!reader.ok()) {
    r.status = reader.status();
    return r;
  }
  r.status = (*reader)->GetSchema(r.schema.get());
  while (r.status.ok()) {
    ArrayHandle batch;
    r.status = (*reader)->Next(batch.get());
    if (!r.status.ok() || !batch.valid()) break;
    r.batches.push_back(std::move(batch));
  }
  return r;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines, size_t from, size_t count) {
  std::string out;
  for (size_t i = from; i < from + count; ++i) out += lines[i] + "\n";
  return out;
}

const ArrowSchema* ChildNamed(const ArrowSchema& schema, const std::string& name) {
  for (int64_t i = 0; i < schema.n_children; ++i) {
    if (name == schema.children[i]->name) return schema.children[i];
  }
  return nullptr;
}

std::string FormatOf(const ArrowSchema& schema, const std::string& name) {
  const ArrowSchema* child = ChildNamed(schema, name);
  return child != nullptr ? child->format : "(missing)";
}

TEST(IpcWriterTest, StreamFramingFollowsTheSpecification) {
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  const std::string bytes = WriteIpc(*schema, {batch.get()});
  ASSERT_GE(bytes.size(), 16u);
  EXPECT_EQ(bytes.size() % 8, 0u) << "messages and bodies are padded to 8 bytes";
  uint32_t words[2];
  std::memcpy(words, bytes.data(), 8);
  EXPECT_EQ(words[0], 0xFFFFFFFFu) << "continuation marker";
  EXPECT_EQ(words[1] % 8, 0u) << "metadata length keeps the body 8-byte aligned";
  std::memcpy(words, bytes.data() + bytes.size() - 8, 8);
  EXPECT_EQ(words[0], 0xFFFFFFFFu);
  EXPECT_EQ(words[1], 0u) << "end-of-stream marker";
}

TEST(IpcWriterTest, RoundTripsEveryTypeWithNulls) {
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  const std::string expected = Jsonl(*schema, *batch);
  ASSERT_EQ(Lines(expected).size(), 5u);

  const ReadBack back = ReadIpc(WriteIpc(*schema, {batch.get(), batch.get()}));
  ASSERT_TRUE(back.status.ok()) << back.status.ToString();
  ASSERT_EQ(back.batches.size(), 2u);
  ASSERT_EQ(back.schema->n_children, schema->n_children);
  for (int64_t i = 0; i < schema->n_children; ++i) {
    const std::string name = schema->children[i]->name;
    const std::string format = schema->children[i]->format;
    // String views travel as utf8; everything else keeps its type.
    EXPECT_EQ(FormatOf(*back.schema, name), format == "vu" ? "u" : format) << name;
    EXPECT_EQ(back.schema->children[i]->flags & ARROW_FLAG_NULLABLE, ARROW_FLAG_NULLABLE) << name;
  }
  // Nested names and nullability survive too (map keys are non-nullable).
  const ArrowSchema* map = ChildNamed(*back.schema, "map");
  ASSERT_NE(map, nullptr);
  ASSERT_EQ(map->n_children, 1);
  EXPECT_STREQ(map->children[0]->name, "entries");
  EXPECT_STREQ(map->children[0]->children[0]->name, "key");
  EXPECT_EQ(map->children[0]->children[0]->flags & ARROW_FLAG_NULLABLE, 0);
  for (const ArrayHandle& b : back.batches) {
    EXPECT_EQ(b->length, 5);
    EXPECT_EQ(Jsonl(*back.schema, *b), expected);
  }
  // Null counts are carried exactly.
  for (int64_t i = 0; i < batch->n_children; ++i) {
    EXPECT_EQ(back.batches[0]->children[i]->null_count, batch->children[i]->null_count)
        << schema->children[i]->name;
  }
}

TEST(IpcWriterTest, RoundTripsSlicesAtAnyBitOffset) {
  // 40 rows of builder-made columns, then windows that start mid-byte in every bitmap.
  Schema columns = {{"flag", ColumnType::Of(TypeId::kBool)},
                    {"n", ColumnType::Of(TypeId::kInt32)},
                    {"s", ColumnType::Of(TypeId::kUtf8)},
                    {"l", ColumnType::List(ColumnType::Of(TypeId::kInt64))},
                    {"d", ColumnType::Decimal(10, 3)}};
  BatchBuilder builder(columns);
  for (int r = 0; r < 40; ++r) {
    if (r % 3 == 0) {
      builder.column(0).AppendNull();
    } else {
      builder.column(0).AppendBool(r % 2 == 0);
    }
    if (r % 5 == 0) {
      builder.column(1).AppendNull();
    } else {
      builder.column(1).AppendFixed<int32_t>(r * 7);
    }
    const std::string s(static_cast<size_t>(r % 4), static_cast<char>('a' + r % 26));
    if (r % 7 == 0) {
      builder.column(2).AppendNull();
    } else {
      builder.column(2).AppendBytes(s.data(), s.size());
    }
    ColumnBuilder& list = builder.column(3);
    if (r % 6 == 0) {
      list.AppendNull();
    } else {
      for (int k = 0; k < r % 3; ++k) list.element().AppendFixed<int64_t>(r * 100 + k);
      list.FinishListRow();
    }
    builder.column(4).AppendFixed<testing::Int128>(r * 1001 - 7000);
    builder.FinishRow();
  }
  SchemaHandle schema;
  ExportSchema(columns, schema.get());
  ArrayHandle batch;
  builder.Finish(batch.get());
  const std::vector<std::string> all = Lines(Jsonl(*schema, *batch));
  ASSERT_EQ(all.size(), 40u);

  Slicer slicer;
  struct Case {
    int64_t offset, length, child_offset;
  };
  for (const Case c :
       {Case{3, 20, 0}, Case{8, 16, 0}, Case{5, 20, 3}, Case{0, 0, 0}, Case{1, 1, 9}}) {
    const ArrowArray* slice = slicer.SliceBatch(*batch, c.offset, c.length, c.child_offset);
    const std::string expected =
        Join(all, static_cast<size_t>(c.offset + c.child_offset), static_cast<size_t>(c.length));
    ASSERT_EQ(Jsonl(*schema, *slice), expected) << "the JSON writer reads slices too";
    const ReadBack back = ReadIpc(WriteIpc(*schema, {slice}));
    ASSERT_TRUE(back.status.ok()) << back.status.ToString();
    ASSERT_EQ(back.batches.size(), 1u);
    EXPECT_EQ(back.batches[0]->length, c.length);
    EXPECT_EQ(Jsonl(*back.schema, *back.batches[0]), expected)
        << "offset " << c.offset << " child offset " << c.child_offset;
    // Offsets are rebased to start at 0 and null counts recounted for the window.
    const ArrowArray& s = *back.batches[0]->children[2];
    if (c.length > 0) {
      EXPECT_EQ(static_cast<const int32_t*>(s.buffers[1])[0], 0);
    }
    int64_t nulls = 0;
    for (int64_t r = 0; r < c.length; ++r) nulls += (c.offset + c.child_offset + r) % 7 == 0;
    EXPECT_EQ(s.null_count, nulls);
  }
}

TEST(IpcWriterTest, SlicedEveryTypeBatchRoundTrips) {
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  const std::vector<std::string> all = Lines(Jsonl(*schema, *batch));
  Slicer slicer;
  const ArrowArray* slice = slicer.SliceBatch(*batch, 1, 3, 1);  // rows 2..4
  const ReadBack back = ReadIpc(WriteIpc(*schema, {slice}));
  ASSERT_TRUE(back.status.ok()) << back.status.ToString();
  ASSERT_EQ(back.batches.size(), 1u);
  EXPECT_EQ(Jsonl(*back.schema, *back.batches[0]), Join(all, 2, 3));
}

TEST(IpcWriterTest, WriteIpcStreamReportsProgressAndRoundTripsAStream) {
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  const std::string expected = Jsonl(*schema, *batch);
  const std::string bytes = WriteIpc(*schema, {batch.get(), batch.get(), batch.get()});

  // Through the C stream interface both ways: reader -> ArrowArrayStream -> writer.
  StreamHandle stream;
  ASSERT_TRUE(ReadIpcStream(MemorySource(bytes), stream.get()).ok());
  std::string copy;
  std::vector<std::pair<int64_t, int64_t>> progress;
  const Status st = WriteIpcStream(stream.get(), StringSink(&copy), [&](int64_t rows, int64_t b) {
    progress.emplace_back(rows, b);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress[0].first, 5);
  EXPECT_EQ(progress[2].first, 15);
  EXPECT_LT(progress[0].second, progress[1].second);
  EXPECT_EQ(copy, bytes) << "writing what was read gives the same bytes";
  EXPECT_EQ(progress[2].second + 8, static_cast<int64_t>(copy.size())) << "all but the end marker";
}

TEST(IpcWriterTest, SinkErrorsStopTheWriter) {
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  int calls = 0;
  IpcStreamWriter writer([&calls](const void*, size_t) {
    return ++calls > 1 ? Status::Cancelled("client went away") : Status::Ok();
  });
  ASSERT_TRUE(writer.Begin(*schema).ok());
  const Status st = writer.WriteBatch(*batch);
  EXPECT_EQ(st.code(), StatusCode::kCancelled);
}

TEST(IpcWriterTest, RefusesWhatItCannotWrite) {
  SchemaHandle schema;
  {
    ArrowField not_struct = testing::Field("x", "i");
    ExportField(not_struct, schema.get());
    IpcStreamWriter writer([](const void*, size_t) { return Status::Ok(); });
    const Status st = writer.Begin(*schema);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(st.message().find("struct"), std::string::npos) << st.message();
  }
  {
    // A union column: named in the error.
    ArrowSchema child{};
    child.format = "+us:0";
    child.name = "u";
    ArrowSchema* children[] = {&child};
    ArrowSchema root{};
    root.format = "+s";
    root.name = "";
    root.n_children = 1;
    root.children = children;
    IpcStreamWriter writer([](const void*, size_t) { return Status::Ok(); });
    const Status st = writer.Begin(root);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(st.field(), "u");
    EXPECT_NE(st.message().find("union"), std::string::npos) << st.message();
  }
  {
    // A dictionary-encoded column.
    ArrowSchema dict{};
    dict.format = "u";
    dict.name = "";
    ArrowSchema child{};
    child.format = "i";
    child.name = "cat";
    child.dictionary = &dict;
    ArrowSchema* children[] = {&child};
    ArrowSchema root{};
    root.format = "+s";
    root.name = "";
    root.n_children = 1;
    root.children = children;
    IpcStreamWriter writer([](const void*, size_t) { return Status::Ok(); });
    const Status st = writer.Begin(root);
    EXPECT_EQ(st.field(), "cat");
    EXPECT_NE(st.message().find("dictionary"), std::string::npos) << st.message();
  }
}

// ---- the reader on bad input ----

std::string ValidStream() {
  SchemaHandle schema;
  ArrayHandle batch;
  MakeBatch(EveryTypeColumns(), &schema, &batch);
  return WriteIpc(*schema, {batch.get()});
}

TEST(IpcReaderTest, TruncatedStreamsFailClearly) {
  const std::string bytes = ValidStream();
  // Cut at every 8th byte: never a crash; a cut inside a message is an error naming the part.
  int errors = 0;
  for (size_t cut = 1; cut < bytes.size() - 8; cut += 8) {
    const ReadBack back = ReadIpc(bytes.substr(0, cut));
    if (!back.status.ok()) {
      ++errors;
      EXPECT_EQ(back.status.code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(back.status.field(), "stream");
      EXPECT_NE(back.status.message().find("Arrow IPC"), std::string::npos)
          << back.status.message();
    }
  }
  EXPECT_GT(errors, 0);
  const ReadBack cut = ReadIpc(bytes.substr(0, bytes.size() - 24));
  EXPECT_NE(cut.status.message().find("truncated"), std::string::npos) << cut.status.message();
  // Ending between messages (no end marker) is a clean end, as in other Arrow readers.
  const ReadBack no_marker = ReadIpc(bytes.substr(0, bytes.size() - 8));
  EXPECT_TRUE(no_marker.status.ok()) << no_marker.status.ToString();
  EXPECT_EQ(no_marker.batches.size(), 1u);
}

TEST(IpcReaderTest, CorruptBytesNeverCrashTheReader) {
  const std::string bytes = ValidStream();
  // The metadata of the schema and batch messages (where sizes, offsets and types live):
  // every byte in turn flipped; the body (plain values): every 7th byte. The reader must
  // reject or read each stream, never crash or read out of bounds (ASan watches), and what
  // it accepts must be renderable.
  uint32_t schema_size = 0;
  uint32_t batch_size = 0;
  std::memcpy(&schema_size, bytes.data() + 4, 4);
  std::memcpy(&batch_size, bytes.data() + 8 + schema_size + 4, 4);
  const size_t metadata_end = 16 + schema_size + batch_size;
  ASSERT_LT(metadata_end, bytes.size());
  int rejected = 0;
  for (size_t i = 0; i < bytes.size(); i += i < metadata_end ? 1 : 7) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0xA5);
    const ReadBack back = ReadIpc(bad);
    if (!back.status.ok()) {
      ++rejected;
      continue;
    }
    for (const ArrayHandle& b : back.batches) (void)Jsonl(*back.schema, *b);
  }
  EXPECT_GT(rejected, 50);
}

TEST(IpcReaderTest, LimitsBoundWhatAMessageCanAsk) {
  const std::string bytes = ValidStream();
  IpcReadLimits small;
  small.max_body_bytes = 64;
  ReadBack back = ReadIpc(bytes, small);
  EXPECT_EQ(back.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(back.status.message().find("limit 64"), std::string::npos) << back.status.message();

  small = {};
  small.max_metadata_bytes = 32;
  back = ReadIpc(bytes, small);
  EXPECT_NE(back.status.message().find("bytes of metadata"), std::string::npos)
      << back.status.message();

  // A message claiming 2 GiB of metadata is refused before anything is allocated.
  std::string huge("\xff\xff\xff\xff\xf8\xff\xff\x7f", 8);
  back = ReadIpc(huge);
  EXPECT_NE(back.status.message().find("bytes of metadata"), std::string::npos);
}

TEST(IpcReaderTest, RejectsNonArrowInput) {
  ReadBack back = ReadIpc("");
  EXPECT_NE(back.status.message().find("ends before its schema"), std::string::npos);
  back = ReadIpc("PAR1 this is not an arrow stream at all....");
  EXPECT_EQ(back.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(back.status.field(), "stream");
}

TEST(IpcReaderTest, ReadsFromAFile) {
  const std::string bytes = ValidStream();
  const std::string path = ::testing::TempDir() + "/ipc_reader_test.arrow";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  auto source = FileSource(path);
  ASSERT_TRUE(source.ok());
  StreamHandle stream;
  ASSERT_TRUE(ReadIpcStream(*source, stream.get()).ok());
  StreamReader reader(stream.get());
  ArrayHandle batch;
  ASSERT_TRUE(reader.Next(batch.get()).ok());
  EXPECT_EQ(batch->length, 5);
  std::remove(path.c_str());
  auto missing = FileSource(path + ".missing");
  EXPECT_EQ(missing.status().field(), "file");
}

}  // namespace
}  // namespace trib
