#include "columnar/schema_node.h"

#include <utility>

namespace trib {

namespace {

// Frees a schema the node owns (a child or the dictionary) unless a consumer moved it out.
void ReleaseOwned(ArrowSchema* schema) {
  if (schema->release != nullptr) schema->release(schema);
  delete schema;
}

void ReleaseSchemaNode(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) return;
  auto* parts = static_cast<SchemaNodeParts*>(schema->private_data);
  for (ArrowSchema* child : parts->children) ReleaseOwned(child);
  if (parts->dictionary != nullptr) ReleaseOwned(parts->dictionary);
  delete parts;
  schema->release = nullptr;
}

}  // namespace

void FillSchemaNode(SchemaNodeParts parts, ArrowSchema* out) {
  // One allocation per node: the strings and the child pointer array live in it.
  auto* node = new SchemaNodeParts(std::move(parts));
  out->format = node->format.c_str();
  out->name = node->name ? node->name->c_str() : nullptr;
  out->metadata = node->metadata ? node->metadata->data() : nullptr;
  out->flags = node->flags;
  out->n_children = static_cast<int64_t>(node->children.size());
  out->children = node->children.empty() ? nullptr : node->children.data();
  out->dictionary = node->dictionary;
  out->release = ReleaseSchemaNode;
  out->private_data = node;
}

}  // namespace trib
