#include "columnar/ipc_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "columnar/arrow_type.h"
#include "columnar/ipc_flat_reader.h"
#include "columnar/ipc_flatbuf.h"
#include "columnar/ipc_message.h"

namespace trib {

namespace {

using flatbuffers::Table;
using flatbuffers::uoffset_t;
using flatbuffers::voffset_t;

using ipc::FlatReader;
using ipc::kStreamField;
using ipc::Malformed;

// Bytes of one message part; a body is shared by the arrays that point into it.
struct Block {
  Block() = default;
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  ~Block() { std::free(data); }
  uint8_t* data = nullptr;
  int64_t size = 0;
  int64_t capacity = 0;
};

// Private data of an imported array.
struct Imported {
  std::shared_ptr<Block> body;
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
};

void ReleaseImported(ArrowArray* array) {
  if (array == nullptr || array->release == nullptr) return;
  auto* imported = static_cast<Imported*>(array->private_data);
  for (ArrowArray* child : imported->children) {
    if (child->release != nullptr) child->release(child);
    delete child;
  }
  delete imported;
  array->release = nullptr;
}

// Makes `out` an empty array owning `imported`; buffers and children are added to it after.
Imported* Adopt(ArrowArray* out, std::shared_ptr<Block> body) {
  auto* imported = new Imported{std::move(body), {}, {}};
  *out = ArrowArray{};
  out->release = ReleaseImported;
  out->private_data = imported;
  return imported;
}

void Publish(ArrowArray* out, int64_t length, int64_t null_count) {
  auto* imported = static_cast<Imported*>(out->private_data);
  out->length = length;
  out->null_count = null_count;
  out->offset = 0;
  out->n_buffers = static_cast<int64_t>(imported->buffers.size());
  out->buffers = imported->buffers.empty() ? nullptr : imported->buffers.data();
  out->n_children = static_cast<int64_t>(imported->children.size());
  out->children = imported->children.empty() ? nullptr : imported->children.data();
}

// What an empty offsets buffer stands for (one zero offset, of either width).
alignas(8) constexpr int64_t kZeroOffsets[1] = {0};

// ---- schema ----

Result<TimeUnit> UnitFrom(int16_t value, const std::string& where) {
  if (value < 0 || value > 3) return Malformed(where + " has an unknown time unit");
  return static_cast<TimeUnit>(value);
}

Result<ArrowField> ParseField(FlatReader& fb, const Table* t, const std::string& parent, int depth,
                              const IpcReadLimits& limits) {
  ArrowField f;
  TRIB_ASSIGN_OR_RETURN(auto name, fb.String(t, ipc::kFieldName));
  f.name = name ? std::string(*name) : "";
  const std::string path = parent.empty() ? f.name : parent + "." + f.name;
  const std::string where = "field '" + path + "'";
  if (depth > limits.max_depth) {
    return Malformed(where + " is nested more than " + std::to_string(limits.max_depth) +
                     " levels deep");
  }
  TRIB_ASSIGN_OR_RETURN(const uint8_t nullable, fb.Scalar<uint8_t>(t, ipc::kFieldNullable, 0));
  f.nullable = nullable != 0;
  TRIB_ASSIGN_OR_RETURN(const uint8_t tag, fb.Scalar<uint8_t>(t, ipc::kFieldTypeType, 0));
  TRIB_ASSIGN_OR_RETURN(const Table* type, fb.SubTable(t, ipc::kFieldType));
  TRIB_ASSIGN_OR_RETURN(const Table* dictionary, fb.SubTable(t, ipc::kFieldDictionary));
  if (dictionary != nullptr) {
    return Status::InvalidArgument(kStreamField,
                                   where + " is dictionary-encoded, which is not supported");
  }
  TRIB_ASSIGN_OR_RETURN(auto metadata, fb.Tables(t, ipc::kFieldCustomMetadata));
  if (metadata != nullptr) {
    for (uoffset_t i = 0; i < metadata->size(); ++i) {
      TRIB_ASSIGN_OR_RETURN(const Table* kv, fb.TableAt(metadata, i));
      TRIB_ASSIGN_OR_RETURN(auto key, fb.String(kv, ipc::kKeyValueKey));
      TRIB_ASSIGN_OR_RETURN(auto value, fb.String(kv, ipc::kKeyValueValue));
      f.metadata.emplace_back(std::string(key.value_or("")), std::string(value.value_or("")));
    }
  }
  TRIB_ASSIGN_OR_RETURN(auto children, fb.Tables(t, ipc::kFieldChildren));
  if (children != nullptr) {
    for (uoffset_t i = 0; i < children->size(); ++i) {
      TRIB_ASSIGN_OR_RETURN(const Table* child, fb.TableAt(children, i));
      TRIB_ASSIGN_OR_RETURN(ArrowField c, ParseField(fb, child, path, depth + 1, limits));
      f.children.push_back(std::move(c));
    }
  }

  // Type tables without fields may be absent; those with fields fall back to the defaults.
  auto scalar16 = [&](voffset_t field, int16_t def) -> Result<int16_t> {
    if (type == nullptr) return def;
    return fb.Scalar<int16_t>(type, field, def);
  };
  auto scalar32 = [&](voffset_t field, int32_t def) -> Result<int32_t> {
    if (type == nullptr) return def;
    return fb.Scalar<int32_t>(type, field, def);
  };
  auto scalar8 = [&](voffset_t field, uint8_t def) -> Result<uint8_t> {
    if (type == nullptr) return def;
    return fb.Scalar<uint8_t>(type, field, def);
  };
  size_t want_children = 0;
  switch (tag) {
    case ipc::kTypeNull:
      f.kind = ArrowKind::kNull;
      break;
    case ipc::kTypeBool:
      f.kind = ArrowKind::kBool;
      break;
    case ipc::kTypeInt: {
      f.kind = ArrowKind::kInt;
      TRIB_ASSIGN_OR_RETURN(f.bit_width, scalar32(ipc::kIntBitWidth, 0));
      TRIB_ASSIGN_OR_RETURN(const uint8_t is_signed, scalar8(ipc::kIntIsSigned, 0));
      f.is_signed = is_signed != 0;
      if (f.bit_width != 8 && f.bit_width != 16 && f.bit_width != 32 && f.bit_width != 64) {
        return Malformed(where + " has an integer width of " + std::to_string(f.bit_width));
      }
      break;
    }
    case ipc::kTypeFloatingPoint: {
      f.kind = ArrowKind::kFloat;
      TRIB_ASSIGN_OR_RETURN(const int16_t precision, scalar16(ipc::kFloatPrecision, 0));
      if (precision < 0 || precision > 2)
        return Malformed(where + " has an unknown float precision");
      f.bit_width = precision == 0 ? 16 : precision == 1 ? 32 : 64;
      break;
    }
    case ipc::kTypeDecimal: {
      f.kind = ArrowKind::kDecimal;
      TRIB_ASSIGN_OR_RETURN(f.precision, scalar32(ipc::kDecimalPrecision, 0));
      TRIB_ASSIGN_OR_RETURN(f.scale, scalar32(ipc::kDecimalScale, 0));
      TRIB_ASSIGN_OR_RETURN(f.bit_width, scalar32(ipc::kDecimalBitWidth, 128));
      if ((f.bit_width != 32 && f.bit_width != 64 && f.bit_width != 128 && f.bit_width != 256) ||
          f.precision <= 0 || f.precision > 76 || f.scale < -76 || f.scale > 76) {
        return Malformed(where + " has an invalid decimal width, precision or scale");
      }
      break;
    }
    case ipc::kTypeUtf8:
      f.kind = ArrowKind::kUtf8;
      break;
    case ipc::kTypeLargeUtf8:
      f.kind = ArrowKind::kLargeUtf8;
      break;
    case ipc::kTypeBinary:
      f.kind = ArrowKind::kBinary;
      break;
    case ipc::kTypeLargeBinary:
      f.kind = ArrowKind::kLargeBinary;
      break;
    case ipc::kTypeFixedSizeBinary: {
      f.kind = ArrowKind::kFixedBinary;
      TRIB_ASSIGN_OR_RETURN(f.width, scalar32(ipc::kFixedSizeBinaryByteWidth, 0));
      if (f.width < 0) return Malformed(where + " has a negative byte width");
      break;
    }
    case ipc::kTypeDate: {
      TRIB_ASSIGN_OR_RETURN(const int16_t unit, scalar16(ipc::kDateUnit, 1));
      if (unit != 0 && unit != 1) return Malformed(where + " has an unknown date unit");
      f.kind = unit == 0 ? ArrowKind::kDate32 : ArrowKind::kDate64;
      break;
    }
    case ipc::kTypeTime: {
      TRIB_ASSIGN_OR_RETURN(const int16_t unit, scalar16(ipc::kTimeUnit, 1));
      TRIB_ASSIGN_OR_RETURN(f.unit, UnitFrom(unit, where));
      TRIB_ASSIGN_OR_RETURN(const int32_t bits, scalar32(ipc::kTimeBitWidth, 32));
      const bool wide = f.unit == TimeUnit::kMicro || f.unit == TimeUnit::kNano;
      if (bits != (wide ? 64 : 32))
        return Malformed(where + " has a time width that its unit forbids");
      f.kind = wide ? ArrowKind::kTime64 : ArrowKind::kTime32;
      break;
    }
    case ipc::kTypeTimestamp: {
      f.kind = ArrowKind::kTimestamp;
      TRIB_ASSIGN_OR_RETURN(const int16_t unit, scalar16(ipc::kTimestampUnit, 0));
      TRIB_ASSIGN_OR_RETURN(f.unit, UnitFrom(unit, where));
      if (type != nullptr) {
        TRIB_ASSIGN_OR_RETURN(auto tz, fb.String(type, ipc::kTimestampTimezone));
        f.timezone = std::string(tz.value_or(""));
      }
      break;
    }
    case ipc::kTypeDuration: {
      f.kind = ArrowKind::kDuration;
      TRIB_ASSIGN_OR_RETURN(const int16_t unit, scalar16(ipc::kDurationUnit, 1));
      TRIB_ASSIGN_OR_RETURN(f.unit, UnitFrom(unit, where));
      break;
    }
    case ipc::kTypeInterval: {
      TRIB_ASSIGN_OR_RETURN(const int16_t unit, scalar16(ipc::kIntervalUnit, 0));
      if (unit < 0 || unit > 2) return Malformed(where + " has an unknown interval unit");
      f.kind = unit == 0   ? ArrowKind::kIntervalMonths
               : unit == 1 ? ArrowKind::kIntervalDayTime
                           : ArrowKind::kIntervalMonthDayNano;
      break;
    }
    case ipc::kTypeList:
      f.kind = ArrowKind::kList;
      want_children = 1;
      break;
    case ipc::kTypeLargeList:
      f.kind = ArrowKind::kLargeList;
      want_children = 1;
      break;
    case ipc::kTypeFixedSizeList: {
      f.kind = ArrowKind::kFixedList;
      want_children = 1;
      TRIB_ASSIGN_OR_RETURN(f.width, scalar32(ipc::kFixedSizeListListSize, 0));
      if (f.width < 0) return Malformed(where + " has a negative list size");
      break;
    }
    case ipc::kTypeStruct:
      f.kind = ArrowKind::kStruct;
      want_children = f.children.size();
      break;
    case ipc::kTypeMap: {
      f.kind = ArrowKind::kMap;
      want_children = 1;
      TRIB_ASSIGN_OR_RETURN(const uint8_t sorted, scalar8(ipc::kMapKeysSorted, 0));
      f.keys_sorted = sorted != 0;
      break;
    }
    case ipc::kTypeUnion:
    case ipc::kTypeRunEndEncoded:
    case ipc::kTypeBinaryView:
    case ipc::kTypeUtf8View:
    case ipc::kTypeListView:
    case ipc::kTypeLargeListView:
      return Status::InvalidArgument(
          kStreamField, where + " has an Arrow type (union, run-end encoded or view, tag " +
                            std::to_string(tag) + ") that is not supported");
    default:
      return Malformed(where + " has an unknown type tag " + std::to_string(tag));
  }
  if (f.children.size() != want_children) {
    return Malformed(where + " of type " + f.FormatString() + " has " +
                     std::to_string(f.children.size()) + " children");
  }
  if (f.kind == ArrowKind::kMap &&
      (f.children[0].kind != ArrowKind::kStruct || f.children[0].children.size() != 2)) {
    return Malformed(where + " is a map whose entries are not a struct of key and value");
  }
  return f;
}

// ---- record batches ----

struct BatchCursor {
  const flatbuffers::Vector<const ipc::FieldNode*>* nodes;
  const flatbuffers::Vector<const ipc::BufferSpec*>* buffers;
  uoffset_t node = 0;
  uoffset_t buffer = 0;
  std::shared_ptr<Block> body;
};

Result<ipc::FieldNode> NextNode(BatchCursor& c, const std::string& where) {
  if (c.nodes == nullptr || c.node >= c.nodes->size()) {
    return Malformed("the record batch has too few field nodes for " + where);
  }
  const ipc::FieldNode node = *c.nodes->Get(c.node++);
  if (node.length < 0 || node.null_count < 0 || node.null_count > node.length) {
    return Malformed(where + " has an invalid length or null count");
  }
  return node;
}

struct Span {
  const uint8_t* data;
  int64_t size;
};

Result<Span> NextBuffer(BatchCursor& c, const std::string& where) {
  if (c.buffers == nullptr || c.buffer >= c.buffers->size()) {
    return Malformed("the record batch has too few buffers for " + where);
  }
  const ipc::BufferSpec spec = *c.buffers->Get(c.buffer++);
  if (spec.offset < 0 || spec.length < 0 || spec.offset > c.body->size ||
      spec.length > c.body->size - spec.offset) {
    return Malformed("a buffer of " + where + " lies outside the message body");
  }
  if (spec.length == 0) return Span{nullptr, 0};
  if (spec.offset % ipc::kAlignment != 0) {
    return Malformed("a buffer of " + where + " is not 8-byte aligned");
  }
  return Span{c.body->data + spec.offset, spec.length};
}

bool Fits(int64_t count, int64_t width, int64_t available) {
  return width == 0 || count <= available / width;
}

int64_t BitmapBytes(int64_t length) { return length / 8 + (length % 8 != 0 ? 1 : 0); }

// Checks offsets (count + 1 of them) are non-decreasing from >= 0; returns the last one.
template <typename O>
Result<int64_t> CheckOffsets(const Span& span, int64_t length, const std::string& where) {
  if (length == 0 && span.size == 0) return 0;
  if (length >= span.size || !Fits(length + 1, sizeof(O), span.size)) {
    return Malformed("the offsets of " + where + " are too short");
  }
  const auto* offsets = reinterpret_cast<const O*>(span.data);
  if (offsets[0] < 0) return Malformed(where + " has a negative offset");
  for (int64_t i = 0; i < length; ++i) {
    if (offsets[i + 1] < offsets[i]) return Malformed(where + " has decreasing offsets");
  }
  return static_cast<int64_t>(offsets[length]);
}

Status LoadArray(const ArrowField& f, BatchCursor& c, const std::string& path, ArrowArray* out);

Status LoadInto(const ArrowField& f, BatchCursor& c, const std::string& path, Imported* imp,
                int64_t* length_out, int64_t* nulls_out) {
  const std::string where = "field '" + path + "'";
  TRIB_ASSIGN_OR_RETURN(const ipc::FieldNode node, NextNode(c, where));
  const int64_t length = node.length;
  *length_out = length;
  *nulls_out = node.null_count;
  if (f.kind == ArrowKind::kNull) {
    *nulls_out = length;
    return Status::Ok();
  }
  TRIB_ASSIGN_OR_RETURN(const Span validity, NextBuffer(c, where));
  if (node.null_count > 0 && !Fits(BitmapBytes(length), 1, validity.size)) {
    return Malformed("the validity bitmap of " + where + " is too short");
  }
  imp->buffers.push_back(node.null_count > 0 ? validity.data : nullptr);

  auto load_child = [&](size_t i, int64_t min_length) -> Status {
    auto child = std::make_unique<ArrowArray>();
    *child = ArrowArray{};
    const ArrowField& cf = f.children[i];
    Status st = LoadArray(cf, c, path + "." + cf.name, child.get());
    if (child->release != nullptr) imp->children.push_back(child.release());
    TRIB_RETURN_IF_ERROR(st);
    if (imp->children.back()->length < min_length) {
      return Malformed("field '" + path + "." + cf.name + "' is shorter than its parent needs");
    }
    return Status::Ok();
  };
  auto offsets = [&](bool wide, int64_t* last) -> Status {
    TRIB_ASSIGN_OR_RETURN(const Span span, NextBuffer(c, where));
    if (wide) {
      TRIB_ASSIGN_OR_RETURN(*last, CheckOffsets<int64_t>(span, length, where));
    } else {
      TRIB_ASSIGN_OR_RETURN(*last, CheckOffsets<int32_t>(span, length, where));
    }
    imp->buffers.push_back(span.size == 0 ? static_cast<const void*>(kZeroOffsets) : span.data);
    return Status::Ok();
  };

  switch (f.kind) {
    case ArrowKind::kNull:
      break;
    case ArrowKind::kBool: {
      TRIB_ASSIGN_OR_RETURN(const Span values, NextBuffer(c, where));
      if (!Fits(BitmapBytes(length), 1, values.size)) {
        return Malformed("the values of " + where + " are too short");
      }
      imp->buffers.push_back(values.size == 0 ? static_cast<const void*>(kZeroOffsets)
                                              : values.data);
      break;
    }
    case ArrowKind::kUtf8:
    case ArrowKind::kBinary:
    case ArrowKind::kLargeUtf8:
    case ArrowKind::kLargeBinary: {
      int64_t last = 0;
      TRIB_RETURN_IF_ERROR(
          offsets(f.kind == ArrowKind::kLargeUtf8 || f.kind == ArrowKind::kLargeBinary, &last));
      TRIB_ASSIGN_OR_RETURN(const Span data, NextBuffer(c, where));
      if (last > data.size) return Malformed("the offsets of " + where + " point past its data");
      // An empty data buffer is still a valid pointer for consumers.
      imp->buffers.push_back(data.size == 0 ? static_cast<const void*>(kZeroOffsets) : data.data);
      break;
    }
    case ArrowKind::kList:
    case ArrowKind::kLargeList:
    case ArrowKind::kMap: {
      int64_t last = 0;
      TRIB_RETURN_IF_ERROR(offsets(f.kind == ArrowKind::kLargeList, &last));
      TRIB_RETURN_IF_ERROR(load_child(0, last));
      break;
    }
    case ArrowKind::kFixedList: {
      if (f.width > 0 && length > std::numeric_limits<int64_t>::max() / f.width) {
        return Malformed(where + " is too long");
      }
      TRIB_RETURN_IF_ERROR(load_child(0, length * f.width));
      break;
    }
    case ArrowKind::kStruct:
      for (size_t i = 0; i < f.children.size(); ++i) TRIB_RETURN_IF_ERROR(load_child(i, length));
      break;
    case ArrowKind::kUtf8View:
    case ArrowKind::kBinaryView:
      return Malformed(where + " has a view type");  // refused when the schema was read
    default: {
      TRIB_ASSIGN_OR_RETURN(const Span values, NextBuffer(c, where));
      if (!Fits(length, f.ValueBytes(), values.size)) {
        return Malformed("the values of " + where + " are too short");
      }
      imp->buffers.push_back(values.size == 0 ? static_cast<const void*>(kZeroOffsets)
                                              : values.data);
      break;
    }
  }
  return Status::Ok();
}

Status LoadArray(const ArrowField& f, BatchCursor& c, const std::string& path, ArrowArray* out) {
  Imported* imp = Adopt(out, c.body);
  int64_t length = 0;
  int64_t nulls = 0;
  const Status st = LoadInto(f, c, path, imp, &length, &nulls);
  Publish(out, length, nulls);
  return st;
}

// ---- the stream ----

class IpcStreamReader : public BatchReader {
 public:
  IpcStreamReader(ByteSource source, IpcReadLimits limits)
      : source_(std::move(source)), limits_(limits) {}

