// ColumnBuilder::Reserve makes room only: what is appended afterwards reads back unchanged, for
// every buffer layout (fixed width, bit-packed, offsets + bytes, lists).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "columnar/arrow_handles.h"
#include "columnar/column_builder.h"

namespace trib {
namespace {

TEST(ColumnBuilderReserveTest, ReservedColumnsHoldExactlyWhatIsAppended) {
  ColumnBuilder ints(ColumnType::Of(TypeId::kInt64));
  ColumnBuilder bools(ColumnType::Of(TypeId::kBool));
  ColumnBuilder text(ColumnType::Of(TypeId::kUtf8));
  ColumnBuilder list(ColumnType::List(ColumnType::Of(TypeId::kInt32)));
  ints.Reserve(1000);
  bools.Reserve(1000);
  text.Reserve(1000, 4000);
  list.Reserve(1000);
  EXPECT_EQ(ints.length(), 0) << "Reserve appends nothing";
  EXPECT_EQ(text.byte_size(), sizeof(int32_t)) << "only the leading offset";
  for (int i = 0; i < 1500; ++i) {  // past the reservation too
    ints.AppendFixed<int64_t>(i * 3);
    bools.AppendBool(i % 3 == 0);
    const std::string s = std::to_string(i);
    text.AppendBytes(s.data(), s.size());
    list.element().AppendFixed<int32_t>(i);
    list.FinishListRow();
  }
  ArrayHandle a, b, t, l;
  ints.Finish(a.get());
  bools.Finish(b.get());
  text.Finish(t.get());
  list.Finish(l.get());
  ASSERT_EQ(a->length, 1500);
  const auto* offsets = static_cast<const int32_t*>(t->buffers[1]);
  const auto* chars = static_cast<const char*>(t->buffers[2]);
  for (int i = 0; i < 1500; ++i) {
    ASSERT_EQ(static_cast<const int64_t*>(a->buffers[1])[i], i * 3);
    ASSERT_EQ((static_cast<const uint8_t*>(b->buffers[1])[i >> 3] >> (i & 7)) & 1, i % 3 == 0);
    ASSERT_EQ(std::string(chars + offsets[i], chars + offsets[i + 1]), std::to_string(i));
    ASSERT_EQ(static_cast<const int32_t*>(l->buffers[1])[i + 1], i + 1);
  }
  EXPECT_EQ(a->null_count, 0);
  EXPECT_EQ(a->buffers[0], nullptr);
  EXPECT_EQ(l->children[0]->length, 1500);
}

}  // namespace
}  // namespace trib
