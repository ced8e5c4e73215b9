// Checked reading of Arrow IPC flatbuffers (Message, Schema, RecordBatch) without generated
// code, for the IPC reader and the message-header parser: every table, field, string and vector
// is verified before it is read, since the bytes may come from the network.
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::ipc {

using flatbuffers::Table;
using flatbuffers::uoffset_t;
using flatbuffers::voffset_t;

// The field errors about a stream name.
inline constexpr const char* kStreamField = "stream";

inline Status Malformed(const std::string& what) {
  return Status::InvalidArgument(kStreamField, "malformed Arrow IPC stream: " + what);
}

// Checked access to one flatbuffer without generated code: every table, field, string and
// vector is verified before it is read.
class FlatReader {
 public:
  FlatReader(const uint8_t* data, size_t size)
      : verifier_(data, size, Options()), data_(data), size_(size) {}

  Result<const Table*> Root() {
    if (size_ < 8) return Malformed("message metadata is too short");
    const uoffset_t offset = verifier_.VerifyOffset(0);
    if (offset == 0) return Malformed("bad root offset in message metadata");
    return CheckTable(reinterpret_cast<const Table*>(data_ + offset));
  }

  template <typename T>
  Result<T> Scalar(const Table* t, voffset_t field, T default_value) {
    if (!t->VerifyField<T>(verifier_, field, sizeof(T))) return Bad();
    return t->GetField<T>(field, default_value);
  }

  // Null when the field is absent.
  Result<const Table*> SubTable(const Table* t, voffset_t field) {
    if (!t->VerifyOffset(verifier_, field)) return Bad();
    const auto* sub = t->GetPointer<const Table*>(field);
    if (sub == nullptr) return sub;
    return CheckTable(sub);
  }

  Result<std::optional<std::string_view>> String(const Table* t, voffset_t field) {
    if (!t->VerifyOffset(verifier_, field)) return Bad();
    const auto* s = t->GetPointer<const flatbuffers::String*>(field);
    if (s == nullptr) return std::optional<std::string_view>();
    if (!verifier_.VerifyString(s)) return Bad();
    return std::optional<std::string_view>(s->string_view());
  }

  // A vector of tables; the tables themselves are checked by TableAt.
  Result<const flatbuffers::Vector<flatbuffers::Offset<Table>>*> Tables(const Table* t,
                                                                        voffset_t field) {
    if (!t->VerifyOffset(verifier_, field)) return Bad();
    const auto* v = t->GetPointer<const flatbuffers::Vector<flatbuffers::Offset<Table>>*>(field);
    if (v != nullptr && !verifier_.VerifyVector(v)) return Bad();
    return v;
  }
  Result<const Table*> TableAt(const flatbuffers::Vector<flatbuffers::Offset<Table>>* v,
                               uoffset_t i) {
    // Each element is an offset relative to its own position.
    const auto* slot = reinterpret_cast<const uint8_t*>(v->Data()) + i * sizeof(uoffset_t);
    if (verifier_.VerifyOffset(static_cast<size_t>(slot - data_)) == 0) return Bad();
    return CheckTable(v->Get(i));
  }

  // A vector of 16-byte structs (FieldNode, Buffer).
  template <typename S>
  Result<const flatbuffers::Vector<const S*>*> Structs(const Table* t, voffset_t field) {
    if (!t->VerifyOffset(verifier_, field)) return Bad();
    const auto* v = t->GetPointer<const flatbuffers::Vector<const S*>*>(field);
    if (v != nullptr &&
        !verifier_.VerifyVectorOrString(reinterpret_cast<const uint8_t*>(v), sizeof(S))) {
      return Bad();
    }
    if (v != nullptr && reinterpret_cast<uintptr_t>(v->Data()) % alignof(S) != 0) {
      return Malformed("misaligned vector in message metadata");
    }
    return v;
  }

 private:
  static flatbuffers::Verifier::Options Options() {
    flatbuffers::Verifier::Options o;
    // Depth is bounded by the schema walk itself; tables are counted per message.
    o.max_depth = 1u << 30;
    o.max_tables = 1u << 20;
    return o;
  }
  static Status Bad() { return Malformed("message metadata fails flatbuffer verification"); }
  Result<const Table*> CheckTable(const Table* t) {
    if (!t->VerifyTableStart(verifier_)) return Bad();
    return t;
  }

  flatbuffers::Verifier verifier_;
  const uint8_t* data_;
  size_t size_;
};

}  // namespace trib::ipc
