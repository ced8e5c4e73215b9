// Builds one Arrow column value by value straight into its buffers (no per-row objects).
// Callers append exactly one value (or null) per row; list columns append their elements to
// element() and then close the row with FinishListRow().
#pragma once

#include <cstdint>
#include <memory>

#include "columnar/buffer.h"
#include "columnar/column_type.h"

namespace trib {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(ColumnType type);

  const ColumnType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  size_t byte_size() const;  // memory held, to size batches

  // Makes room for `rows` more values (and `bytes` more of utf8/binary data) at once, so a
  // builder that knows its batch size does not grow (copy) its buffers value by value.
  void Reserve(int64_t rows, size_t bytes = 0);

  void AppendNull();
  void AppendBool(bool value) {
    const int64_t i = length_;
    if ((i & 7) == 0) values_.Push<uint8_t>(0);
    if (value) values_.data()[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
    MarkValid();
  }
  // Ints, floats, date32 (int32), time64/timestamp (int64), decimal128 (__int128).
  template <typename T>
  void AppendFixed(T value) {
    values_.Push(value);
    MarkValid();
  }
  // utf8 / binary.
  void AppendBytes(const void* data, size_t size) {
    values_.Append(data, size);
    offsets_.Push(static_cast<int32_t>(values_.size()));
    MarkValid();
  }
  // Lists: the element builder, then FinishListRow() once the row's elements are in.
  ColumnBuilder& element() { return *element_; }
  void FinishListRow() {
    offsets_.Push(static_cast<int32_t>(element_->length()));
    MarkValid();
  }

  // Moves what was built into `out` (released with out->release); the builder starts over.
  void Finish(ArrowArray* out);

 private:
  void MarkValid() {
    const int64_t i = length_++;
    if ((i & 7) == 0) validity_.Push<uint8_t>(0);
    validity_.data()[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
  }
  void Reset();

  ColumnType type_;
  Buffer validity_;
  Buffer offsets_;  // utf8, binary, list: length + 1 int32 offsets
  Buffer values_;   // fixed-width values, bytes, or the bit-packed booleans
  std::unique_ptr<ColumnBuilder> element_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
};

}  // namespace trib
