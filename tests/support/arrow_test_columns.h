// Hand-made Arrow arrays for the output-format tests: one column of every type the writers
// handle (5 rows each, NULLs in each nullable one), and helpers to build batches and slices.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "columnar/arrow_handles.h"
#include "columnar/arrow_type.h"
#include "columnar/column_builder.h"

namespace trib::testing {

// An ArrowArray owning 8-byte aligned copies of its buffers and its children.
struct HandArrayData {
  std::vector<std::unique_ptr<uint64_t[]>> storage;
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
};

inline void ReleaseHandArray(ArrowArray* a) {
  if (a == nullptr || a->release == nullptr) return;
  auto* data = static_cast<HandArrayData*>(a->private_data);
  for (ArrowArray* child : data->children) {
    if (child->release != nullptr) child->release(child);
    delete child;
  }
  delete data;
  a->release = nullptr;
}

// `buffers`: bytes of each buffer, nullopt for an absent one. Children are moved in.
inline ArrayHandle MakeArray(int64_t length, int64_t null_count,
                             std::vector<std::optional<std::string>> buffers,
                             std::vector<ArrayHandle> children = {}, int64_t offset = 0) {
  auto* data = new HandArrayData;
  for (const auto& b : buffers) {
    if (!b) {
      data->buffers.push_back(nullptr);
      continue;
    }
    auto words = std::make_unique<uint64_t[]>(b->size() / 8 + 1);
    std::memcpy(words.get(), b->data(), b->size());
    data->buffers.push_back(words.get());
    data->storage.push_back(std::move(words));
  }
  for (ArrayHandle& child : children) {
    auto* c = new ArrowArray;
    child.MoveTo(c);
    data->children.push_back(c);
  }
  ArrayHandle out;
  ArrowArray& a = *out;
  a.length = length;
  a.null_count = null_count;
  a.offset = offset;
  a.n_buffers = static_cast<int64_t>(data->buffers.size());
  a.n_children = static_cast<int64_t>(data->children.size());
  a.buffers = data->buffers.empty() ? nullptr : data->buffers.data();
  a.children = data->children.empty() ? nullptr : data->children.data();
  a.dictionary = nullptr;
  a.release = ReleaseHandArray;
  a.private_data = data;
  return out;
}

// Little-endian bytes of values.
template <typename T>
std::string Bytes(std::initializer_list<T> values) {
  std::string out;
  for (const T& v : values) out.append(reinterpret_cast<const char*>(&v), sizeof(T));
  return out;
}

// A bitmap, least significant bit first, from 0/1 flags.
inline std::string Bits(std::initializer_list<int> flags) {
  std::string out((flags.size() + 7) / 8, '\0');
  size_t i = 0;
  for (int f : flags) {
    if (f != 0) out[i / 8] = static_cast<char>(out[i / 8] | (1 << (i % 8)));
    ++i;
  }
  return out;
}

// Offsets + data of variable-size values (nullopt = null, stored as empty).
template <typename O>
std::pair<std::string, std::string> VarData(const std::vector<std::optional<std::string>>& v) {
  std::string offsets = Bytes<O>({0});
  std::string data;
  for (const auto& s : v) {
    if (s) data += *s;
    offsets += Bytes<O>({static_cast<O>(data.size())});
  }
  return {offsets, data};
}

// A field from an Arrow C format string and its child fields.
inline ArrowField Field(const std::string& name, const std::string& format,
                        std::vector<ArrowField> children = {}, bool nullable = true) {
  std::vector<SchemaHandle> kids(children.size());
  std::vector<ArrowSchema*> pointers;
  for (size_t i = 0; i < children.size(); ++i) {
    ExportField(children[i], kids[i].get());
    pointers.push_back(kids[i].get());
  }
  ArrowSchema s{};
  s.format = format.c_str();
  s.name = name.c_str();
  s.flags = nullable ? ARROW_FLAG_NULLABLE : 0;
  s.n_children = static_cast<int64_t>(pointers.size());
  s.children = pointers.empty() ? nullptr : pointers.data();
  auto parsed = ArrowField::FromSchema(s);
  if (!parsed.ok()) throw std::runtime_error(parsed.status().ToString());
  return std::move(parsed).value();
}

struct TestColumn {
  ArrowField field;
  ArrayHandle array;
};

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// Builder-made column: `fill` appends 5 values to the builder.
template <typename Fill>
TestColumn Built(const std::string& name, ColumnType type, Fill fill) {
  ColumnBuilder b(type);
  fill(b);
  std::vector<ArrowField> children;
  if (type.id == TypeId::kList) children.push_back(Field("item", type.element->FormatString()));
  TestColumn c{Field(name, type.FormatString(), std::move(children)), {}};
  b.Finish(c.array.get());
  return c;
}

inline void AppendStr(ColumnBuilder& b, const std::string& s) { b.AppendBytes(s.data(), s.size()); }

// One column per type, 5 rows each. The expected texts of the writer tests follow this order.
inline std::vector<TestColumn> EveryTypeColumns() {
  using S = std::optional<std::string>;
  std::vector<TestColumn> cols;
  cols.push_back(Built("bool", ColumnType::Of(TypeId::kBool), [](ColumnBuilder& b) {
    b.AppendBool(true), b.AppendNull(), b.AppendBool(false), b.AppendBool(true),
        b.AppendBool(false);
  }));
  cols.push_back(Built("int8", ColumnType::Of(TypeId::kInt8), [](ColumnBuilder& b) {
    b.AppendFixed<int8_t>(-128), b.AppendNull(), b.AppendFixed<int8_t>(0),
        b.AppendFixed<int8_t>(127), b.AppendFixed<int8_t>(5);
  }));
  cols.push_back(Built("int16", ColumnType::Of(TypeId::kInt16), [](ColumnBuilder& b) {
    b.AppendFixed<int16_t>(-32768), b.AppendNull(), b.AppendFixed<int16_t>(0),
        b.AppendFixed<int16_t>(32767), b.AppendFixed<int16_t>(7);
  }));
  cols.push_back(Built("int32", ColumnType::Of(TypeId::kInt32), [](ColumnBuilder& b) {
    b.AppendFixed<int32_t>(std::numeric_limits<int32_t>::min()), b.AppendNull(),
        b.AppendFixed<int32_t>(0), b.AppendFixed<int32_t>(std::numeric_limits<int32_t>::max()),
        b.AppendFixed<int32_t>(42);
  }));
  cols.push_back(Built("int64", ColumnType::Of(TypeId::kInt64), [](ColumnBuilder& b) {
    b.AppendFixed<int64_t>(std::numeric_limits<int64_t>::min()), b.AppendNull(),
        b.AppendFixed<int64_t>(0), b.AppendFixed<int64_t>(std::numeric_limits<int64_t>::max()),
        b.AppendFixed<int64_t>(-1);
  }));
  cols.push_back(Built("float32", ColumnType::Of(TypeId::kFloat32), [](ColumnBuilder& b) {
    b.AppendFixed<float>(1.5f), b.AppendNull(), b.AppendFixed<float>(-0.25f),
        b.AppendFixed<float>(INFINITY), b.AppendFixed<float>(0.1f);
  }));
  cols.push_back(Built("float64", ColumnType::Of(TypeId::kFloat64), [](ColumnBuilder& b) {
    b.AppendFixed<double>(0.1), b.AppendNull(), b.AppendFixed<double>(-1e300),
        b.AppendFixed<double>(NAN), b.AppendFixed<double>(2.5);
  }));
  cols.push_back(Built("decimal", ColumnType::Decimal(12, 2), [](ColumnBuilder& b) {
    b.AppendFixed<Int128>(12345), b.AppendNull(), b.AppendFixed<Int128>(-1),
        b.AppendFixed<Int128>(0), b.AppendFixed<Int128>(99999999999);
  }));
  cols.push_back(Built("decimal38", ColumnType::Decimal(38, 10), [](ColumnBuilder& b) {
    const Int128 big = static_cast<Int128>(1234567890123456789LL) * 10000000000LL + 1234567890LL;
    Int128 ten37 = 1;
    for (int i = 0; i < 37; ++i) ten37 *= 10;
    b.AppendFixed<Int128>(-big), b.AppendNull(), b.AppendFixed<Int128>(1), b.AppendFixed<Int128>(0),
        b.AppendFixed<Int128>(ten37);
  }));
  cols.push_back(Built("utf8", ColumnType::Of(TypeId::kUtf8), [](ColumnBuilder& b) {
    AppendStr(b, "a"), b.AppendNull(), AppendStr(b, ""), AppendStr(b, "h\xc3\xa9llo \"q\", x"),
        AppendStr(b, std::string("line\nbreak\t\x01\xff", 13));
  }));
  cols.push_back(Built("binary", ColumnType::Of(TypeId::kBinary), [](ColumnBuilder& b) {
    AppendStr(b, std::string("\x00\x01", 2)), b.AppendNull(), AppendStr(b, ""), AppendStr(b, "abc"),
        AppendStr(b, "\xff\xfe\xfd\xfc");
  }));
  cols.push_back(Built("date32", ColumnType::Of(TypeId::kDate32), [](ColumnBuilder& b) {
    b.AppendFixed<int32_t>(0), b.AppendNull(), b.AppendFixed<int32_t>(-1),
        b.AppendFixed<int32_t>(19723), b.AppendFixed<int32_t>(-719528);
  }));
  cols.push_back(Built("time64", ColumnType::Of(TypeId::kTime64Micro), [](ColumnBuilder& b) {
    b.AppendFixed<int64_t>(0), b.AppendNull(), b.AppendFixed<int64_t>(1),
        b.AppendFixed<int64_t>(86399999999), b.AppendFixed<int64_t>(45296789000);
  }));
  for (const char* tz : {"", "UTC"}) {
    cols.push_back(Built(*tz ? "ts_utc" : "ts", ColumnType::Timestamp(tz), [](ColumnBuilder& b) {
      b.AppendFixed<int64_t>(0), b.AppendNull(), b.AppendFixed<int64_t>(1704067200123456),
          b.AppendFixed<int64_t>(-1), b.AppendFixed<int64_t>(951782400000000);
    }));
  }
  cols.push_back(
      Built("list", ColumnType::List(ColumnType::Of(TypeId::kInt32)), [](ColumnBuilder& b) {
        b.element().AppendFixed<int32_t>(1), b.element().AppendFixed<int32_t>(2), b.FinishListRow();
        b.AppendNull();
        b.FinishListRow();
        b.element().AppendNull(), b.element().AppendFixed<int32_t>(3), b.FinishListRow();
        b.element().AppendFixed<int32_t>(4), b.FinishListRow();
      }));
  cols.push_back(
      Built("list_utf8", ColumnType::List(ColumnType::Of(TypeId::kUtf8)), [](ColumnBuilder& b) {
        AppendStr(b.element(), "x"), AppendStr(b.element(), "y,z"), b.FinishListRow();
        b.FinishListRow();
        b.AppendNull();
        AppendStr(b.element(), "\""), b.FinishListRow();
        b.element().AppendNull(), b.FinishListRow();
      }));

  const std::string valid = Bits({1, 1, 0, 1, 1});  // row 2 null (hand-made columns)
  auto fixed = [&](const std::string& name, const std::string& format, std::string values) {
    cols.push_back({Field(name, format), MakeArray(5, 1, {valid, values})});
  };
  fixed("uint8", "C", Bytes<uint8_t>({0, 255, 0, 1, 2}));
  fixed("uint16", "S", Bytes<uint16_t>({0, 65535, 0, 1, 2}));
  fixed("uint32", "I", Bytes<uint32_t>({0, 4294967295u, 0, 1, 2}));
  fixed("uint64", "L", Bytes<uint64_t>({0, std::numeric_limits<uint64_t>::max(), 0, 1, 2}));
  {
    auto [o, d] = VarData<int64_t>({S("big"), S("\xc3\xbc"), std::nullopt, S(""), S("z")});
    cols.push_back({Field("large_utf8", "U"), MakeArray(5, 1, {valid, o, d})});
  }
  {
    auto [o, d] =
        VarData<int64_t>({S("\x01"), S("xyz"), std::nullopt, S(""), S(std::string(1, '\0'))});
    cols.push_back({Field("large_binary", "Z"), MakeArray(5, 1, {valid, o, d})});
  }
  {
    // Views: inline up to 12 bytes, else prefix + (buffer 0, offset).
    const std::string longer = "a string longer than twelve";
    auto view = [&](const std::string& s, int32_t offset) {
      std::string v(16, '\0');
      const auto size = static_cast<int32_t>(s.size());
      std::memcpy(v.data(), &size, 4);
      if (s.size() <= 12) {
        std::memcpy(v.data() + 4, s.data(), s.size());
      } else {
        const int32_t index = 0;
        std::memcpy(v.data() + 4, s.data(), 4);
        std::memcpy(v.data() + 8, &index, 4);
        std::memcpy(v.data() + 12, &offset, 4);
      }
      return v;
    };
    const std::string data = "xx" + longer;
    const std::string views =
        view("short", 0) + view(longer, 2) + std::string(16, '\0') + view("", 0) + view("tail", 0);
    cols.push_back({Field("utf8_view", "vu"),
                    MakeArray(5, 1, {valid, views, data, Bytes<int64_t>({int64_t(data.size())})})});
  }
  fixed("float16", "e", Bytes<uint16_t>({0x3C00, 0xC000, 0, 0x3800, 0x7BFF}));
  fixed("date64", "tdm", Bytes<int64_t>({0, 86400000, 0, -86400000, 1704067200000}));
  fixed("time32s", "tts", Bytes<int32_t>({0, 3661, 0, 86399, 43200}));
  fixed("time32ms", "ttm", Bytes<int32_t>({0, 1, 0, 3723004, 86399999}));
  fixed("time64ns", "ttn", Bytes<int64_t>({0, 1, 0, 3723000000001, 86399999999999}));
  fixed("ts_s", "tss:", Bytes<int64_t>({0, 1704067200, 0, -86400, 253402300799}));
  fixed("ts_ms_utc", "tsm:UTC", Bytes<int64_t>({0, 1704067200123, 0, -1, 1}));
  fixed("ts_ns_paris", "tsn:Europe/Paris", Bytes<int64_t>({0, 1704067200123456789, 0, -1, 1000}));
  {
    std::vector<ArrayHandle> children;
    children.push_back(MakeArray(5, 1, {Bits({1, 1, 0, 1, 1}), Bytes<int32_t>({1, 0, 0, 4, 5})}));
    auto [o, d] = VarData<int32_t>({S("a"), std::nullopt, S("b"), std::nullopt, S("e")});
    children.push_back(MakeArray(5, 2, {Bits({1, 0, 1, 0, 1}), o, d}));
    cols.push_back({Field("struct", "+s", {Field("x", "i"), Field("y", "u")}),
                    MakeArray(5, 1,
                              {
                                  Bits({1, 0, 1, 1, 1}),
                              },
                              std::move(children))});
  }
  fixed("fixed_binary", "w:3", std::string("abc\0\0\0\0\x01\x02xyz\xff\xff\xff", 15));
  {
    std::vector<ArrayHandle> items;
    items.push_back(MakeArray(4, 1, {Bits({1, 1, 1, 0}), Bytes<int64_t>({1, 2, 3, 0})}));
    cols.push_back(
        {Field("large_list", "+L", {Field("item", "l")}),
         MakeArray(5, 1, {valid, Bytes<int64_t>({0, 1, 1, 1, 3, 4})}, std::move(items))});
  }
  {
    std::vector<ArrayHandle> items;
    items.push_back(MakeArray(
        10, 2,
        {Bits({1, 1, 0, 0, 1, 0, 1, 1, 1, 1}), Bytes<int16_t>({1, 2, 0, 0, 3, 0, 5, 6, 7, 8})}));
    // Rows: [1,2], [null,null], null (items [3,null] hidden under it), [5,6], [7,8].
    cols.push_back({Field("fixed_list", "+w:2", {Field("item", "s")}),
                    MakeArray(5, 1, {Bits({1, 1, 0, 1, 1})}, std::move(items))});
  }
  {
    std::vector<ArrayHandle> kv;
    auto [ko, kd] = VarData<int32_t>({S("a"), S("b"), S("c"), S("d")});
    kv.push_back(MakeArray(4, 0, {std::nullopt, ko, kd}));
    kv.push_back(MakeArray(4, 1, {Bits({1, 1, 0, 1}), Bytes<int32_t>({1, 2, 0, 4})}));
    std::vector<ArrayHandle> entries;
    entries.push_back(MakeArray(4, 0, {std::nullopt}, std::move(kv)));
    ArrowField entries_field =
        Field("entries", "+s", {Field("key", "u", {}, false), Field("value", "i")}, false);
    cols.push_back({Field("map", "+m", {entries_field}),
                    MakeArray(5, 1, {Bits({1, 1, 0, 1, 1}), Bytes<int32_t>({0, 2, 2, 2, 3, 4})},
                              std::move(entries))});
  }
  fixed("duration_us", "tDu", Bytes<int64_t>({0, 1500000, 0, -2000000, 1}));
  fixed("interval_months", "tiM", Bytes<int32_t>({0, 14, 0, -1, 1}));
  fixed("interval_day_time", "tiD", Bytes<int32_t>({0, 0, 1, 1500, 0, 0, -1, 0, 0, -1}));
  {
    std::string mdn;
    auto add = [&mdn](int32_t m, int32_t d, int64_t ns) {
      mdn += Bytes<int32_t>({m, d}) + Bytes<int64_t>({ns});
    };
    add(0, 0, 0), add(1, 2, 3000000000), add(0, 0, 0), add(0, 0, -500000000), add(-1, 0, 1);
    fixed("interval_mdn", "tin", mdn);
  }
  cols.push_back({Field("null", "n"), MakeArray(5, 5, {})});
  {
    auto limbs = [](Int128 lo_value, bool negative) {
      // 256-bit two's complement from a 128-bit value, sign-extended.
      std::string out(reinterpret_cast<const char*>(&lo_value), 16);
      out += std::string(16, negative ? '\xff' : '\0');
      return out;
    };
    // 10^39 does not fit in 128 bits: build it as 10^20 * 10^19 in 256-bit arithmetic.
    const uint64_t ten19 = 10000000000000000000ull;
    const UInt128 ten20 = static_cast<UInt128>(ten19) * 10;
    // (ten20 * ten19) as 256 bits: split ten20 into 64-bit halves and multiply.
    const uint64_t a0 = static_cast<uint64_t>(ten20);
    const uint64_t a1 = static_cast<uint64_t>(ten20 >> 64);
    const UInt128 p0 = static_cast<UInt128>(a0) * ten19;
    const UInt128 p1 = static_cast<UInt128>(a1) * ten19 + (p0 >> 64);
    const uint64_t w[4] = {static_cast<uint64_t>(p0), static_cast<uint64_t>(p1),
                           static_cast<uint64_t>(p1 >> 64), 0};
    const std::string big(reinterpret_cast<const char*>(w), 32);
    fixed("decimal256", "d:40,5,256",
          limbs(1, false) + limbs(0, false) + limbs(0, false) + limbs(-100000, true) + big);
  }
  return cols;
}

// A struct batch of the columns (moved in) and its schema.
inline void MakeBatch(std::vector<TestColumn> columns, SchemaHandle* schema, ArrayHandle* batch,
                      int64_t length = 5) {
  ArrowField root;
  root.kind = ArrowKind::kStruct;
  root.nullable = false;
  std::vector<ArrayHandle> children;
  for (TestColumn& c : columns) {
    root.children.push_back(c.field);
    children.push_back(std::move(c.array));
  }
  ExportField(root, schema->get());
  *batch = MakeArray(length, 0, {std::nullopt}, std::move(children));
}

// Shallow copies of arrays with another offset/length; they borrow the originals' buffers and
// release nothing (the originals must outlive them).
class Slicer {
 public:
  // The array itself with `offset` and `length` (children shared).
  ArrowArray* Slice(const ArrowArray& a, int64_t offset, int64_t length) {
    ArrowArray& s = store_.emplace_back(a);
    s.offset = offset;
    s.length = length;
    s.null_count = -1;  // unknown for a slice: writers must count
    s.release = [](ArrowArray* x) { x->release = nullptr; };
    s.private_data = nullptr;
    return &s;
  }
  // A struct batch whose children are each sliced by `child_offset` (keeping the rows after).
  ArrowArray* SliceBatch(const ArrowArray& batch, int64_t offset, int64_t length,
                         int64_t child_offset) {
    auto& kids = children_.emplace_back();
    for (int64_t i = 0; i < batch.n_children; ++i) {
      const ArrowArray& c = *batch.children[i];
      kids.push_back(Slice(c, c.offset + child_offset, c.length - child_offset));
    }
    ArrowArray* s = Slice(batch, offset, length);
    s->null_count = 0;
    s->children = kids.data();
    return s;
  }

 private:
  std::deque<ArrowArray> store_;
  std::deque<std::vector<ArrowArray*>> children_;
};

}  // namespace trib::testing
