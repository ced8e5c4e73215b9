#include "columnar/ipc_writer.h"

#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "columnar/ipc_flatbuf.h"
#include "columnar/write_stream.h"

namespace trib {

namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;
using flatbuffers::uoffset_t;

constexpr uint8_t kZeros[ipc::kAlignment] = {};

// String and binary views become plain utf8 / binary in the stream.
ArrowField IpcField(const ArrowField& field) {
  ArrowField out = field;
  if (out.kind == ArrowKind::kUtf8View) out.kind = ArrowKind::kUtf8;
  if (out.kind == ArrowKind::kBinaryView) out.kind = ArrowKind::kBinary;
  for (ArrowField& child : out.children) child = IpcField(child);
  return out;
}

int16_t UnitValue(TimeUnit unit) { return static_cast<int16_t>(unit); }

// Builds the type table of a Field; returns its offset and sets the union tag.
uoffset_t BuildType(FlatBufferBuilder& fbb, const ArrowField& f, uint8_t* tag) {
  Offset<flatbuffers::String> timezone;
  if (f.kind == ArrowKind::kTimestamp && !f.timezone.empty())
    timezone = fbb.CreateString(f.timezone);
  const uoffset_t start = fbb.StartTable();
  switch (f.kind) {
    case ArrowKind::kNull:
      *tag = ipc::kTypeNull;
      break;
    case ArrowKind::kBool:
      *tag = ipc::kTypeBool;
      break;
    case ArrowKind::kInt:
      *tag = ipc::kTypeInt;
      fbb.AddElement<int32_t>(ipc::kIntBitWidth, f.bit_width, 0);
      fbb.AddElement<uint8_t>(ipc::kIntIsSigned, f.is_signed ? 1 : 0, 0);
      break;
    case ArrowKind::kFloat:
      *tag = ipc::kTypeFloatingPoint;
      fbb.AddElement<int16_t>(ipc::kFloatPrecision,
                              f.bit_width == 16   ? 0
                              : f.bit_width == 32 ? 1
                                                  : 2,
                              0);
      break;
    case ArrowKind::kDecimal:
      *tag = ipc::kTypeDecimal;
      fbb.AddElement<int32_t>(ipc::kDecimalPrecision, f.precision, 0);
      fbb.AddElement<int32_t>(ipc::kDecimalScale, f.scale, 0);
      fbb.AddElement<int32_t>(ipc::kDecimalBitWidth, f.bit_width, 128);
      break;
    case ArrowKind::kUtf8:
    case ArrowKind::kUtf8View:
      *tag = ipc::kTypeUtf8;
      break;
    case ArrowKind::kLargeUtf8:
      *tag = ipc::kTypeLargeUtf8;
      break;
    case ArrowKind::kBinary:
    case ArrowKind::kBinaryView:
      *tag = ipc::kTypeBinary;
      break;
    case ArrowKind::kLargeBinary:
      *tag = ipc::kTypeLargeBinary;
      break;
    case ArrowKind::kFixedBinary:
      *tag = ipc::kTypeFixedSizeBinary;
      fbb.AddElement<int32_t>(ipc::kFixedSizeBinaryByteWidth, f.width, 0);
      break;
    case ArrowKind::kDate32:
    case ArrowKind::kDate64:
      *tag = ipc::kTypeDate;
      fbb.AddElement<int16_t>(ipc::kDateUnit, f.kind == ArrowKind::kDate32 ? 0 : 1, 1);
      break;
    case ArrowKind::kTime32:
    case ArrowKind::kTime64:
      *tag = ipc::kTypeTime;
      fbb.AddElement<int16_t>(ipc::kTimeUnit, UnitValue(f.unit), 1);
      fbb.AddElement<int32_t>(ipc::kTimeBitWidth, f.kind == ArrowKind::kTime32 ? 32 : 64, 32);
      break;
    case ArrowKind::kTimestamp:
      *tag = ipc::kTypeTimestamp;
      fbb.AddElement<int16_t>(ipc::kTimestampUnit, UnitValue(f.unit), 0);
      if (!f.timezone.empty()) fbb.AddOffset(ipc::kTimestampTimezone, timezone);
      break;
    case ArrowKind::kDuration:
      *tag = ipc::kTypeDuration;
      fbb.AddElement<int16_t>(ipc::kDurationUnit, UnitValue(f.unit), 1);
      break;
    case ArrowKind::kIntervalMonths:
    case ArrowKind::kIntervalDayTime:
    case ArrowKind::kIntervalMonthDayNano:
      *tag = ipc::kTypeInterval;
      fbb.AddElement<int16_t>(ipc::kIntervalUnit,
                              f.kind == ArrowKind::kIntervalMonths    ? 0
                              : f.kind == ArrowKind::kIntervalDayTime ? 1
                                                                      : 2,
                              0);
      break;
    case ArrowKind::kList:
      *tag = ipc::kTypeList;
      break;
    case ArrowKind::kLargeList:
      *tag = ipc::kTypeLargeList;
      break;
    case ArrowKind::kFixedList:
      *tag = ipc::kTypeFixedSizeList;
      fbb.AddElement<int32_t>(ipc::kFixedSizeListListSize, f.width, 0);
      break;
    case ArrowKind::kStruct:
      *tag = ipc::kTypeStruct;
      break;
    case ArrowKind::kMap:
      *tag = ipc::kTypeMap;
      fbb.AddElement<uint8_t>(ipc::kMapKeysSorted, f.keys_sorted ? 1 : 0, 0);
      break;
  }
  return fbb.EndTable(start);
}

Offset<flatbuffers::Vector<Offset<void>>> BuildMetadata(
    FlatBufferBuilder& fbb, const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<Offset<void>> entries;
  for (const auto& [key, value] : pairs) {
    const auto k = fbb.CreateString(key);
    const auto v = fbb.CreateString(value);
    const uoffset_t start = fbb.StartTable();
    fbb.AddOffset(ipc::kKeyValueKey, k);
    fbb.AddOffset(ipc::kKeyValueValue, v);
    entries.emplace_back(fbb.EndTable(start));
  }
  return fbb.CreateVector(entries);
}

uoffset_t BuildField(FlatBufferBuilder& fbb, const ArrowField& f) {
  const auto name = fbb.CreateString(f.name);
  uint8_t tag = ipc::kTypeNone;
  const Offset<void> type(BuildType(fbb, f, &tag));
  std::vector<Offset<void>> children;
  children.reserve(f.children.size());
  for (const ArrowField& child : f.children) children.emplace_back(BuildField(fbb, child));
  const auto children_vec = fbb.CreateVector(children);
  Offset<flatbuffers::Vector<Offset<void>>> metadata;
  if (!f.metadata.empty()) metadata = BuildMetadata(fbb, f.metadata);
  const uoffset_t start = fbb.StartTable();
  fbb.AddOffset(ipc::kFieldName, name);
  fbb.AddElement<uint8_t>(ipc::kFieldNullable, f.nullable ? 1 : 0, 0);
  fbb.AddElement<uint8_t>(ipc::kFieldTypeType, tag, 0);
  fbb.AddOffset(ipc::kFieldType, type);
  fbb.AddOffset(ipc::kFieldChildren, children_vec);
  if (!f.metadata.empty()) fbb.AddOffset(ipc::kFieldCustomMetadata, metadata);
  return fbb.EndTable(start);
}

// Finishes a Message whose header was just built.
void FinishMessage(FlatBufferBuilder& fbb, uint8_t header_type, uoffset_t header,
                   int64_t body_length) {
  const uoffset_t start = fbb.StartTable();
  fbb.AddElement<int16_t>(ipc::kMessageVersion, ipc::kMetadataV5, 0);
  fbb.AddElement<uint8_t>(ipc::kMessageHeaderType, header_type, 0);
  fbb.AddOffset(ipc::kMessageHeader, Offset<void>(header));
  fbb.AddElement<int64_t>(ipc::kMessageBodyLength, body_length, 0);
  fbb.Finish(Offset<void>(fbb.EndTable(start)));
}

bool GetBit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }

