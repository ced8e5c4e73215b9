#include "object_store_suite.h"

#include <algorithm>

namespace trib::testing {

objectstore::ObjectInfo ObjectStoreSuite::Put(const std::string& key, const std::string& bytes,
                                              bool overwrite) {
  objectstore::WriteOptions options;
  options.overwrite = overwrite;
  Result<std::unique_ptr<objectstore::ObjectWriter>> writer = store().Write(key, options);
  EXPECT_TRUE(writer.ok()) << key << ": " << writer.status().ToString();
  if (!writer.ok()) return {};
  // Uneven appends, so a store that keeps only the last one fails the read-back.
  const size_t step = std::max<size_t>(1, bytes.size() / 3 + 7);
  for (size_t at = 0; at < bytes.size(); at += step) {
    const Status appended = (*writer)->Append(std::string_view(bytes).substr(at, step));
    EXPECT_TRUE(appended.ok()) << key << ": " << appended.ToString();
  }
  Result<objectstore::ObjectInfo> info = (*writer)->Commit();
  EXPECT_TRUE(info.ok()) << key << ": " << info.status().ToString();
  return info.ok() ? *info : objectstore::ObjectInfo{};
}

std::string ObjectStoreSuite::Get(const std::string& key) {
  Result<objectstore::ObjectInfo> info = store().Stat(key);
  EXPECT_TRUE(info.ok()) << key << ": " << info.status().ToString();
  if (!info.ok()) return "";
  Result<std::string> bytes = store().ReadRange(key, 0, info->size);
  EXPECT_TRUE(bytes.ok()) << key << ": " << bytes.status().ToString();
  return bytes.ok() ? *bytes : "";
}

ObjectStoreSuite::Listed ObjectStoreSuite::ListAll(const std::string& prefix, bool recursive,
                                                   int64_t page_size) {
  Listed listed;
  objectstore::ListRequest request;
  request.prefix = prefix;
  request.recursive = recursive;
  request.page_size = page_size;
  for (int pages = 0; pages < 10000; ++pages) {
    Result<objectstore::ListPage> page = store().List(request);
    EXPECT_TRUE(page.ok()) << "'" << prefix << "': " << page.status().ToString();
    if (!page.ok()) break;
    for (const objectstore::ObjectInfo& object : page->objects)
      listed.objects.push_back(object.key);
    listed.prefixes.insert(listed.prefixes.end(), page->prefixes.begin(), page->prefixes.end());
    if (page->next_page_token.empty()) break;
    request.page_token = page->next_page_token;
  }
  return listed;
}

}  // namespace trib::testing
