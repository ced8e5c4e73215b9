// Reading the Blob service's answers: List Blobs pages, error documents and HTTP dates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "objectstore/adls/adls_client.h"
#include "objectstore/object_store.h"

namespace trib::objectstore {

// An <EnumerationResults> answer, names made relative by cutting `root` (the store's prefix)
// off. Left out: names not below root, names ending in '/', and directories of accounts with a
// hierarchical namespace (ResourceType "directory" or metadata hdi_isfolder=true), which are
// no objects. NextMarker becomes next_page_token. ETags lose their quotes.
Result<ListPage> ParseListBlobs(std::string_view xml, std::string_view root);

// <Error><Code>...</Code><Message>...</Message></Error>; empty fields when it is not one.
AdlsError ParseAdlsError(std::string_view xml);

// "Wed, 12 Oct 2009 17:50:00 GMT" -> epoch ms.
Result<int64_t> ParseRfc1123Ms(std::string_view text);

// `"0x8D..."` -> `0x8D...`: HEAD answers quote ETags, listings may not.
std::string UnquoteEtag(std::string_view etag);

}  // namespace trib::objectstore