int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t length) {
  int64_t count = 0;
  int64_t i = offset;
  const int64_t end = offset + length;
  for (; i < end && (i & 7) != 0; ++i) count += GetBit(bits, i);
  for (; i + 64 <= end; i += 64) {
    uint64_t word;
    std::memcpy(&word, bits + (i >> 3), 8);
    count += __builtin_popcountll(word);
  }
  for (; i < end; ++i) count += GetBit(bits, i);
  return count;
}

std::string Where(const std::string& path) { return "column '" + path + "'"; }

}  // namespace

// The pieces of one message body: a FieldNode per array, a (pointer, size) per buffer, and
// scratch memory for the buffers that had to be rewritten (kept between batches).
struct IpcStreamWriter::Body {
  struct Part {
    const void* data;
    int64_t size;
  };
  std::vector<ipc::FieldNode> nodes;
  std::vector<Part> parts;
  std::vector<std::vector<uint8_t>> scratch;
  size_t scratch_used = 0;
  FlatBufferBuilder fbb{4096};

  void Reset() {
    nodes.clear();
    parts.clear();
    scratch_used = 0;
    fbb.Clear();
  }
  uint8_t* Scratch(size_t size) {
    if (scratch_used == scratch.size()) scratch.emplace_back();
    std::vector<uint8_t>& s = scratch[scratch_used++];
    s.resize(size == 0 ? 1 : size);
    return s.data();
  }
  void Add(const void* data, int64_t size) { parts.push_back({data, size}); }
  // A bitmap slice starting at any bit: as it is when byte-aligned, else shifted into place.
  void AddBitmap(const uint8_t* bits, int64_t offset, int64_t length) {
    const int64_t bytes = (length + 7) / 8;
    const uint8_t* src = bits + offset / 8;
    const int shift = static_cast<int>(offset % 8);
    if (shift == 0) return Add(src, bytes);
    const int64_t src_bytes = (shift + length + 7) / 8;
    uint8_t* out = Scratch(static_cast<size_t>(bytes));
    for (int64_t i = 0; i < bytes; ++i) {
      const unsigned hi = i + 1 < src_bytes ? src[i + 1] : 0u;
      out[i] = static_cast<uint8_t>((src[i] >> shift) | (hi << (8 - shift)));
    }
    Add(out, bytes);
  }
};

