#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "columnar/arrow_handles.h"
#include "columnar/batch_builder.h"
#include "columnar/batch_reader.h"

namespace trib {
namespace {

bool IsValid(const ArrowArray& a, int64_t i) {
  if (a.buffers[0] == nullptr) return true;
  return (static_cast<const uint8_t*>(a.buffers[0])[i >> 3] >> (i & 7)) & 1;
}

TEST(ColumnBuilderTest, Int64WithNulls) {
  ColumnBuilder b(ColumnType::Of(TypeId::kInt64));
  b.AppendFixed<int64_t>(7);
  b.AppendNull();
  b.AppendFixed<int64_t>(-3);
  ArrayHandle out;
  b.Finish(out.get());
  ASSERT_EQ(out->length, 3);
  EXPECT_EQ(out->null_count, 1);
  ASSERT_EQ(out->n_buffers, 2);
  const auto* values = static_cast<const int64_t*>(out->buffers[1]);
  EXPECT_EQ(values[0], 7);
  EXPECT_EQ(values[2], -3);
  EXPECT_TRUE(IsValid(*out, 0));
  EXPECT_FALSE(IsValid(*out, 1));
  EXPECT_TRUE(IsValid(*out, 2));
  EXPECT_EQ(b.length(), 0) << "the builder starts over after Finish";
}

TEST(ColumnBuilderTest, Utf8OffsetsAndNoValidityWithoutNulls) {
  ColumnBuilder b(ColumnType::Of(TypeId::kUtf8));
  b.AppendBytes("ab", 2);
  b.AppendBytes("", 0);
  b.AppendBytes("cde", 3);
  ArrayHandle out;
  b.Finish(out.get());
  ASSERT_EQ(out->n_buffers, 3);
  EXPECT_EQ(out->buffers[0], nullptr);
  const auto* offsets = static_cast<const int32_t*>(out->buffers[1]);
  EXPECT_EQ(offsets[0], 0);
  EXPECT_EQ(offsets[1], 2);
  EXPECT_EQ(offsets[2], 2);
  EXPECT_EQ(offsets[3], 5);
  EXPECT_EQ(std::memcmp(out->buffers[2], "abcde", 5), 0);
}

TEST(ColumnBuilderTest, BooleansArePacked) {
  ColumnBuilder b(ColumnType::Of(TypeId::kBool));
  for (int i = 0; i < 10; ++i) {
    if (i == 4) {
      b.AppendNull();
    } else {
      b.AppendBool(i % 3 == 0);
    }
  }
  ArrayHandle out;
  b.Finish(out.get());
  const auto* bits = static_cast<const uint8_t*>(out->buffers[1]);
  for (int i = 0; i < 10; ++i) {
    if (i == 4) continue;
    EXPECT_EQ((bits[i >> 3] >> (i & 7)) & 1, i % 3 == 0 ? 1 : 0) << i;
  }
  EXPECT_FALSE(IsValid(*out, 4));
}

TEST(ColumnBuilderTest, ListOfInt32) {
  ColumnBuilder b(ColumnType::List(ColumnType::Of(TypeId::kInt32)));
  b.element().AppendFixed<int32_t>(1);
  b.element().AppendFixed<int32_t>(2);
  b.FinishListRow();
  b.AppendNull();
  b.FinishListRow();  // empty list
  ArrayHandle out;
  b.Finish(out.get());
  ASSERT_EQ(out->length, 3);
  ASSERT_EQ(out->n_children, 1);
  const auto* offsets = static_cast<const int32_t*>(out->buffers[1]);
  EXPECT_EQ(offsets[1], 2);
  EXPECT_EQ(offsets[2], 2);
  EXPECT_EQ(offsets[3], 2);
  EXPECT_EQ(out->children[0]->length, 2);
  EXPECT_FALSE(IsValid(*out, 1));
}

TEST(SchemaExportTest, FormatsNamesAndChildren) {
  Schema schema = {{"id", ColumnType::Of(TypeId::kInt64), false},
                   {"price", ColumnType::Decimal(12, 2)},
                   {"at", ColumnType::Timestamp("UTC")},
                   {"tags", ColumnType::List(ColumnType::Of(TypeId::kUtf8))}};
  SchemaHandle s;
  ExportSchema(schema, s.get());
  EXPECT_STREQ(s->format, "+s");
  ASSERT_EQ(s->n_children, 4);
  EXPECT_STREQ(s->children[0]->name, "id");
  EXPECT_STREQ(s->children[0]->format, "l");
  EXPECT_EQ(s->children[0]->flags & ARROW_FLAG_NULLABLE, 0);
  EXPECT_STREQ(s->children[1]->format, "d:12,2");
  EXPECT_STREQ(s->children[2]->format, "tsu:UTC");
  EXPECT_STREQ(s->children[3]->format, "+l");
  EXPECT_STREQ(s->children[3]->children[0]->format, "u");
}

// A reader that yields two batches of a one-column table, then the end.
class CountingReader : public BatchReader {
 public:
  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(builder_.schema(), out);
    return Status::Ok();
  }
  Status Next(ArrowArray* out) override {
    if (batches_ == 2) return Status::Ok();
    ++batches_;
    for (int i = 0; i < 3; ++i) {
      builder_.column(0).AppendFixed<int32_t>(i);
      builder_.FinishRow();
    }
    builder_.Finish(out);
    return Status::Ok();
  }

 private:
  BatchBuilder builder_{{{"n", ColumnType::Of(TypeId::kInt32)}}};
  int batches_ = 0;
};

TEST(BatchStreamTest, ExportedStreamYieldsBatchesThenEnd) {
  StreamHandle stream;
  ExportStream(std::make_unique<CountingReader>(), stream.get());
  StreamReader reader(stream.get());
  SchemaHandle schema;
  ASSERT_TRUE(reader.GetSchema(schema.get()).ok());
  EXPECT_EQ(schema->n_children, 1);
  int64_t rows = 0;
  int batches = 0;
  while (true) {
    ArrayHandle batch;
    ASSERT_TRUE(reader.Next(batch.get()).ok());
    if (!batch.valid()) break;
    ++batches;
    rows += batch->length;
    EXPECT_EQ(batch->children[0]->length, 3);
  }
  EXPECT_EQ(batches, 2);
  EXPECT_EQ(rows, 6);
}

TEST(BatchBuilderTest, SaysWhenTheRowLimitIsReached) {
  BatchBuilder b({{"n", ColumnType::Of(TypeId::kInt64)}}, BatchLimits{4, 1u << 20});
  int finished_at = -1;
  for (int i = 0; i < 10 && finished_at < 0; ++i) {
    b.column(0).AppendFixed<int64_t>(i);
    if (b.FinishRow()) finished_at = i;
  }
  EXPECT_EQ(finished_at, 3);
}

}  // namespace
}  // namespace trib