  Status Open() {
    TRIB_ASSIGN_OR_RETURN(const bool got, ReadMessage());
    if (!got) return Malformed("the stream ends before its schema");
    if (header_.header_type != ipc::kHeaderSchema)
      return Malformed("the stream does not start with a schema");
    FlatReader fb(metadata(), metadata_size_);
    TRIB_ASSIGN_OR_RETURN(const Table* message, fb.Root());
    TRIB_ASSIGN_OR_RETURN(const Table* schema, fb.SubTable(message, ipc::kMessageHeader));
    if (schema == nullptr) return Malformed("the schema message has no schema");
    TRIB_ASSIGN_OR_RETURN(const int16_t endianness,
                          fb.Scalar<int16_t>(schema, ipc::kSchemaEndianness, 0));
    if (endianness != 0)
      return Status::InvalidArgument(kStreamField, "big-endian Arrow streams are not supported");
    schema_.kind = ArrowKind::kStruct;
    schema_.nullable = false;
    TRIB_ASSIGN_OR_RETURN(auto fields, fb.Tables(schema, ipc::kSchemaFields));
    if (fields != nullptr) {
      for (uoffset_t i = 0; i < fields->size(); ++i) {
        TRIB_ASSIGN_OR_RETURN(const Table* field, fb.TableAt(fields, i));
        TRIB_ASSIGN_OR_RETURN(ArrowField column, ParseField(fb, field, "", 1, limits_));
        schema_.children.push_back(std::move(column));
      }
    }
    TRIB_ASSIGN_OR_RETURN(auto metadata, fb.Tables(schema, ipc::kSchemaCustomMetadata));
    if (metadata != nullptr) {
      for (uoffset_t i = 0; i < metadata->size(); ++i) {
        TRIB_ASSIGN_OR_RETURN(const Table* kv, fb.TableAt(metadata, i));
        TRIB_ASSIGN_OR_RETURN(auto key, fb.String(kv, ipc::kKeyValueKey));
        TRIB_ASSIGN_OR_RETURN(auto value, fb.String(kv, ipc::kKeyValueValue));
        schema_.metadata.emplace_back(std::string(key.value_or("")),
                                      std::string(value.value_or("")));
      }
    }
    return Status::Ok();
  }

