#include "columnar/dictionary_decode.h"

#include <cstring>
#include <memory>

#include "columnar/column_builder.h"
#include "columnar/owned_array.h"

namespace trib {

namespace {

template <typename T>
int64_t IndexAt(const void* indices, int64_t i) {
  return static_cast<int64_t>(static_cast<const T*>(indices)[i]);
}

using IndexReader = int64_t (*)(const void*, int64_t);

IndexReader ReaderFor(std::string_view format) {
  if (format == "c") return IndexAt<int8_t>;
  if (format == "C") return IndexAt<uint8_t>;
  if (format == "s") return IndexAt<int16_t>;
  if (format == "S") return IndexAt<uint16_t>;
  if (format == "i") return IndexAt<int32_t>;
  if (format == "I") return IndexAt<uint32_t>;
  if (format == "l") return IndexAt<int64_t>;
  if (format == "L") return IndexAt<uint64_t>;
  return nullptr;
}

bool Valid(const uint8_t* validity, int64_t i) {
  return validity == nullptr || (validity[i >> 3] >> (i & 7)) & 1;
}

}  // namespace

bool IsDictionaryIndexFormat(std::string_view format) { return ReaderFor(format) != nullptr; }

Status DecodeUtf8Dictionary(const ArrowArray& encoded, std::string_view index_format,
                            ArrowArray* out) {
  out->release = nullptr;
  const IndexReader read = ReaderFor(index_format);
  const ArrowArray* dictionary = encoded.dictionary;
  if (read == nullptr || dictionary == nullptr || dictionary->n_buffers != 3 ||
      encoded.n_buffers != 2) {
    return Status::Internal("not a dictionary-encoded utf8 array");
  }
  const auto* validity = static_cast<const uint8_t*>(encoded.buffers[0]);
  const void* indices = encoded.buffers[1];
  const auto* offsets = static_cast<const int32_t*>(dictionary->buffers[1]) + dictionary->offset;
  const auto* data = static_cast<const char*>(dictionary->buffers[2]);
  ColumnBuilder column(ColumnType::Of(TypeId::kUtf8));
  column.Reserve(encoded.length);
  for (int64_t row = 0; row < encoded.length; ++row) {
    const int64_t at = encoded.offset + row;
    if (encoded.null_count != 0 && !Valid(validity, at)) {
      column.AppendNull();
      continue;
    }
    const int64_t k = read(indices, at);
    if (k < 0 || k >= dictionary->length) {
      return Status::Internal("a dictionary index points past the dictionary");
    }
    column.AppendBytes(data + offsets[k], static_cast<size_t>(offsets[k + 1] - offsets[k]));
  }
  column.Finish(out);
  return Status::Ok();
}

Status DecodeDictionaryColumns(const std::vector<DictionaryColumn>& columns, ArrowArray* batch) {
  // The batch's children move out (the C Data Interface allows it as long as the parent is
  // released right after): they are the new batch's children, decoded or as they were.
  if (batch->offset != 0) {
    batch->release(batch);
    batch->release = nullptr;
    return Status::Internal("a sliced batch cannot have its dictionaries decoded");
  }
  std::vector<std::unique_ptr<ArrowArray>> children(static_cast<size_t>(batch->n_children));
  for (size_t i = 0; i < children.size(); ++i) {
    children[i] = std::make_unique<ArrowArray>();
    std::memcpy(children[i].get(), batch->children[i], sizeof(ArrowArray));
    batch->children[i]->release = nullptr;
  }
  const int64_t length = batch->length;
  const int64_t null_count = batch->null_count;
  const bool has_validity = batch->n_buffers > 0 && batch->buffers[0] != nullptr;
  batch->release(batch);
  batch->release = nullptr;
  auto release_all = [&] {
    for (auto& child : children) {
      if (child->release != nullptr) child->release(child.get());
    }
  };
  if (has_validity && null_count != 0) {
    release_all();
    return Status::Internal("a batch with null rows cannot have its dictionaries decoded");
  }
  for (const DictionaryColumn& column : columns) {
    if (column.index >= children.size()) {
      release_all();
      return Status::Internal("no such column to decode");
    }
    ArrowArray& encoded = *children[column.index];
    ArrowArray decoded;
    Status status = DecodeUtf8Dictionary(encoded, column.index_format, &decoded);
    if (!status.ok()) {
      release_all();
      return status;
    }
    encoded.release(&encoded);
    encoded = decoded;
  }
  OwnedArray out;
  out.AddBuffer(nullptr);  // no struct-level nulls
  for (auto& child : children) out.AddChild(std::move(child));
  std::move(out).Export(length, 0, batch);
  return Status::Ok();
}

}  // namespace trib
