// The parts of the Arrow IPC flatbuffers schemas (format/Schema.fbs, format/Message.fbs of the
// Arrow specification) the IPC writer and reader use: vtable slots of each table field, union
// tags and enum values. Written from the specification so no generated code is needed.
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <cstdint>

namespace trib::ipc {

static_assert(FLATBUFFERS_LITTLEENDIAN, "the IPC writer copies buffers as they are in memory");

// The vtable offset of the field with id `i` (a union field takes two ids: type, then value).
constexpr flatbuffers::voffset_t Slot(int i) {
  return static_cast<flatbuffers::voffset_t>(4 + 2 * i);
}

// Stream framing.
constexpr uint32_t kContinuation = 0xFFFFFFFFu;
constexpr int64_t kAlignment = 8;

// MetadataVersion (short).
constexpr int16_t kMetadataV4 = 3;
constexpr int16_t kMetadataV5 = 4;

// table Message
constexpr auto kMessageVersion = Slot(0);
constexpr auto kMessageHeaderType = Slot(1);
constexpr auto kMessageHeader = Slot(2);
constexpr auto kMessageBodyLength = Slot(3);
constexpr auto kMessageCustomMetadata = Slot(4);

// union MessageHeader
enum HeaderType : uint8_t {
  kHeaderNone = 0,
  kHeaderSchema = 1,
  kHeaderDictionaryBatch = 2,
  kHeaderRecordBatch = 3,
  kHeaderTensor = 4,
  kHeaderSparseTensor = 5,
};

// table Schema
constexpr auto kSchemaEndianness = Slot(0);  // short, Little = 0 (default), Big = 1
constexpr auto kSchemaFields = Slot(1);
constexpr auto kSchemaCustomMetadata = Slot(2);
constexpr auto kSchemaFeatures = Slot(3);

// table Field
constexpr auto kFieldName = Slot(0);
constexpr auto kFieldNullable = Slot(1);
constexpr auto kFieldTypeType = Slot(2);
constexpr auto kFieldType = Slot(3);
constexpr auto kFieldDictionary = Slot(4);
constexpr auto kFieldChildren = Slot(5);
constexpr auto kFieldCustomMetadata = Slot(6);

// table KeyValue
constexpr auto kKeyValueKey = Slot(0);
constexpr auto kKeyValueValue = Slot(1);

// union Type
enum TypeTag : uint8_t {
  kTypeNone = 0,
  kTypeNull = 1,
  kTypeInt = 2,
  kTypeFloatingPoint = 3,
  kTypeBinary = 4,
  kTypeUtf8 = 5,
  kTypeBool = 6,
  kTypeDecimal = 7,
  kTypeDate = 8,
  kTypeTime = 9,
  kTypeTimestamp = 10,
  kTypeInterval = 11,
  kTypeList = 12,
  kTypeStruct = 13,
  kTypeUnion = 14,
  kTypeFixedSizeBinary = 15,
  kTypeFixedSizeList = 16,
  kTypeMap = 17,
  kTypeDuration = 18,
  kTypeLargeBinary = 19,
  kTypeLargeUtf8 = 20,
  kTypeLargeList = 21,
  kTypeRunEndEncoded = 22,
  kTypeBinaryView = 23,
  kTypeUtf8View = 24,
  kTypeListView = 25,
  kTypeLargeListView = 26,
};

// Fields of the type tables (each has its own vtable).
constexpr auto kIntBitWidth = Slot(0);     // int
constexpr auto kIntIsSigned = Slot(1);     // bool
constexpr auto kFloatPrecision = Slot(0);  // short: HALF 0, SINGLE 1, DOUBLE 2
constexpr auto kDecimalPrecision = Slot(0);
constexpr auto kDecimalScale = Slot(1);
constexpr auto kDecimalBitWidth = Slot(2);  // default 128
constexpr auto kDateUnit = Slot(0);         // short: DAY 0, MILLISECOND 1 (default)
constexpr auto kTimeUnit = Slot(0);         // short: SECOND..NANOSECOND, default MILLISECOND
constexpr auto kTimeBitWidth = Slot(1);     // default 32
constexpr auto kTimestampUnit = Slot(0);    // short, default SECOND
constexpr auto kTimestampTimezone = Slot(1);
constexpr auto kDurationUnit = Slot(0);  // short, default MILLISECOND
constexpr auto kIntervalUnit = Slot(0);  // short: YEAR_MONTH 0, DAY_TIME 1, MONTH_DAY_NANO 2
constexpr auto kFixedSizeBinaryByteWidth = Slot(0);
constexpr auto kFixedSizeListListSize = Slot(0);
constexpr auto kMapKeysSorted = Slot(0);

// table RecordBatch
constexpr auto kBatchLength = Slot(0);
constexpr auto kBatchNodes = Slot(1);
constexpr auto kBatchBuffers = Slot(2);
constexpr auto kBatchCompression = Slot(3);
constexpr auto kBatchVariadicCounts = Slot(4);

// struct FieldNode and struct Buffer: two longs each.
struct FieldNode {
  int64_t length;
  int64_t null_count;
};
struct BufferSpec {
  int64_t offset;
  int64_t length;
};
static_assert(sizeof(FieldNode) == 16 && sizeof(BufferSpec) == 16);

constexpr int64_t PaddedLength(int64_t n) { return (n + kAlignment - 1) & ~(kAlignment - 1); }

}  // namespace trib::ipc
