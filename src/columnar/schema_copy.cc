#include "columnar/schema_copy.h"

#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "columnar/schema_node.h"

namespace trib {

namespace {

// The metadata's byte length, walking its length-prefixed entries.
size_t MetadataSize(const char* metadata) {
  auto read32 = [](const char* p) {
    int32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  const char* p = metadata;
  const int32_t count = read32(p);
  p += 4;
  for (int32_t i = 0; i < count * 2; ++i) {
    const int32_t length = read32(p);
    p += 4 + length;
  }
  return static_cast<size_t>(p - metadata);
}

}  // namespace

void CopySchema(const ArrowSchema& source, ArrowSchema* out) {
  SchemaNodeParts parts;
  parts.format = source.format != nullptr ? source.format : "";
  if (source.name != nullptr) parts.name = source.name;
  if (source.metadata != nullptr) {
    parts.metadata = std::string(source.metadata, MetadataSize(source.metadata));
  }
  parts.flags = source.flags;
  parts.children.reserve(static_cast<size_t>(source.n_children));
  for (int64_t i = 0; i < source.n_children; ++i) {
    auto* child = new ArrowSchema{};
    CopySchema(*source.children[i], child);
    parts.children.push_back(child);
  }
  if (source.dictionary != nullptr) {
    parts.dictionary = new ArrowSchema{};
    CopySchema(*source.dictionary, parts.dictionary);
  }
  FillSchemaNode(std::move(parts), out);
}

}  // namespace trib
