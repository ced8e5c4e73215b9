#include "connectors/files/file_selection.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace trib::files {

namespace {

using objectstore::ListPage;
using objectstore::ListRequest;
using objectstore::ObjectInfo;
using objectstore::ObjectStore;

bool IsHidden(std::string_view relative) {
  size_t start = 0;
  while (start < relative.size()) {
    if (relative[start] == '_' || relative[start] == '.') return true;
    const size_t slash = relative.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// One character class at pattern[0] == '['; sets `length` to the class's size in the pattern.
bool ClassMatch(std::string_view pattern, char c, size_t& length) {
  size_t i = 1;
  const bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool matched = false;
  bool first = true;
  for (; i < pattern.size() && (first || pattern[i] != ']'); ++i, first = false) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched = matched || (c >= pattern[i] && c <= pattern[i + 2]);
      i += 2;
    } else {
      matched = matched || c == pattern[i];
    }
  }
  if (i >= pattern.size()) {  // no closing ']': a literal '['
    length = 1;
    return c == '[';
  }
  length = i + 1;
  return c != '/' && matched != negate;
}

// Lists every object below `prefix`, page by page, stopping past the file cap.
Result<std::vector<ObjectInfo>> ListAll(ObjectStore& store, const std::string& prefix) {
  std::vector<ObjectInfo> out;
  ListRequest request;
  request.prefix = prefix;
  request.recursive = true;
  while (true) {
    TRIB_ASSIGN_OR_RETURN(ListPage page, store.List(request));
    for (ObjectInfo& object : page.objects) out.push_back(std::move(object));
    if (out.size() > kMaxSelectedFiles) {
      return Status::InvalidArgument("path", "'path' covers more than " +
                                                 std::to_string(kMaxSelectedFiles) +
                                                 " files; read a narrower directory or glob");
    }
    if (page.next_page_token.empty()) return out;
    request.page_token = page.next_page_token;
  }
}

Selection Finish(std::vector<SelectedFile> files) {
  std::sort(files.begin(), files.end(), [](const SelectedFile& a, const SelectedFile& b) {
    return a.object.key < b.object.key;
  });
  Selection selection;
  for (const SelectedFile& file : files) selection.total_bytes += file.object.size;
  selection.files = std::move(files);
  return selection;
}

}  // namespace

bool HasGlob(std::string_view path) { return path.find_first_of("*?[") != std::string_view::npos; }

namespace {

// match(pi, ti): pattern[pi..] matches text[ti..]. Memoised, and every star step is O(1)
// (either the star ends here or it eats one more character), so a match costs
// O(|pattern| x |text|) whatever the number of stars, where plain backtracking is exponential.
class GlobMatcher {
 public:
  GlobMatcher(std::string_view pattern, std::string_view text)
      : p_(pattern), t_(text), memo_((p_.size() + 1) * (t_.size() + 1), -1) {}

  bool Match(size_t pi, size_t ti) {
    int8_t& known = memo_[pi * (t_.size() + 1) + ti];
    if (known >= 0) return known != 0;
    const bool result = Compute(pi, ti);
    known = result ? 1 : 0;
    return result;
  }

 private:
  bool Compute(size_t pi, size_t ti) {
    if (pi == p_.size()) return ti == t_.size();
    if (p_.substr(pi).starts_with("**")) {
      // "**/" also matches no directory at all.
      if (pi + 2 < p_.size() && p_[pi + 2] == '/' && Match(pi + 3, ti)) return true;
      return Match(pi + 2, ti) || (ti < t_.size() && Match(pi, ti + 1));
    }
    if (p_[pi] == '*') {
      return Match(pi + 1, ti) || (ti < t_.size() && t_[ti] != '/' && Match(pi, ti + 1));
    }
    if (ti == t_.size()) return false;
    if (p_[pi] == '?') return t_[ti] != '/' && Match(pi + 1, ti + 1);
    if (p_[pi] == '[') {
      size_t length = 1;
      return ClassMatch(p_.substr(pi), t_[ti], length) && Match(pi + length, ti + 1);
    }
    return p_[pi] == t_[ti] && Match(pi + 1, ti + 1);
  }

  std::string_view p_;
  std::string_view t_;
  std::vector<int8_t> memo_;
};

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  return GlobMatcher(pattern, text).Match(0, 0);
}

Result<Selection> SelectFiles(ObjectStore& store, const std::string& base, std::string_view path) {
  std::string relative_path(path);
  while (relative_path.ends_with('/')) relative_path.pop_back();
  if (!relative_path.empty()) {
    // The literal part must be a valid key; glob characters are legal key characters.
    TRIB_RETURN_IF_ERROR(objectstore::CheckObjectKey("path", relative_path));
  }
  std::vector<SelectedFile> files;
  if (HasGlob(relative_path)) {
    const auto wildcards = std::count_if(relative_path.begin(), relative_path.end(),
                                         [](char c) { return c == '*' || c == '?' || c == '['; });
    if (relative_path.size() > kMaxGlobBytes || wildcards > kMaxGlobWildcards) {
      return Status::InvalidArgument(
          "path", "'path' is too complex a glob: at most " + std::to_string(kMaxGlobBytes) +
                      " characters and " + std::to_string(kMaxGlobWildcards) + " wildcards");
    }
    const size_t first = relative_path.find_first_of("*?[");
    const size_t slash = relative_path.rfind('/', first);
    const std::string root = slash == std::string::npos ? "" : relative_path.substr(0, slash + 1);
    TRIB_ASSIGN_OR_RETURN(auto objects, ListAll(store, base + root));
    for (ObjectInfo& object : objects) {
      const std::string below_base = object.key.substr(base.size());
      std::string relative = below_base.substr(root.size());
      if (IsHidden(relative) || !GlobMatch(relative_path, below_base)) continue;
      files.push_back({std::move(object), std::move(relative)});
    }
  } else {
    if (!relative_path.empty()) {
      auto single = store.Stat(base + relative_path);
      if (single.ok()) {
        const size_t slash = relative_path.rfind('/');
        std::string name =
            slash == std::string::npos ? relative_path : relative_path.substr(slash + 1);
        files.push_back({std::move(single).value(), std::move(name)});
        return Finish(std::move(files));
      }
      if (single.status().code() != StatusCode::kNotFound) return single.status();
    }
    const std::string root = relative_path.empty() ? "" : relative_path + "/";
    TRIB_ASSIGN_OR_RETURN(auto objects, ListAll(store, base + root));
    for (ObjectInfo& object : objects) {
      std::string relative = object.key.substr(base.size() + root.size());
      if (IsHidden(relative)) continue;
      files.push_back({std::move(object), std::move(relative)});
    }
  }
  if (files.empty()) {
    return Status(StatusCode::kNotFound,
                  relative_path.empty()
                      ? std::string("the data source's path holds no file to read")
                      : "no file matches 'path' " + relative_path,
                  "path");
  }
  return Finish(std::move(files));
}

}  // namespace trib::files
