#include "objectstore/s3/s3_xml.h"

#include <ctime>

#include <pugixml.hpp>

#include "cloud/aws/aws_xml.h"

namespace trib::objectstore {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view LocalName(const char* name) {
  std::string_view view(name);
  const size_t colon = view.find(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == name) return child;
  }
  return {};
}

Status NotS3(std::string_view what) {
  return Status::Unavailable("S3 answered with a document that is not " + std::string(what));
}

}  // namespace

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Result<ListPage> ParseListObjectsV2(std::string_view xml, std::string_view root) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return NotS3("XML");
  const pugi::xml_node result = doc.document_element();
  if (LocalName(result.name()) != "ListBucketResult") return NotS3("a ListBucketResult");
  const bool encoded = std::string_view(Child(result, "EncodingType").text().get()) == "url";
  const auto decode = [&](const char* text) {
    return encoded ? UrlDecode(text) : std::string(text);
  };

  ListPage page;
  for (pugi::xml_node node : result.children()) {
    if (node.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(node.name());
    if (name == "Contents") {
      std::string key = decode(Child(node, "Key").text().get());
      if (!key.starts_with(root)) continue;  // not below the store's root: never ours to show
      key.erase(0, root.size());
      if (key.empty() || key.back() == '/') continue;
      ObjectInfo info;
      info.key = std::move(key);
      info.size = Child(node, "Size").text().as_llong(0);
      info.etag = Child(node, "ETag").text().get();
      TRIB_ASSIGN_OR_RETURN(info.modified_ms,
                            aws::ParseIso8601Ms(Child(node, "LastModified").text().get()));
      page.objects.push_back(std::move(info));
    } else if (name == "CommonPrefixes") {
      std::string prefix = decode(Child(node, "Prefix").text().get());
      if (!prefix.starts_with(root)) continue;
      prefix.erase(0, root.size());
      if (!prefix.empty()) page.prefixes.push_back(std::move(prefix));
    }
  }
  if (std::string_view(Child(result, "IsTruncated").text().get()) == "true") {
    page.next_page_token = Child(result, "NextContinuationToken").text().get();
    if (page.next_page_token.empty()) return NotS3("a complete page (no continuation token)");
  }
  return page;
}

Result<std::string> ParseUploadId(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return NotS3("XML");
  const std::string id = Child(doc.document_element(), "UploadId").text().get();
  if (id.empty()) return NotS3("an InitiateMultipartUploadResult");
  return id;
}

Result<int64_t> ParseHttpDateMs(std::string_view text) {
  std::tm tm{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') {
    return Status::Unavailable("S3 sent a date that is not an HTTP date: '" + copy.substr(0, 40) +
                               "'");
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

}  // namespace trib::objectstore
