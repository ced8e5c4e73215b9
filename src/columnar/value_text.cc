#include "columnar/value_text.h"

#include <cstring>

#include "columnar/text_primitives.h"

namespace trib {

namespace {

const uint8_t* Buffer(const ArrayView& v, int i) {
  return static_cast<const uint8_t*>(v.array->buffers[i]);
}

// The child range of list value `i`: [begin, end) in the child's logical indexes.
void ListRange(const ArrayView& v, int64_t i, int64_t* begin, int64_t* end) {
  const int64_t j = v.array->offset + i;
  switch (v.field->kind) {
    case ArrowKind::kLargeList: {
      const auto* o = reinterpret_cast<const int64_t*>(Buffer(v, 1));
      *begin = o[j];
      *end = o[j + 1];
      break;
    }
    case ArrowKind::kFixedList:
      *begin = j * v.field->width;
      *end = *begin + v.field->width;
      break;
    default: {
      const auto* o = reinterpret_cast<const int32_t*>(Buffer(v, 1));
      *begin = o[j];
      *end = o[j + 1];
      break;
    }
  }
}

int64_t TimeValue(const ArrayView& v, int64_t i) {
  return v.field->ValueBytes() == 4 ? v.Value<int32_t>(i) : v.Value<int64_t>(i);
}

// Values whose JSON and CSV texts are the same bare token (no quotes in either).
bool AppendBareValue(std::string& out, const ArrayView& v, int64_t i) {
  const ArrowField& f = *v.field;
  switch (f.kind) {
    case ArrowKind::kBool: {
      const int64_t j = v.array->offset + i;
      out += ((Buffer(v, 1)[j >> 3] >> (j & 7)) & 1) != 0 ? "true" : "false";
      return true;
    }
    case ArrowKind::kInt:
      switch (f.bit_width) {
        case 8:
          f.is_signed ? text::AppendInt(out, v.Value<int8_t>(i))
                      : text::AppendUInt(out, v.Value<uint8_t>(i));
          break;
        case 16:
          f.is_signed ? text::AppendInt(out, v.Value<int16_t>(i))
                      : text::AppendUInt(out, v.Value<uint16_t>(i));
          break;
        case 32:
          f.is_signed ? text::AppendInt(out, v.Value<int32_t>(i))
                      : text::AppendUInt(out, v.Value<uint32_t>(i));
          break;
        default:
          f.is_signed ? text::AppendInt(out, v.Value<int64_t>(i))
                      : text::AppendUInt(out, v.Value<uint64_t>(i));
          break;
      }
      return true;
    default:
      return false;
  }
}

// Values rendered as text that JSON puts in quotes and CSV leaves bare; false for the others.
bool AppendTextValue(std::string& out, const ArrayView& v, int64_t i) {
  const ArrowField& f = *v.field;
  switch (f.kind) {
    case ArrowKind::kDecimal: {
      const int64_t bytes = f.bit_width / 8;
      text::AppendDecimal(out, Buffer(v, 1) + (v.array->offset + i) * bytes,
                          static_cast<int>(bytes), f.scale);
      return true;
    }
    case ArrowKind::kDate32:
      text::AppendDate(out, v.Value<int32_t>(i));
      return true;
    case ArrowKind::kDate64: {
      const int64_t ms = v.Value<int64_t>(i);
      text::AppendDate(out, ms >= 0 ? ms / 86400000 : -((-(ms + 1)) / 86400000) - 1);
      return true;
    }
    case ArrowKind::kTime32:
    case ArrowKind::kTime64:
      text::AppendTimeOfDay(out, TimeValue(v, i), f.unit);
      return true;
    case ArrowKind::kTimestamp:
      text::AppendTimestamp(out, v.Value<int64_t>(i), f.unit, !f.timezone.empty());
      return true;
    case ArrowKind::kDuration:
      text::AppendDuration(out, v.Value<int64_t>(i), f.unit);
      return true;
    case ArrowKind::kIntervalMonths:
      text::AppendInterval(out, v.Value<int32_t>(i), 0, 0);
      return true;
    case ArrowKind::kIntervalDayTime: {
      const auto* p = Buffer(v, 1) + (v.array->offset + i) * 8;
      int32_t parts[2];
      std::memcpy(parts, p, 8);
      text::AppendInterval(out, 0, parts[0], int64_t{parts[1]} * 1000000);
      return true;
    }
    case ArrowKind::kIntervalMonthDayNano: {
      const auto* p = Buffer(v, 1) + (v.array->offset + i) * 16;
      int32_t md[2];
      int64_t nanos;
      std::memcpy(md, p, 8);
      std::memcpy(&nanos, p + 8, 8);
      text::AppendInterval(out, md[0], md[1], nanos);
      return true;
    }
    default:
      return false;
  }
}

void AppendNumber(std::string& out, double value, bool json) {
  if (json && !text::IsFinite(value)) {
    out.push_back('"');
    text::AppendDouble(out, value);
    out.push_back('"');
  } else {
    text::AppendDouble(out, value);
  }
}

void AppendFloatValue(std::string& out, const ArrayView& v, int64_t i, bool json) {
  switch (v.field->bit_width) {
    case 16:
      return AppendNumber(out, text::HalfToFloat(v.Value<uint16_t>(i)), json);
    case 32: {
      const float value = v.Value<float>(i);
      if (!text::IsFinite(value)) return AppendNumber(out, value, json);
      return text::AppendFloat(out, value);
    }
    default:
      return AppendNumber(out, v.Value<double>(i), json);
  }
}

bool IsBinary(ArrowKind kind) {
  return kind == ArrowKind::kBinary || kind == ArrowKind::kLargeBinary ||
         kind == ArrowKind::kBinaryView || kind == ArrowKind::kFixedBinary;
}

bool IsString(ArrowKind kind) {
  return kind == ArrowKind::kUtf8 || kind == ArrowKind::kLargeUtf8 || kind == ArrowKind::kUtf8View;
}

}  // namespace

std::string_view ArrayView::Bytes(int64_t i) const {
  const int64_t j = array->offset + i;
  switch (field->kind) {
    case ArrowKind::kUtf8:
    case ArrowKind::kBinary: {
      const auto* o = reinterpret_cast<const int32_t*>(array->buffers[1]);
      return {static_cast<const char*>(array->buffers[2]) + o[j],
              static_cast<size_t>(o[j + 1] - o[j])};
    }
    case ArrowKind::kLargeUtf8:
    case ArrowKind::kLargeBinary: {
      const auto* o = reinterpret_cast<const int64_t*>(array->buffers[1]);
      return {static_cast<const char*>(array->buffers[2]) + o[j],
              static_cast<size_t>(o[j + 1] - o[j])};
    }
    case ArrowKind::kUtf8View:
    case ArrowKind::kBinaryView: {
      const char* view = static_cast<const char*>(array->buffers[1]) + j * 16;
      int32_t size;
      std::memcpy(&size, view, 4);
      if (size <= 12) return {view + 4, static_cast<size_t>(size)};
      int32_t index;
      int32_t offset;
      std::memcpy(&index, view + 8, 4);
      std::memcpy(&offset, view + 12, 4);
      return {static_cast<const char*>(array->buffers[2 + index]) + offset,
              static_cast<size_t>(size)};
    }
    case ArrowKind::kFixedBinary:
      return {static_cast<const char*>(array->buffers[1]) + j * field->width,
              static_cast<size_t>(field->width)};
    default:
      return {};
  }
}

Status MakeArrayView(const ArrowField& field, const ArrowArray& array, const std::string& path,
                     ArrayView* out) {
  const std::string where = "column '" + path + "'";
  const bool views = field.kind == ArrowKind::kUtf8View || field.kind == ArrowKind::kBinaryView;
  const int64_t want = field.CBufferCount();
  if (array.release == nullptr || (views ? array.n_buffers < want : array.n_buffers != want) ||
      (array.n_buffers > 0 && array.buffers == nullptr)) {
    return Status::InvalidArgument(path, where + " of type " + field.TypeName() + " has " +
                                             std::to_string(array.n_buffers) +
                                             " buffers, expected " + std::to_string(want));
  }
  if (array.n_children != static_cast<int64_t>(field.children.size()) ||
      (array.n_children > 0 && array.children == nullptr)) {
    return Status::InvalidArgument(path, where + " has " + std::to_string(array.n_children) +
                                             " children, its type " +
                                             std::to_string(field.children.size()));
  }
  for (int64_t b = 1; b < array.n_buffers && array.length > 0; ++b) {
    // Views have no data buffers when all values are inline; the rest need theirs.
    if (array.buffers[b] == nullptr && !(views && b >= 2)) {
      // An all-empty utf8/binary column may leave its data buffer out.
      const bool empty_data = b == 2 && !views;
      if (!empty_data) {
        return Status::InvalidArgument(path, where + " lacks buffer " + std::to_string(b));
      }
    }
  }
  out->field = &field;
  out->array = &array;
  out->validity = field.kind == ArrowKind::kNull || array.null_count == 0
                      ? nullptr
                      : static_cast<const uint8_t*>(array.buffers[0]);
  if (field.kind != ArrowKind::kNull && array.null_count != 0 && out->validity == nullptr &&
      array.null_count > 0) {
    return Status::InvalidArgument(path, where + " has nulls but no validity bitmap");
  }
  out->children.resize(field.children.size());
  for (size_t c = 0; c < field.children.size(); ++c) {
    TRIB_RETURN_IF_ERROR(MakeArrayView(field.children[c], *array.children[c],
                                       path + "." + field.children[c].name, &out->children[c]));
  }
  return Status::Ok();
}

Status MakeBatchViews(const ArrowField& schema, const ArrowArray& batch,
                      std::vector<ArrayView>* columns) {
  if (batch.release == nullptr) return Status::InvalidArgument("batch", "the batch was released");
  if (batch.n_children != static_cast<int64_t>(schema.children.size()) ||
      (batch.n_children > 0 && batch.children == nullptr) || batch.length < 0 || batch.offset < 0) {
    return Status::InvalidArgument("batch", "the batch has " + std::to_string(batch.n_children) +
                                                " columns, the schema " +
                                                std::to_string(schema.children.size()));
  }
  columns->resize(schema.children.size());
  for (size_t c = 0; c < schema.children.size(); ++c) {
    const ArrowField& field = schema.children[c];
    TRIB_RETURN_IF_ERROR(MakeArrayView(field, *batch.children[c], field.name, &(*columns)[c]));
    if ((*columns)[c].array->length < batch.offset + batch.length) {
      return Status::InvalidArgument(field.name,
                                     "column '" + field.name + "' is shorter than the batch");
    }
  }
  return Status::Ok();
}

void AppendJsonValue(std::string& out, const ArrayView& v, int64_t i) {
  const ArrowField& f = *v.field;
  if (f.kind == ArrowKind::kNull || v.IsNull(i)) {
    out += "null";
    return;
  }
  if (AppendBareValue(out, v, i)) return;
  if (f.kind == ArrowKind::kFloat) return AppendFloatValue(out, v, i, true);
  if (IsString(f.kind)) {
    const std::string_view s = v.Bytes(i);
    return text::AppendJsonString(out, reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  if (IsBinary(f.kind)) {
    const std::string_view s = v.Bytes(i);
    out.push_back('"');
    text::AppendBase64(out, reinterpret_cast<const uint8_t*>(s.data()), s.size());
    out.push_back('"');
    return;
  }
  switch (f.kind) {
    case ArrowKind::kList:
    case ArrowKind::kLargeList:
    case ArrowKind::kFixedList: {
      int64_t begin = 0;
      int64_t end = 0;
      ListRange(v, i, &begin, &end);
      out.push_back('[');
      for (int64_t k = begin; k < end; ++k) {
        if (k > begin) out.push_back(',');
        AppendJsonValue(out, v.children[0], k);
      }
      out.push_back(']');
      return;
    }
    case ArrowKind::kStruct: {
      out.push_back('{');
      for (size_t c = 0; c < v.children.size(); ++c) {
        if (c > 0) out.push_back(',');
        text::AppendJsonString(out, f.children[c].name);
        out.push_back(':');
        AppendJsonValue(out, v.children[c], v.array->offset + i);
      }
      out.push_back('}');
      return;
    }
    case ArrowKind::kMap: {
      int64_t begin = 0;
      int64_t end = 0;
      ListRange(v, i, &begin, &end);
      const ArrayView& entries = v.children[0];
      out.push_back('{');
      std::string key;
      for (int64_t k = begin; k < end; ++k) {
        if (k > begin) out.push_back(',');
        const int64_t e = entries.array->offset + k;  // struct offset applies to its children
        const ArrayView& keys = entries.children[0];
        if (IsString(keys.field->kind) && !keys.IsNull(e)) {
          AppendJsonValue(out, keys, e);
        } else {
          key.clear();
          AppendJsonValue(key, keys, e);
          if (key.empty() || key[0] != '"') {
            text::AppendJsonString(out, key);
          } else {
            out += key;
          }
        }
        out.push_back(':');
        AppendJsonValue(out, entries.children[1], e);
      }
      out.push_back('}');
      return;
    }
    default:
      out.push_back('"');
      AppendTextValue(out, v, i);
      out.push_back('"');
      return;
  }
}

void AppendCsvValue(std::string& out, const ArrayView& v, int64_t i, char delimiter) {
  const ArrowField& f = *v.field;
  if (f.kind == ArrowKind::kNull || v.IsNull(i)) return;
  if (AppendBareValue(out, v, i) || AppendTextValue(out, v, i)) return;
  if (f.kind == ArrowKind::kFloat) return AppendFloatValue(out, v, i, false);
  if (IsString(f.kind)) {
    const std::string_view s = v.Bytes(i);
    return text::AppendCsvField(out, s.data(), s.size(), delimiter);
  }
  if (IsBinary(f.kind)) {
    const std::string_view s = v.Bytes(i);
    if (s.empty()) {
      out += "\"\"";  // an empty field would read back as NULL
      return;
    }
    return text::AppendBase64(out, reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  // Lists, structs and maps: their JSON text, quoted as one field.
  thread_local std::string json;
  json.clear();
  AppendJsonValue(json, v, i);
  text::AppendCsvField(out, json.data(), json.size(), delimiter);
}

}  // namespace trib
