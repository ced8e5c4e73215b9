// Dictionary-encoded columns as plain columns of their values. DuckDB hands its ENUMs over as
// dictionaries (an unsigned index into utf8 labels); the writers and most consumers want the
// labels, so the DuckDB reader decodes them before a batch leaves it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "columnar/arrow_c_abi.h"
#include "common/status.h"

namespace trib {

// True for the Arrow integer formats that can index a dictionary (c C s S i I l L).
bool IsDictionaryIndexFormat(std::string_view format);

// Fills `out` with a utf8 array of the values of `encoded`'s utf8 dictionary that its indices
// (of Arrow format `index_format`) pick; nulls stay null. `encoded` is left as it was.
Status DecodeUtf8Dictionary(const ArrowArray& encoded, std::string_view index_format,
                            ArrowArray* out);

// A column of a struct batch to decode: its position and the format of its indices.
struct DictionaryColumn {
  size_t index;
  std::string index_format;
};

// Replaces `batch` (a struct array) by one whose `columns` are decoded; the other children move
// over unchanged. On an error `batch` is released.
Status DecodeDictionaryColumns(const std::vector<DictionaryColumn>& columns, ArrowArray* batch);

}  // namespace trib
