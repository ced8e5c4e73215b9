#include "columnar/schema_node.h"

#include <gtest/gtest.h>

#include <string>

#include "columnar/arrow_handles.h"
#include "columnar/arrow_type.h"
#include "columnar/column_type.h"
#include "columnar/schema_copy.h"

namespace trib {
namespace {

// A source schema on the stack (not released): a root without a name but with metadata, a
// dictionary-encoded column, and a sorted map with an extension-type value.
struct SourceSchema {
  std::string root_metadata = EncodeArrowMetadata({{"origin", "test"}, {"empty", ""}});
  std::string uuid_metadata = EncodeArrowMetadata({{"ARROW:extension:name", "arrow.uuid"}});
  ArrowSchema dictionary_values{};
  ArrowSchema city{};
  ArrowSchema key{};
  ArrowSchema value{};
  ArrowSchema* entry_children[2] = {&key, &value};
  ArrowSchema entries{};
  ArrowSchema* map_children[1] = {&entries};
  ArrowSchema map{};
  ArrowSchema* root_children[2] = {&city, &map};
  ArrowSchema root{};

  SourceSchema() {
    dictionary_values = {.format = "u", .name = nullptr, .flags = ARROW_FLAG_NULLABLE};
    city = {.format = "i", .name = "city", .flags = ARROW_FLAG_NULLABLE};
    city.dictionary = &dictionary_values;
    key = {.format = "u", .name = "key", .flags = 0};
    value = {.format = "w:16", .name = "value", .metadata = uuid_metadata.data(), .flags = 0};
    entries = {.format = "+s", .name = "entries", .flags = 0, .n_children = 2};
    entries.children = entry_children;
    map = {.format = "+m",
           .name = "tags",
           .flags = ARROW_FLAG_NULLABLE | ARROW_FLAG_MAP_KEYS_SORTED,
           .n_children = 1};
    map.children = map_children;
    root = {.format = "+s", .name = nullptr, .metadata = root_metadata.data(), .n_children = 2};
    root.children = root_children;
  }
};

void ExpectSameTree(const ArrowSchema& a, const ArrowSchema& b, const std::string& path) {
  SCOPED_TRACE(path);
  EXPECT_STREQ(a.format, b.format);
  ASSERT_EQ(a.name == nullptr, b.name == nullptr);
  if (a.name != nullptr) {
    EXPECT_STREQ(a.name, b.name);
  }
  ASSERT_EQ(a.metadata == nullptr, b.metadata == nullptr);
  if (a.metadata != nullptr) {
    EXPECT_NE(a.metadata, b.metadata);  // a copy, not a shared pointer
    EXPECT_EQ(ParseArrowMetadata(a.metadata), ParseArrowMetadata(b.metadata));
  }
  EXPECT_EQ(a.flags, b.flags);
  ASSERT_EQ(a.n_children, b.n_children);
  for (int64_t i = 0; i < a.n_children; ++i) {
    EXPECT_NE(a.children[i], b.children[i]);
    ExpectSameTree(*a.children[i], *b.children[i], path + "/" + std::to_string(i));
  }
  ASSERT_EQ(a.dictionary == nullptr, b.dictionary == nullptr);
  if (a.dictionary != nullptr) {
    ExpectSameTree(*a.dictionary, *b.dictionary, path + "/dict");
  }
}

TEST(SchemaCopyTest, CopiesNamesMetadataFlagsChildrenAndDictionary) {
  SourceSchema source;
  SchemaHandle copy;
  CopySchema(source.root, copy.get());
  ASSERT_NE(copy->release, nullptr);
  ExpectSameTree(source.root, *copy, "root");
  EXPECT_EQ(copy->name, nullptr);
  ASSERT_NE(copy->children[0]->dictionary, nullptr);
  EXPECT_STREQ(copy->children[0]->dictionary->format, "u");
  EXPECT_EQ(copy->children[1]->flags, ARROW_FLAG_NULLABLE | ARROW_FLAG_MAP_KEYS_SORTED);
  const auto metadata = ParseArrowMetadata(copy->children[1]->children[0]->children[1]->metadata);
  ASSERT_EQ(metadata.size(), 1u);
  EXPECT_EQ(metadata[0].second, "arrow.uuid");
}

TEST(SchemaCopyTest, CopiesAreReleasedOnTheirOwnAndChildrenCanBeMovedOut) {
  SourceSchema source;
  SchemaHandle first;
  SchemaHandle second;
  CopySchema(source.root, first.get());
  CopySchema(*first, second.get());
  // A consumer moves a child and the dictionary out (C Data Interface move semantics):
  // releasing the parent must leave them alone, and they release what they own.
  ArrowSchema moved_child = *second->children[1];
  second->children[1]->release = nullptr;
  ArrowSchema moved_dictionary = *second->children[0]->dictionary;
  second->children[0]->dictionary->release = nullptr;
  first.reset();
  ExpectSameTree(*source.root.children[1], moved_child, "moved");
  second.reset();
  EXPECT_STREQ(moved_dictionary.format, "u");
  moved_child.release(&moved_child);
  moved_dictionary.release(&moved_dictionary);
  EXPECT_EQ(moved_child.release, nullptr);
}

TEST(SchemaExportTest, ExportedFieldsKeepMetadataAndFlags) {
  ArrowField map;
  map.name = "tags";
  map.kind = ArrowKind::kMap;
  map.keys_sorted = true;
  ArrowField entries{.name = "entries", .nullable = false, .kind = ArrowKind::kStruct};
  entries.children.push_back({.name = "key", .nullable = false, .kind = ArrowKind::kUtf8});
  ArrowField value{.name = "value", .kind = ArrowKind::kFixedBinary, .width = 16};
  value.metadata = {{"ARROW:extension:name", "arrow.uuid"}};
  entries.children.push_back(value);
  map.children.push_back(entries);

  SchemaHandle exported;
  ExportField(map, exported.get());
  EXPECT_STREQ(exported->format, "+m");
  EXPECT_STREQ(exported->name, "tags");
  EXPECT_EQ(exported->flags, ARROW_FLAG_NULLABLE | ARROW_FLAG_MAP_KEYS_SORTED);
  EXPECT_EQ(exported->metadata, nullptr);  // no metadata: a null pointer, not an empty map
  EXPECT_EQ(exported->dictionary, nullptr);
  const ArrowSchema& exported_value = *exported->children[0]->children[1];
  EXPECT_EQ(exported_value.flags, ARROW_FLAG_NULLABLE);
  EXPECT_EQ(ParseArrowMetadata(exported_value.metadata), value.metadata);
  EXPECT_EQ(exported->children[0]->flags, 0);

  auto back = ArrowField::FromSchema(*exported);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->TypeName(), map.TypeName());
  EXPECT_EQ(back->children[0].children[1].metadata, value.metadata);
}

TEST(SchemaExportTest, ColumnsHaveNamesNoMetadataAndTheRootIsNotNullable) {
  SchemaHandle exported;
  ExportSchema({{"id", ColumnType::Of(TypeId::kInt64), false},
                {"tags", ColumnType::List(ColumnType::Of(TypeId::kUtf8))}},
               exported.get());
  EXPECT_STREQ(exported->name, "");
  EXPECT_EQ(exported->flags, 0);
  EXPECT_EQ(exported->metadata, nullptr);
  EXPECT_EQ(exported->children[1]->flags, ARROW_FLAG_NULLABLE);
  EXPECT_STREQ(exported->children[1]->children[0]->name, "item");
  EXPECT_EQ(exported->children[1]->children[0]->flags, ARROW_FLAG_NULLABLE);
  EXPECT_EQ(exported->children[1]->children[0]->n_children, 0);
  EXPECT_EQ(exported->children[1]->children[0]->children, nullptr);
  // Moving the list column out leaves the root releasable.
  ArrowSchema moved = *exported->children[1];
  exported->children[1]->release = nullptr;
  exported.reset();
  EXPECT_STREQ(moved.children[0]->format, "u");
  moved.release(&moved);
}

}  // namespace
}  // namespace trib
