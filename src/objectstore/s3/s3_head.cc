#include "objectstore/s3/s3_head.h"

#include <charconv>

#include "objectstore/s3/s3_errors.h"
#include "objectstore/s3/s3_xml.h"

namespace trib::objectstore {

Result<ObjectInfo> HeadS3Object(S3Client& client, const std::string& full_key,
                                std::string_view key) {
  const std::string what = "S3 HeadObject '" + std::string(key) + "'";
  TRIB_ASSIGN_OR_RETURN(S3Response head, client.Send(what, {.method = "HEAD", .key = full_key}));
  if (head.status == 404) {
    return Status(StatusCode::kNotFound, "no object '" + std::string(key) + "' in the S3 store",
                  "path");
  }
  if (!head.ok()) {
    // The same request as a GET comes back with S3's error document.
    TRIB_ASSIGN_OR_RETURN(
        S3Response probe,
        client.Send(what, {.method = "GET", .key = full_key, .headers = {{"Range", "bytes=0-0"}}}));
    if (!probe.ok() && !probe.error.code.empty()) {
      return S3ErrorStatus(what, probe.status, probe.error);
    }
    return S3ErrorStatus(what, head.status, head.error);
  }

  ObjectInfo info;
  info.key = std::string(key);
  const std::string length = head.Header("content-length");
  const auto parsed = std::from_chars(length.data(), length.data() + length.size(), info.size);
  if (parsed.ec != std::errc() || parsed.ptr != length.data() + length.size() || info.size < 0) {
    return Status::Unavailable(what + " failed: S3 sent no valid Content-Length");
  }
  TRIB_ASSIGN_OR_RETURN(info.modified_ms, ParseHttpDateMs(head.Header("last-modified")));
  info.etag = head.Header("etag");
  return info;
}

}  // namespace trib::objectstore