IpcStreamWriter::IpcStreamWriter(ByteSink sink)
    : out_(std::move(sink)), body_(std::make_unique<Body>()) {}

IpcStreamWriter::~IpcStreamWriter() = default;

Status IpcStreamWriter::WriteMessage(const uint8_t* metadata, size_t size, const Body* body) {
  const int64_t padded = ipc::PaddedLength(static_cast<int64_t>(size));
  const uint32_t prefix[2] = {ipc::kContinuation, static_cast<uint32_t>(padded)};
  TRIB_RETURN_IF_ERROR(out_.Write(prefix, sizeof(prefix)));
  TRIB_RETURN_IF_ERROR(out_.Write(metadata, size));
  TRIB_RETURN_IF_ERROR(out_.Write(kZeros, static_cast<size_t>(padded) - size));
  if (body == nullptr) return Status::Ok();
  for (const Body::Part& part : body->parts) {
    TRIB_RETURN_IF_ERROR(out_.Write(part.data, static_cast<size_t>(part.size)));
    const int64_t pad = ipc::PaddedLength(part.size) - part.size;
    TRIB_RETURN_IF_ERROR(out_.Write(kZeros, static_cast<size_t>(pad)));
  }
  return Status::Ok();
}

Status IpcStreamWriter::Begin(const ArrowSchema& schema) {
  if (begun_) return Status::FailedPrecondition("the IPC stream was already begun");
  TRIB_ASSIGN_OR_RETURN(schema_, ParseBatchSchema(schema));
  begun_ = true;

  FlatBufferBuilder& fbb = body_->fbb;
  fbb.Clear();
  std::vector<Offset<void>> fields;
  for (const ArrowField& column : schema_.children) {
    fields.emplace_back(BuildField(fbb, IpcField(column)));
  }
  const auto fields_vec = fbb.CreateVector(fields);
  Offset<flatbuffers::Vector<Offset<void>>> metadata;
  if (!schema_.metadata.empty()) metadata = BuildMetadata(fbb, schema_.metadata);
  const uoffset_t start = fbb.StartTable();
  fbb.AddElement<int16_t>(ipc::kSchemaEndianness, 0, 0);  // little-endian
  fbb.AddOffset(ipc::kSchemaFields, fields_vec);
  if (!schema_.metadata.empty()) fbb.AddOffset(ipc::kSchemaCustomMetadata, metadata);
  FinishMessage(fbb, ipc::kHeaderSchema, fbb.EndTable(start), 0);
  TRIB_RETURN_IF_ERROR(WriteMessage(fbb.GetBufferPointer(), fbb.GetSize(), nullptr));
  return out_.Flush();
}