  Status GetSchema(ArrowSchema* out) override {
    ExportField(schema_, out);
    return Status::Ok();
  }

  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    if (done_) return Status::Ok();
    TRIB_ASSIGN_OR_RETURN(const bool got, ReadMessage());
    if (!got) {
      done_ = true;
      return Status::Ok();
    }
    if (header_.header_type == ipc::kHeaderSchema) return Malformed("a second schema message");
    if (header_.header_type == ipc::kHeaderDictionaryBatch) {
      return Status::InvalidArgument(kStreamField, "dictionary batches are not supported");
    }
    if (header_.header_type != ipc::kHeaderRecordBatch) {
      return Malformed("unexpected message type " + std::to_string(header_.header_type));
    }
    FlatReader fb(metadata(), metadata_size_);
    TRIB_ASSIGN_OR_RETURN(const Table* message, fb.Root());
    TRIB_ASSIGN_OR_RETURN(const Table* batch, fb.SubTable(message, ipc::kMessageHeader));
    if (batch == nullptr) return Malformed("the record batch message has no header");
    TRIB_ASSIGN_OR_RETURN(const Table* compression, fb.SubTable(batch, ipc::kBatchCompression));
    if (compression != nullptr) {
      return Status::InvalidArgument(kStreamField, "compressed Arrow IPC bodies are not supported");
    }
    const int64_t length = header_.batch_rows;  // verified with the message header
    if (length < 0 || length > limits_.max_batch_rows) {
      return Malformed("a record batch announces " + std::to_string(length) + " rows (limit " +
                       std::to_string(limits_.max_batch_rows) + ")");
    }
    BatchCursor cursor;
    TRIB_ASSIGN_OR_RETURN(cursor.nodes, fb.Structs<ipc::FieldNode>(batch, ipc::kBatchNodes));
    TRIB_ASSIGN_OR_RETURN(cursor.buffers, fb.Structs<ipc::BufferSpec>(batch, ipc::kBatchBuffers));
    cursor.body = body_;

