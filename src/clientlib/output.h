// Text rendering of server answers for people: aligned tables and key/value listings, with
// control characters neutralised so that stored text cannot drive the terminal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clientlib/type_info.h"
#include "common/json.h"

namespace trib::cli {

// One JSON value as a single-line cell: strings as they are, null as "", lists joined by ", ".
std::string CellText(const Json& value);

// Columns wide as their widest cell, two spaces apart, no trailing blanks; header first.
std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows);

struct Column {
  std::string header;  // "NAME"
  std::string key;     // "name"
};
// A table of an array of objects, one row per object; absent keys give empty cells.
std::string RenderObjects(const Json& objects, const std::vector<Column>& columns);

// "key: value" lines, keys aligned; nested objects flattened ("arguments.region: eu").
std::string RenderKeyValues(const Json& object);

// object[key], or null when `object` is not an object or lacks the key: answers are read
// without trusting their shape.
Json Member(const Json& object, std::string_view key);

// The server's answer, indented, for --output json.
std::string RenderJson(const Json& value);

// A type's field table: FIELD, KIND, REQUIRED, SECRET, DEFAULT, DESCRIPTION.
std::string RenderFieldTable(const TypeInfo& type);

// Terminal columns a UTF-8 string takes (one per code point).
size_t DisplayWidth(std::string_view text);

}  // namespace trib::cli
