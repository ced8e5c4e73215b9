#include "columnar/schema_copy.h"

#include <cstring>
#include <string>
#include <vector>

namespace trib {

namespace {

struct CopiedNode {
  std::string format;
  std::string name;
  std::string metadata;  // binary: int32 count, then length-prefixed keys and values
  bool has_metadata = false;
  std::vector<ArrowSchema*> children;
  ArrowSchema* dictionary = nullptr;
};

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

void ReleaseCopy(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) return;
  auto* node = static_cast<CopiedNode*>(schema->private_data);
  for (ArrowSchema* child : node->children) {
    if (child->release != nullptr) child->release(child);
    delete child;
  }
  if (node->dictionary != nullptr) {
    if (node->dictionary->release != nullptr) node->dictionary->release(node->dictionary);
    delete node->dictionary;
  }
  delete node;
  schema->release = nullptr;
}

}  // namespace

void CopySchema(const ArrowSchema& source, ArrowSchema* out) {
  auto* node = new CopiedNode();
  node->format = source.format != nullptr ? source.format : "";
  node->name = source.name != nullptr ? source.name : "";
  if (source.metadata != nullptr) {
    node->has_metadata = true;
    node->metadata.assign(source.metadata, MetadataSize(source.metadata));
  }
  for (int64_t i = 0; i < source.n_children; ++i) {
    auto* child = new ArrowSchema{};
    CopySchema(*source.children[i], child);
    node->children.push_back(child);
  }
  if (source.dictionary != nullptr) {
    node->dictionary = new ArrowSchema{};
    CopySchema(*source.dictionary, node->dictionary);
  }
  out->format = node->format.c_str();
  out->name = source.name != nullptr ? node->name.c_str() : nullptr;
  out->metadata = node->has_metadata ? node->metadata.data() : nullptr;
  out->flags = source.flags;
  out->n_children = source.n_children;
  out->children = node->children.empty() ? nullptr : node->children.data();
  out->dictionary = node->dictionary;
  out->release = ReleaseCopy;
  out->private_data = node;
}

}  // namespace trib
