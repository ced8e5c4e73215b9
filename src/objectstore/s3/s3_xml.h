// Reading S3's answers: ListObjectsV2 pages, the upload id of a new multipart upload, and the
// RFC 7231 dates of HEAD answers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

// A ListObjectsV2 answer sent with encoding-type=url, its keys and prefixes made relative by
// cutting `root` (the store's prefix) off. Keys ending in '/' are the "folder" markers consoles
// create: no store lists directories as objects, so they are left out.
Result<ListPage> ParseListObjectsV2(std::string_view xml, std::string_view root);

// <InitiateMultipartUploadResult><UploadId>.
Result<std::string> ParseUploadId(std::string_view xml);

// "Wed, 12 Oct 2009 17:50:00 GMT" -> epoch ms.
Result<int64_t> ParseHttpDateMs(std::string_view text);

// "%2Fa+b" -> "/a b": the decoding S3's encoding-type=url asks for ('+' is a space there).
std::string UrlDecode(std::string_view text);

}  // namespace trib::objectstore
