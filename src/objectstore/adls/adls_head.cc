#include "objectstore/adls/adls_head.h"

#include <charconv>

#include "common/strings.h"
#include "objectstore/adls/adls_errors.h"
#include "objectstore/adls/adls_xml.h"

namespace trib::objectstore {

Result<ObjectInfo> HeadBlob(AdlsClient& client, const std::string& blob, std::string_view key) {
  const std::string what = "Azure Get Blob Properties '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(AdlsResponse head, client.Send(what, {.method = "HEAD", .blob = blob}));
  const bool directory = head.ok() && (head.Header("x-ms-resource-type") == "directory" ||
                                       ToLower(head.Header("x-ms-meta-hdi_isfolder")) == "true");
  if (directory ||
      (head.status == 404 && (head.error.code.empty() || head.error.code == "BlobNotFound"))) {
    return Status(StatusCode::kNotFound,
                  "no object '" + std::string(key) + "' in the adls container", "path");
  }
  if (!head.ok()) {
    return AdlsErrorStatus(what, head.status, head.error, client.settings().auth.field);
  }
  ObjectInfo info;
  info.key = std::string(key);
  const std::string length = head.Header("content-length");
  const auto parsed = std::from_chars(length.data(), length.data() + length.size(), info.size);
  if (parsed.ec != std::errc() || parsed.ptr != length.data() + length.size() || info.size < 0) {
    return Status::Unavailable(what + " failed: Azure sent no valid Content-Length");
  }
  TRIB_ASSIGN_OR_RETURN(info.modified_ms, ParseRfc1123Ms(head.Header("last-modified")));
  info.etag = UnquoteEtag(head.Header("etag"));
  return info;
}

}  // namespace trib::objectstore
