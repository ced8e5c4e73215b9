// SharedKey signing against strings derived by hand from Microsoft's "Authorize with Shared
// Key" specification, and against a signature computed here with OpenSSL's HMAC over that
// string (Azurite checks real requests in adls_store_test.cc).
#include <gtest/gtest.h>

#include <string>

#include "cloud/azure/shared_key.h"

namespace trib::azure {
namespace {

// 2009-10-11T21:49:13Z, the specification's own example date.
constexpr int64_t kExampleMs = 1255297753000;

TEST(AzureSharedKeyTest, DatesAreRfc1123InEnglishAndUtc) {
  EXPECT_EQ(Rfc1123Date(kExampleMs), "Sun, 11 Oct 2009 21:49:13 GMT");
  EXPECT_EQ(Rfc1123Date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(Rfc1123Date(1709251199999), "Thu, 29 Feb 2024 23:59:59 GMT");
}

TEST(AzureSharedKeyTest, CanonicalizedHeadersAreLowerSortedFoldedAndOnlyXMs) {
  const NameValueList headers = {{"X-MS-Version", "2021-08-06"},
                                 {"x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT"},
                                 {"x-ms-meta-b", "  two   words \t here "},
                                 {"x-ms-meta-a", "1"},
                                 {"x-ms-meta-a", "2"},
                                 {"Content-Type", "text/plain"},
                                 {"Authorization", "ignored"}};
  EXPECT_EQ(CanonicalizedHeaders(headers),
            "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
            "x-ms-meta-a:1,2\n"
            "x-ms-meta-b:two words here\n"
            "x-ms-version:2021-08-06\n");
}

TEST(AzureSharedKeyTest, CanonicalizedResourceKeepsTheEncodedPathAndSortsDecodedQuery) {
  SharedKeyRequest request;
  request.encoded_path = "/mycontainer/a%20b/c.csv";
  request.query = {{"restype", "container"},
                   {"comp", "list"},
                   {"Include", "metadata"},
                   {"include", "snapshots"},
                   {"prefix", "a b/"}};
  EXPECT_EQ(CanonicalizedResource("myaccount", request),
            "/myaccount/mycontainer/a%20b/c.csv\ncomp:list\ninclude:metadata,snapshots\n"
            "prefix:a b/\nrestype:container");
  // Path-style (emulator) URLs: the account is in the path as well, so it appears twice.
  request.encoded_path = "/myaccount/mycontainer";
  request.query = {{"restype", "container"}};
  EXPECT_EQ(CanonicalizedResource("myaccount", request),
            "/myaccount/myaccount/mycontainer\nrestype:container");
}

TEST(AzureSharedKeyTest, StringToSignHasTheElevenStandardHeadersInOrder) {
  SharedKeyRequest request;
  request.method = "PUT";
  request.encoded_path = "/mycontainer/blob";
  request.query = {{"comp", "block"}, {"blockid", "YmxvY2s="}};
  request.headers = {{"Content-Length", "11"},
                     {"Content-Type", "application/octet-stream"},
                     {"If-None-Match", "*"},
                     {"x-ms-range", "bytes=0-9"},
                     {"Range", "bytes=0-9"},
                     {"x-ms-version", "2021-08-06"},
                     {"x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT"}};
  EXPECT_EQ(SharedKeyStringToSign("myaccount", request),
            "PUT\n"
            "\n"                          // Content-Encoding
            "\n"                          // Content-Language
            "11\n"                        // Content-Length
            "\n"                          // Content-MD5
            "application/octet-stream\n"  // Content-Type
            "\n"                          // Date
            "\n"                          // If-Modified-Since
            "\n"                          // If-Match
            "*\n"                         // If-None-Match
            "\n"                          // If-Unmodified-Since
            "bytes=0-9\n"                 // Range
            "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
            "x-ms-range:bytes=0-9\n"
            "x-ms-version:2021-08-06\n"
            "/myaccount/mycontainer/blob\nblockid:YmxvY2s=\ncomp:block");
  // From version 2015-02-21 on, a zero Content-Length is signed as empty.
  request.headers = {{"Content-Length", "0"}};
  EXPECT_EQ(SharedKeyStringToSign("myaccount", request),
            "PUT\n" + std::string(11, '\n') +
                "/myaccount/mycontainer/blob\nblockid:YmxvY2s=\ncomp:block");
}

TEST(AzureSharedKeyTest, SignSetsTheDateAndAnExactAuthorization) {
  // Key: base64 of the bytes 0..31; the expected MAC is HMAC-SHA256 of the exact string below,
  // computed with `openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f | base64`.
  const std::string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  SharedKeyRequest request;
  request.method = "GET";
  request.encoded_path = "/mycontainer";
  request.query = {{"restype", "container"}, {"comp", "list"}};
  request.headers = {{"x-ms-version", "2021-08-06"}, {"x-ms-date", "stale"}};
  ASSERT_TRUE(SignSharedKey(request, "myaccount", key, kExampleMs).ok());
  ASSERT_EQ(request.headers.size(), 3u);
  EXPECT_EQ(request.headers[1].first, "x-ms-date");
  EXPECT_EQ(request.headers[1].second, "Sun, 11 Oct 2009 21:49:13 GMT");
  EXPECT_EQ(request.headers[2].first, "Authorization");
  EXPECT_EQ(request.headers[2].second,
            "SharedKey myaccount:uMHxiwkaJFjMoGswu+YlOfwdfZb2BUbh872hUmWRjJw=");
}

TEST(AzureSharedKeyTest, AMalformedKeyNamesTheFieldWithoutQuotingIt) {
  SharedKeyRequest request;
  const std::string key = "not*base64*secret";
  const Status status = SignSharedKey(request, "myaccount", key, kExampleMs);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "account_key");
  EXPECT_EQ(status.message().find(key), std::string::npos);
  EXPECT_EQ(SignSharedKey(request, "myaccount", "", kExampleMs).field(), "account_key");
}

}  // namespace
}  // namespace trib::azure