Status IpcStreamWriter::Collect(const ArrowField& f, const ArrowArray& a, int64_t start,
                                int64_t length, const std::string& path, Body* body) {
  if (a.release == nullptr) return Status::InvalidArgument(path, Where(path) + " was released");
  if (a.offset < 0 || a.length < start + length) {
    return Status::InvalidArgument(path, Where(path) + " is shorter than its parent");
  }
  const bool views = f.kind == ArrowKind::kUtf8View || f.kind == ArrowKind::kBinaryView;
  const int64_t want_buffers = f.CBufferCount();
  if (views ? a.n_buffers < want_buffers : a.n_buffers != want_buffers) {
    return Status::InvalidArgument(path, Where(path) + " of type " + f.TypeName() + " has " +
                                             std::to_string(a.n_buffers) + " buffers, expected " +
                                             std::to_string(want_buffers));
  }
  if (a.n_children != static_cast<int64_t>(f.children.size()) ||
      (a.n_children > 0 && a.children == nullptr) || (a.n_buffers > 0 && a.buffers == nullptr)) {
    return Status::InvalidArgument(path, Where(path) + " has " + std::to_string(a.n_children) +
                                             " children, its type " +
                                             std::to_string(f.children.size()));
  }
  const int64_t base = a.offset + start;  // index into this array's buffers
  if (f.kind == ArrowKind::kNull) {
    body->nodes.push_back({length, length});
    return Status::Ok();
  }
  const auto* validity = static_cast<const uint8_t*>(a.buffers[0]);
  const bool whole = start == 0 && length == a.length;
  int64_t nulls = 0;
  if (validity != nullptr) {
    nulls =
        whole && a.null_count >= 0 ? a.null_count : length - CountSetBits(validity, base, length);
  } else if (a.null_count > 0) {
    return Status::InvalidArgument(path, Where(path) + " has nulls but no validity bitmap");
  }
  body->nodes.push_back({length, nulls});
  if (nulls == 0) {
    body->Add(nullptr, 0);
  } else {
    body->AddBitmap(validity, base, length);
  }
  auto need = [&](int i) -> Status {
    if (a.buffers[i] == nullptr && length > 0) {
      return Status::InvalidArgument(path, Where(path) + " lacks buffer " + std::to_string(i));
    }
    return Status::Ok();
  };

  // Offsets of variable-size layouts: as they are when they start at 0, else rebased.
  auto add_offsets = [&](auto tag, int64_t* first, int64_t* last) -> Status {
    using O = decltype(tag);
    if (length == 0) {
      auto* zero = reinterpret_cast<O*>(body->Scratch(sizeof(O)));
      *zero = 0;
      body->Add(zero, sizeof(O));
      *first = *last = 0;
      return Status::Ok();
    }
    TRIB_RETURN_IF_ERROR(need(1));
    const O* offsets = static_cast<const O*>(a.buffers[1]) + base;
    *first = offsets[0];
    *last = offsets[length];
    if (*first < 0 || *last < *first) {
      return Status::InvalidArgument(path, Where(path) + " has decreasing offsets");
    }
    const auto bytes = static_cast<size_t>(length + 1) * sizeof(O);
    if (*first == 0) {
      body->Add(offsets, static_cast<int64_t>(bytes));
    } else {
      auto* rebased = reinterpret_cast<O*>(body->Scratch(bytes));
      const O delta = offsets[0];
      for (int64_t i = 0; i <= length; ++i) rebased[i] = offsets[i] - delta;
      body->Add(rebased, static_cast<int64_t>(bytes));
    }
    return Status::Ok();
  };

  switch (f.kind) {
    case ArrowKind::kNull:
      break;
    case ArrowKind::kBool:
      TRIB_RETURN_IF_ERROR(need(1));
      if (length == 0) {
        body->Add(nullptr, 0);
      } else {
        body->AddBitmap(static_cast<const uint8_t*>(a.buffers[1]), base, length);
      }
      break;
    case ArrowKind::kUtf8:
    case ArrowKind::kBinary:
    case ArrowKind::kLargeUtf8:
    case ArrowKind::kLargeBinary: {
      int64_t first = 0;
      int64_t last = 0;
      if (f.kind == ArrowKind::kUtf8 || f.kind == ArrowKind::kBinary) {
        TRIB_RETURN_IF_ERROR(add_offsets(int32_t{}, &first, &last));
      } else {
        TRIB_RETURN_IF_ERROR(add_offsets(int64_t{}, &first, &last));
      }
      if (last > first) TRIB_RETURN_IF_ERROR(need(2));
      body->Add(last > first ? static_cast<const uint8_t*>(a.buffers[2]) + first : nullptr,
                last - first);
      break;
    }
    case ArrowKind::kUtf8View:
    case ArrowKind::kBinaryView: {
      // Views point into any number of data buffers: gathered into offsets + bytes.
      TRIB_RETURN_IF_ERROR(need(1));
      const auto* view = static_cast<const uint8_t*>(a.buffers[1]) + base * 16;
      const int64_t n_data = a.n_buffers - 3;
      int64_t total = 0;
      for (int64_t i = 0; i < length; ++i) {
        if (validity != nullptr && !GetBit(validity, base + i)) continue;
        int32_t size;
        std::memcpy(&size, view + i * 16, 4);
        if (size < 0) return Status::InvalidArgument(path, Where(path) + " has a negative view");
        total += size;
      }
      if (total > std::numeric_limits<int32_t>::max()) {
        return Status::InvalidArgument(path, Where(path) + " holds more than 2 GiB in one batch");
      }
      auto* offsets =
          reinterpret_cast<int32_t*>(body->Scratch(static_cast<size_t>(length + 1) * 4));
      uint8_t* data = body->Scratch(static_cast<size_t>(total));
      int32_t pos = 0;
      offsets[0] = 0;
      for (int64_t i = 0; i < length; ++i) {
        const uint8_t* v = view + i * 16;
        int32_t size = 0;
        if (validity == nullptr || GetBit(validity, base + i)) std::memcpy(&size, v, 4);
        if (size > 12) {
          int32_t index;
          int32_t offset;
          std::memcpy(&index, v + 8, 4);
          std::memcpy(&offset, v + 12, 4);
          if (index < 0 || index >= n_data || offset < 0 || a.buffers[2 + index] == nullptr) {
            return Status::InvalidArgument(path, Where(path) + " has a view to a missing buffer");
          }
          std::memcpy(data + pos, static_cast<const uint8_t*>(a.buffers[2 + index]) + offset,
                      static_cast<size_t>(size));
        } else if (size > 0) {
          std::memcpy(data + pos, v + 4, static_cast<size_t>(size));
        }
        pos += size;
        offsets[i + 1] = pos;
      }
      body->Add(offsets, (length + 1) * 4);
      body->Add(data, total);
      break;
    }
    case ArrowKind::kList:
    case ArrowKind::kLargeList:
    case ArrowKind::kMap: {
      int64_t first = 0;
      int64_t last = 0;
      if (f.kind == ArrowKind::kLargeList) {
        TRIB_RETURN_IF_ERROR(add_offsets(int64_t{}, &first, &last));
      } else {
        TRIB_RETURN_IF_ERROR(add_offsets(int32_t{}, &first, &last));
      }
      const ArrowField& child = f.children[0];
      TRIB_RETURN_IF_ERROR(
          Collect(child, *a.children[0], first, last - first, path + "." + child.name, body));
      break;
    }
    case ArrowKind::kFixedList: {
      const ArrowField& child = f.children[0];
      TRIB_RETURN_IF_ERROR(Collect(child, *a.children[0], base * f.width, length * f.width,
                                   path + "." + child.name, body));
      break;
    }
    case ArrowKind::kStruct:
      for (size_t i = 0; i < f.children.size(); ++i) {
        const ArrowField& child = f.children[i];
        TRIB_RETURN_IF_ERROR(
            Collect(child, *a.children[i], base, length, path + "." + child.name, body));
      }
      break;
    default: {  // fixed-width values
      const int64_t width = f.ValueBytes();
      TRIB_RETURN_IF_ERROR(need(1));
      body->Add(length > 0 ? static_cast<const uint8_t*>(a.buffers[1]) + base * width : nullptr,
                length * width);
      break;
    }
  }
  return Status::Ok();
}

