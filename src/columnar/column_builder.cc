#include "columnar/column_builder.h"

#include "columnar/owned_array.h"

namespace trib {

ColumnBuilder::ColumnBuilder(ColumnType type) : type_(std::move(type)) {
  if (type_.id == TypeId::kList) element_ = std::make_unique<ColumnBuilder>(*type_.element);
  Reset();
}

void ColumnBuilder::Reset() {
  validity_.Clear();
  offsets_.Clear();
  values_.Clear();
  length_ = 0;
  null_count_ = 0;
  if (type_.id == TypeId::kUtf8 || type_.id == TypeId::kBinary || type_.id == TypeId::kList) {
    offsets_.Push<int32_t>(0);
  }
}

size_t ColumnBuilder::byte_size() const {
  return validity_.size() + offsets_.size() + values_.size() +
         (element_ ? element_->byte_size() : 0);
}

void ColumnBuilder::Reserve(int64_t rows, size_t bytes) {
  if (rows <= 0) return;
  const auto n = static_cast<size_t>(rows);
  validity_.Reserve(n / 8 + 1);
  switch (type_.id) {
    case TypeId::kBool:
      values_.Reserve(n / 8 + 1);
      break;
    case TypeId::kUtf8:
    case TypeId::kBinary:
      offsets_.Reserve(n * sizeof(int32_t));
      values_.Reserve(bytes);
      break;
    case TypeId::kList:
      offsets_.Reserve(n * sizeof(int32_t));
      break;
    default:
      values_.Reserve(n * static_cast<size_t>(type_.FixedWidth()));
      break;
  }
}

void ColumnBuilder::AppendNull() {
  const int64_t i = length_++;
  ++null_count_;
  if ((i & 7) == 0) validity_.Push<uint8_t>(0);
  switch (type_.id) {
    case TypeId::kBool:
      if ((i & 7) == 0) values_.Push<uint8_t>(0);
      break;
    case TypeId::kUtf8:
    case TypeId::kBinary:
      offsets_.Push(static_cast<int32_t>(values_.size()));
      break;
    case TypeId::kList:
      offsets_.Push(static_cast<int32_t>(element_->length()));
      break;
    default:
      values_.Resize(values_.size() + static_cast<size_t>(type_.FixedWidth()));
      break;
  }
}

void ColumnBuilder::Finish(ArrowArray* out) {
  auto owned = std::make_unique<OwnedArray>();
  const bool has_offsets =
      type_.id == TypeId::kUtf8 || type_.id == TypeId::kBinary || type_.id == TypeId::kList;
  owned->AddBuffer(null_count_ > 0 ? validity_.Release() : nullptr);
  if (has_offsets) owned->AddBuffer(offsets_.Release());
  if (type_.id != TypeId::kList) {
    // Arrow wants a non-null data pointer even for an empty column of bytes.
    if (values_.data() == nullptr) values_.Reserve(1);
    owned->AddBuffer(values_.Release());
  }
  if (element_) {
    auto child = std::make_unique<ArrowArray>();
    element_->Finish(child.get());
    owned->AddChild(std::move(child));
  }
  const int64_t length = length_;
  const int64_t nulls = null_count_;
  Reset();
  std::move(*owned).Export(length, nulls, out);
}

}  // namespace trib