    Imported* imp = Adopt(out, body_);
    imp->buffers.push_back(nullptr);  // a record batch has no nulls of its own
    Status st;
    for (const ArrowField& column : schema_.children) {
      auto child = std::make_unique<ArrowArray>();
      *child = ArrowArray{};
      st = LoadArray(column, cursor, column.name, child.get());
      if (child->release != nullptr) imp->children.push_back(child.release());
      if (!st.ok()) break;
      if (imp->children.back()->length != length) {
        st = Malformed("column '" + column.name + "' has " +
                       std::to_string(imp->children.back()->length) + " rows, the batch " +
                       std::to_string(length));
        break;
      }
    }
    if (st.ok() && (cursor.nodes != nullptr && cursor.node != cursor.nodes->size())) {
      st = Malformed("the record batch has more field nodes than its schema");
    }
    if (st.ok() && (cursor.buffers != nullptr && cursor.buffer != cursor.buffers->size())) {
      st = Malformed("the record batch has more buffers than its schema");
    }
    Publish(out, length, 0);
    if (!st.ok()) out->release(out);
    return st;
  }

 private:
  const uint8_t* metadata() const { return metadata_.data; }

  // Reads exactly `size` bytes; returns how many arrived before the input ended.
  Result<size_t> ReadFully(void* buffer, size_t size) {
    size_t got = 0;
    while (got < size) {
      TRIB_ASSIGN_OR_RETURN(const size_t n,
                            source_(static_cast<uint8_t*>(buffer) + got, size - got));
      if (n == 0) break;
      if (n > size - got) return Status::Internal("the byte source returned more than asked");
      got += n;
    }
    return got;
  }

