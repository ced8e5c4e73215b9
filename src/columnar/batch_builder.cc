#include "columnar/batch_builder.h"

#include "columnar/owned_array.h"

namespace trib {

BatchBuilder::BatchBuilder(Schema schema, BatchLimits limits)
    : schema_(std::move(schema)), limits_(limits) {
  columns_.reserve(schema_.size());
  for (const Column& column : schema_) columns_.emplace_back(column.type);
}

size_t BatchBuilder::byte_size() const {
  size_t total = 0;
  for (const ColumnBuilder& c : columns_) total += c.byte_size();
  return total;
}

void BatchBuilder::Finish(ArrowArray* out) {
  OwnedArray owned;
  owned.AddBuffer(nullptr);  // a struct batch has no nulls of its own
  for (ColumnBuilder& c : columns_) {
    auto child = std::make_unique<ArrowArray>();
    c.Finish(child.get());
    owned.AddChild(std::move(child));
  }
  const int64_t rows = rows_;
  rows_ = 0;
  std::move(owned).Export(rows, 0, out);
}

}  // namespace trib