Status IpcStreamWriter::WriteBatch(const ArrowArray& batch) {
  if (!begun_ || ended_) return Status::FailedPrecondition("the IPC stream is not open");
  if (batch.release == nullptr) return Status::InvalidArgument("batch", "the batch was released");
  if (batch.n_children != static_cast<int64_t>(schema_.children.size()) ||
      (batch.n_children > 0 && batch.children == nullptr)) {
    return Status::InvalidArgument("batch", "the batch has " + std::to_string(batch.n_children) +
                                                " columns, the schema " +
                                                std::to_string(schema_.children.size()));
  }
  if (batch.length < 0 || batch.offset < 0) {
    return Status::InvalidArgument("batch", "the batch has a negative length or offset");
  }
  Body* body = body_.get();
  body->Reset();
  for (size_t i = 0; i < schema_.children.size(); ++i) {
    const ArrowField& column = schema_.children[i];
    // A struct's offset applies to its children on top of their own.
    TRIB_RETURN_IF_ERROR(
        Collect(column, *batch.children[i], batch.offset, batch.length, column.name, body));
  }

  FlatBufferBuilder& fbb = body->fbb;
  std::vector<ipc::BufferSpec> specs;
  specs.reserve(body->parts.size());
  int64_t position = 0;
  for (const Body::Part& part : body->parts) {
    specs.push_back({position, part.size});
    position += ipc::PaddedLength(part.size);
  }
  const auto nodes = fbb.CreateVectorOfStructs(body->nodes.data(), body->nodes.size());
  const auto buffers = fbb.CreateVectorOfStructs(specs.data(), specs.size());
  const uoffset_t start = fbb.StartTable();
  fbb.AddElement<int64_t>(ipc::kBatchLength, batch.length, 0);
  fbb.AddOffset(ipc::kBatchNodes, nodes);
  fbb.AddOffset(ipc::kBatchBuffers, buffers);
  FinishMessage(fbb, ipc::kHeaderRecordBatch, fbb.EndTable(start), position);
  TRIB_RETURN_IF_ERROR(WriteMessage(fbb.GetBufferPointer(), fbb.GetSize(), body));
  rows_ += batch.length;
  // Each batch leaves at once: a slow query still streams to the client batch by batch.
  return out_.Flush();
}

Status IpcStreamWriter::End() {
  if (!begun_ || ended_) return Status::FailedPrecondition("the IPC stream is not open");
  ended_ = true;
  const uint32_t eos[2] = {ipc::kContinuation, 0};
  TRIB_RETURN_IF_ERROR(out_.Write(eos, sizeof(eos)));
  return out_.Flush();
}

Status WriteIpcStream(ArrowArrayStream* stream, const ByteSink& sink, const ProgressFn& progress) {
  IpcStreamWriter writer(sink);
  return WriteStreamWith(stream, writer, progress);
}

}  // namespace trib
