// The one way tributary allocates ArrowSchema nodes (Arrow C Data Interface): the node owns
// its format, name and metadata strings, its children and its dictionary, and its release
// callback frees them all. Used to export tributary's own types and to copy foreign schemas.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "columnar/arrow_c_abi.h"

namespace trib {

struct SchemaNodeParts {
  std::string format;
  std::optional<std::string> name;      // nullopt: out->name is nullptr
  std::optional<std::string> metadata;  // Arrow C metadata bytes; nullopt: out->metadata is null
  int64_t flags = 0;                    // ARROW_FLAG_*
  // Taken over by the node: each allocated with `new ArrowSchema` and filled (or released).
  std::vector<ArrowSchema*> children;
  ArrowSchema* dictionary = nullptr;  // likewise; nullptr when not dictionary-encoded
};

// Fills `out` with a node owning `parts`; out->release frees it, its children and dictionary.
void FillSchemaNode(SchemaNodeParts parts, ArrowSchema* out);

}  // namespace trib