  Status ReadExactly(void* buffer, size_t size, const char* what) {
    TRIB_ASSIGN_OR_RETURN(const size_t got, ReadFully(buffer, size));
    if (got != size) return Malformed(std::string("the stream is truncated inside ") + what);
    return Status::Ok();
  }

  // Reads the next message into metadata_ / body_; false at the end of the stream.
  Result<bool> ReadMessage() {
    char prefix_bytes[8];
    TRIB_ASSIGN_OR_RETURN(const size_t got, ReadFully(prefix_bytes, 4));
    if (got == 0) return false;  // the input ends between messages: also an end
    if (got != 4) return Malformed("the stream is truncated inside a message prefix");
    ipc::MessagePrefix prefix = ipc::ParseMessagePrefix(std::string_view(prefix_bytes, 4));
    if (!prefix.complete) {  // a continuation marker: the length follows
      TRIB_RETURN_IF_ERROR(ReadExactly(prefix_bytes + 4, 4, "a message prefix"));
      prefix = ipc::ParseMessagePrefix(std::string_view(prefix_bytes, 8));
    }
    const int32_t size = prefix.metadata_length;
    if (size == 0) return false;
    if (size < 0 || size > limits_.max_metadata_bytes) {
      return Malformed("a message announces " + std::to_string(size) +
                       " bytes of metadata (limit " + std::to_string(limits_.max_metadata_bytes) +
                       ")");
    }
    TRIB_RETURN_IF_ERROR(ReadGrowing(size, &metadata_, "message metadata"));
    metadata_size_ = static_cast<size_t>(size);

    TRIB_ASSIGN_OR_RETURN(header_, ipc::ParseMessageHeader(metadata(), metadata_size_));
    if (header_.version < ipc::kMetadataV4 || header_.version > ipc::kMetadataV5) {
      return Status::InvalidArgument(kStreamField, "Arrow IPC metadata version " +
                                                       std::to_string(header_.version + 1) +
                                                       " is not supported (V4 and V5 are)");
    }
    const int64_t body_length = header_.body_length;
    if (body_length < 0 || body_length > limits_.max_body_bytes) {
      return Malformed("a message announces a body of " + std::to_string(body_length) +
                       " bytes (limit " + std::to_string(limits_.max_body_bytes) + ")");
    }
    body_ = std::make_shared<Block>();
    TRIB_RETURN_IF_ERROR(ReadGrowing(body_length, body_.get(), "a message body"));
    return true;
  }

