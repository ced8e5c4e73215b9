#include "objectstore/adls/adls_xml.h"

#include <ctime>

#include <pugixml.hpp>

#include "common/strings.h"

namespace trib::objectstore {

namespace {

Status NotAzure(std::string_view what) {
  return Status::Unavailable("Azure Storage answered with a document that is not " +
                             std::string(what));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A <Name>, which Azure percent-encodes (Encoded="true") when it holds characters XML cannot.
std::string NameOf(const pugi::xml_node& item) {
  const pugi::xml_node name = item.child("Name");
  const std::string text = name.text().get();
  return name.attribute("Encoded").as_bool(false) ? PercentDecode(text) : text;
}

bool IsDirectory(const pugi::xml_node& blob) {
  const std::string type = blob.child("Properties").child("ResourceType").text().get();
  if (type == "directory") return true;
  for (pugi::xml_node meta : blob.child("Metadata").children()) {
    if (ToLower(meta.name()) == "hdi_isfolder" && ToLower(meta.text().get()) == "true") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string UnquoteEtag(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

Result<int64_t> ParseRfc1123Ms(std::string_view text) {
  std::tm tm{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') {
    return Status::Unavailable("Azure Storage sent a date that is not an HTTP date: '" +
                               copy.substr(0, 40) + "'");
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

Result<ListPage> ParseListBlobs(std::string_view xml, std::string_view root) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return NotAzure("XML");
  const pugi::xml_node result = doc.child("EnumerationResults");
  if (!result) return NotAzure("an EnumerationResults");
  ListPage page;
  for (pugi::xml_node item : result.child("Blobs").children()) {
    const std::string_view kind = item.name();
    if (kind == "Blob") {
      std::string key = NameOf(item);
      if (!key.starts_with(root) || IsDirectory(item)) continue;
      key.erase(0, root.size());
      if (key.empty() || key.back() == '/') continue;
      const pugi::xml_node properties = item.child("Properties");
      ObjectInfo info;
      info.key = std::move(key);
      info.size = properties.child("Content-Length").text().as_llong(-1);
      info.etag = UnquoteEtag(properties.child("Etag").text().get());
      TRIB_ASSIGN_OR_RETURN(info.modified_ms,
                            ParseRfc1123Ms(properties.child("Last-Modified").text().get()));
      page.objects.push_back(std::move(info));
    } else if (kind == "BlobPrefix") {
      std::string prefix = NameOf(item);
      if (!prefix.starts_with(root)) continue;
      prefix.erase(0, root.size());
      if (!prefix.empty()) page.prefixes.push_back(std::move(prefix));
    }
  }
  page.next_page_token = result.child("NextMarker").text().get();
  return page;
}

AdlsError ParseAdlsError(std::string_view xml) {
  AdlsError error;
  pugi::xml_document doc;
  if (xml.empty() || !doc.load_buffer(xml.data(), xml.size())) return error;
  const pugi::xml_node root = doc.child("Error");
  error.code = root.child("Code").text().get();
  error.message = root.child("Message").text().get();
  return error;
}

}  // namespace trib::objectstore