  // Reads `length` bytes into `into` (malloc'd, so 16-byte aligned as flatbuffers and typed
  // buffers want), growing it as they arrive: a message cannot make us allocate more than
  // twice what it actually sends.
  Status ReadGrowing(int64_t length, Block* into, const char* what) {
    constexpr int64_t kFirst = 1 << 20;
    int64_t have = 0;
    while (have < length) {
      const int64_t target = std::min(length, std::max(kFirst, have * 2));
      if (target > into->capacity) {
        void* grown = std::realloc(into->data, static_cast<size_t>(target));
        if (grown == nullptr) return Status::Internal("out of memory reading an Arrow IPC stream");
        into->data = static_cast<uint8_t*>(grown);
        into->capacity = target;
      }
      TRIB_RETURN_IF_ERROR(
          ReadExactly(into->data + have, static_cast<size_t>(target - have), what));
      have = target;
    }
    into->size = length;
    return Status::Ok();
  }

  ByteSource source_;
  IpcReadLimits limits_;
  ArrowField schema_;
  Block metadata_;  // reused from message to message
  size_t metadata_size_ = 0;
  ipc::MessageHeader header_;  // of the message last read
  std::shared_ptr<Block> body_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> OpenIpcStream(ByteSource source, IpcReadLimits limits) {
  auto reader = std::make_unique<IpcStreamReader>(std::move(source), limits);
  TRIB_RETURN_IF_ERROR(reader->Open());
  return std::unique_ptr<BatchReader>(std::move(reader));
}

Status ReadIpcStream(ByteSource source, ArrowArrayStream* out, IpcReadLimits limits) {
  TRIB_ASSIGN_OR_RETURN(auto reader, OpenIpcStream(std::move(source), limits));
  ExportStream(std::move(reader), out);
  return Status::Ok();
}

ByteSource MemorySource(std::string_view bytes) {
  auto position = std::make_shared<size_t>(0);
  return [bytes, position](void* buffer, size_t size) -> Result<size_t> {
    const size_t n = std::min(size, bytes.size() - *position);
    if (n > 0) std::memcpy(buffer, bytes.data() + *position, n);
    *position += n;
    return n;
  };
}

Result<ByteSource> FileSource(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::InvalidArgument("file", "cannot open " + path + ": " + std::strerror(errno));
  }
  std::shared_ptr<std::FILE> file(f, [](std::FILE* p) { std::fclose(p); });
  return ByteSource([file, path](void* buffer, size_t size) -> Result<size_t> {
    const size_t n = std::fread(buffer, 1, size, file.get());
    if (n == 0 && std::ferror(file.get())) {
      return Status::Unavailable("cannot read " + path);
    }
    return n;
  });
}

}  // namespace trib
