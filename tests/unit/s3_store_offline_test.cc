// The S3 store without moto: addressing, configuration checks, key checks and the egress check
// before any connection, retries, error mapping and scrubbing, and what goes on the wire,
// against loopback stand-ins (an httplib server, a socket that drops connections).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "cloud/aws/sigv4.h"
#include "common/random.h"
#include "net/egress.h"
#include "net/egress_policy.h"
#include "objectstore/s3/s3_address.h"
#include "objectstore/s3/s3_errors.h"
#include "objectstore/s3/s3_store.h"
#include "objectstore/s3/s3_xml.h"
#include "silent_listener.h"

namespace trib::objectstore {
namespace {

std::shared_ptr<const net::EgressPolicy> Policy(const std::vector<std::string>& entries) {
  auto policy = net::EgressPolicy::Parse(entries);
  if (!policy.ok()) throw std::runtime_error(policy.status().ToString());
  return std::make_shared<const net::EgressPolicy>(std::move(policy).value());
}

const aws::AwsCredentials& TestCredentials() {
  static const aws::AwsCredentials credentials{.access_key_id = "AKIA" + RandomHex(8),
                                               .secret_access_key = RandomToken(30),
                                               .session_token = RandomToken(60)};
  return credentials;
}

S3StoreConfig ConfigFor(const std::string& endpoint) {
  S3StoreConfig config;
  config.bucket = "bkt";
  config.prefix = "root";
  config.region = "us-east-1";
  config.endpoint = endpoint;
  config.path_style = true;
  config.credentials = []() -> Result<aws::AwsCredentials> { return TestCredentials(); };
  config.retry_base_delay_ms = 1;
  config.connect_timeout_ms = 1000;
  config.request_timeout_ms = 3000;
  return config;
}

std::unique_ptr<ObjectStore> Open(S3StoreConfig config) {
  auto store = MakeS3Store(std::move(config));
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  return std::move(store).value();
}

struct Seen {
  std::string method, path, query;
  httplib::Headers headers;
  std::string body;
};

// An S3 stand-in: every request is recorded and answered by `answer`.
class FakeS3 {
 public:
  using Answer = std::function<void(const Seen&, int n, httplib::Response&)>;
  explicit FakeS3(Answer answer) : answer_(std::move(answer)) {
    const auto handle = [this](const httplib::Request& request, httplib::Response& response) {
      Seen seen{request.method, request.path, "", request.headers, request.body};
      for (const auto& [name, value] : request.params) {
        seen.query += (seen.query.empty() ? "" : "&") + name + "=" + value;
      }
      int n = 0;
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(seen);
        n = static_cast<int>(seen_.size());
      }
      answer_(seen, n, response);
    };
    server_.Get(".*", handle);
    server_.Put(".*", handle);
    server_.Post(".*", handle);
    server_.Delete(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeS3() {
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  Answer answer_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<Seen> seen_;
};

void ErrorDocument(httplib::Response& response, int status, const std::string& code,
                   const std::string& message) {
  response.status = status;
  response.set_content("<?xml version=\"1.0\"?><Error><Code>" + code + "</Code><Message>" +
                           message + "</Message><RequestId>1</RequestId></Error>",
                       "application/xml");
}

using trib::testing::SilentListener;

// Answers connection i with replies[i] (raw HTTP, then closes it; "" drops the connection
// without answering), the last reply again once they run out, recording each request's head.
// httplib's server is no use here: it applies a request's Range to error documents too.
class RawServer {
 public:
  explicit RawServer(std::vector<std::string> replies) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, replies = std::move(replies)] {
      for (size_t i = 0;; ++i) {
        const int client = accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
          const ssize_t n = read(client, buffer, sizeof buffer);
          if (n <= 0) break;
          request.append(buffer, static_cast<size_t>(n));
        }
        {
          std::lock_guard lock(mutex_);
          requests_.push_back(request.substr(0, request.find("\r\n\r\n")));
        }
        const std::string& reply = replies[std::min(i, replies.size() - 1)];
        if (!reply.empty()) (void)!write(client, reply.data(), reply.size());
        close(client);
      }
    });
  }
  ~RawServer() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

std::string RawReply(int status, const std::string& body = "") {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

std::string ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\"?><Error><Code>" + code + "</Code><Message>" + message +
         "</Message><RequestId>1</RequestId></Error>";
}

// ---- addressing ----------------------------------------------------------------------------

TEST(S3AddressTest, VirtualHostedPutsTheBucketInTheHostName) {
  auto address = MakeS3Address("", "eu-west-1", "my-bucket", false);
  ASSERT_TRUE(address.ok()) << address.status().ToString();
  EXPECT_EQ(address->scheme, "https");
  EXPECT_EQ(address->host, "my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(address->host_header, "my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(address->port, 443);
  EXPECT_EQ(address->PathOf(""), "/");
  EXPECT_EQ(address->PathOf("a b/c+d=é.csv"), "/a b/c+d=é.csv");
  EXPECT_EQ(address->Url(address->PathOf("a b/c+d=é.csv"), {}),
            "https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd%3D%C3%A9.csv");

  auto custom = MakeS3Address("http://minio.internal:9000", "us-east-1", "bk1", false);
  ASSERT_TRUE(custom.ok()) << custom.status().ToString();
  EXPECT_EQ(custom->host, "bk1.minio.internal");
  EXPECT_EQ(custom->host_header, "bk1.minio.internal:9000");
  EXPECT_EQ(custom->port, 9000);

  EXPECT_EQ(DefaultS3Endpoint("cn-north-1"), "https://s3.cn-north-1.amazonaws.com.cn");
}

TEST(S3AddressTest, PathStyleKeepsTheHostAndPrefixesTheBucket) {
  auto address = MakeS3Address("http://127.0.0.1:9000", "us-east-1", "Legacy_Bucket", true);
  ASSERT_TRUE(address.ok()) << address.status().ToString();
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->host_header, "127.0.0.1:9000");
  EXPECT_EQ(address->PathOf(""), "/Legacy_Bucket");
  EXPECT_EQ(address->PathOf("a/b"), "/Legacy_Bucket/a/b");
  EXPECT_EQ(address->Url(address->PathOf(""), {{"prefix", "a/b c"}, {"list-type", "2"}}),
            "http://127.0.0.1:9000/Legacy_Bucket?list-type=2&prefix=a%2Fb%20c");
  auto https = MakeS3Address("https://s3.example.com:443", "us-east-1", "b1", true);
  ASSERT_TRUE(https.ok());
  EXPECT_EQ(https->host_header, "s3.example.com");
}

TEST(S3AddressTest, RefusalsNameTheField) {
  const struct {
    std::string endpoint, region, bucket;
    bool path_style;
    std::string field;
  } cases[] = {
      {"http://127.0.0.1:9000", "us-east-1", "bk1", false, "path_style"},
      {"http://[::1]:9000", "us-east-1", "bk1", false, "path_style"},
      {"", "us-east-1", "Upper", false, "bucket"},
      {"", "us-east-1", "a/b", true, "bucket"},
      {"", "us-east-1", "", true, "bucket"},
      {"", "us-east-1", "ab", false, "bucket"},
      {"", "", "b1", false, "region"},
      {"", "us east", "b1", false, "region"},
      {"ftp://x", "us-east-1", "bk1", false, "endpoint"},
      {"http://x/base", "us-east-1", "bk1", false, "endpoint"},
      {"http://user@x", "us-east-1", "bk1", false, "endpoint"},
  };
  for (const auto& c : cases) {
    auto address = MakeS3Address(c.endpoint, c.region, c.bucket, c.path_style);
    ASSERT_FALSE(address.ok()) << c.endpoint << " " << c.bucket;
    EXPECT_EQ(address.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(address.status().field(), c.field) << address.status().ToString();
  }
}

// ---- configuration and key checks, before any I/O ------------------------------------------

TEST(S3StoreConfigTest, RefusalsNameTheField) {
  const std::vector<std::pair<std::function<void(S3StoreConfig&)>, std::string>> cases = {
      {[](S3StoreConfig& c) { c.prefix = "../up"; }, "prefix"},
      {[](S3StoreConfig& c) { c.prefix = "/abs"; }, "prefix"},
      {[](S3StoreConfig& c) { c.sse_algorithm = "aws:fake"; }, "sse_algorithm"},
      {[](S3StoreConfig& c) { c.sse_kms_key_id = "k"; }, "sse_kms_key_id"},
      {[](S3StoreConfig& c) { c.part_bytes = 5 * 1024 * 1024 - 1; }, "part_bytes"},
      {[](S3StoreConfig& c) { c.max_attempts = 0; }, "max_attempts"},
      {[](S3StoreConfig& c) { c.credentials = nullptr; }, "credentials"},
      {[](S3StoreConfig& c) { c.bucket = ""; }, "bucket"},
  };
  for (const auto& [change, field] : cases) {
    S3StoreConfig config = ConfigFor("http://127.0.0.1:9");
    change(config);
    auto store = MakeS3Store(std::move(config));
    ASSERT_FALSE(store.ok()) << field;
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store.status().field(), field) << store.status().ToString();
  }
  S3StoreConfig kms = ConfigFor("http://127.0.0.1:9");
  kms.sse_algorithm = "aws:kms";
  kms.sse_kms_key_id = "alias/k";
  EXPECT_TRUE(MakeS3Store(kms).ok());
}

TEST(S3StoreChecksTest, BadKeysAndRefusedEgressNeverConnect) {
  SilentListener listener;
  S3StoreConfig config = ConfigFor(listener.url());
  config.max_attempts = 1;
  config.request_timeout_ms = 300;
  auto store = Open(config);
  for (const Status& status :
       {store->Stat("../x").status(), store->ReadRange("/abs", 0, 1).status(),
        store->Write("a//b", {}).status(), store->Delete("a\\b"),
        store->List({.prefix = "a//"}).status(), store->Stat("").status()}) {
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
    EXPECT_EQ(status.field(), "path");
  }
  EXPECT_EQ(listener.Count(), 0);

  // An allowlist without loopback: every operation is refused with the egress error as is.
  std::vector<Json> refused;
  config.egress = net::Egress(Policy({"10.0.0.0/8"}), "endpoint",
                              [&](const Json& detail) { refused.push_back(detail); });
  auto fenced = Open(config);
  auto writer = fenced->Write("k", {});
  ASSERT_TRUE(writer.ok());  // nothing is sent before Commit
  ASSERT_TRUE((*writer)->Append("x").ok());
  for (const Status& status :
       {fenced->Stat("k").status(), fenced->ReadRange("k", 0, 1).status(),
        fenced->List({}).status(), fenced->Delete("k"), (*writer)->Commit().status()}) {
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << status.ToString();
    EXPECT_EQ(status.field(), "endpoint");
    EXPECT_NE(status.message().find("127.0.0.1"), std::string::npos) << status.message();
  }
  EXPECT_EQ(refused.size(), 5u);
  EXPECT_EQ(listener.Count(), 0);

  // Positive control: allowed, the request reaches the listener (which never answers).
  config.egress = net::Egress(Policy(net::EgressPolicy::DefaultEntries()), "endpoint", nullptr);
  const Status timed_out = Open(config)->Stat("k").status();
  EXPECT_EQ(timed_out.code(), StatusCode::kDeadlineExceeded) << timed_out.ToString();
  EXPECT_EQ(listener.Count(), 1);
}

// ---- retries ---------------------------------------------------------------------------------

TEST(S3RetryTest, SlowDownAndServerFaultsAreRetriedThenSucceed) {
  FakeS3 fake([](const Seen&, int n, httplib::Response& response) {
    if (n == 1) return ErrorDocument(response, 503, "SlowDown", "Please reduce your request rate.");
    if (n == 2) return ErrorDocument(response, 500, "InternalError", "We encountered an error.");
    response.status = 206;
    response.set_content("0123", "application/octet-stream");
  });
  auto read = Open(ConfigFor(fake.url()))->ReadRange("k", 0, 4);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, "0123");
  const std::vector<Seen> seen = fake.seen();
  ASSERT_EQ(seen.size(), 3u);
  for (const Seen& s : seen) {
    EXPECT_EQ(s.path, "/bkt/root/k");
    EXPECT_EQ(s.headers.find("Range")->second, "bytes=0-3");
  }
}

TEST(S3RetryTest, GivesUpAfterMaxAttemptsSayingHowMany) {
  FakeS3 fake([](const Seen&, int, httplib::Response& response) {
    ErrorDocument(response, 503, "SlowDown", "Please reduce your request rate.");
  });
  S3StoreConfig config = ConfigFor(fake.url());
  config.max_attempts = 3;
  const Status status = Open(config)->List({}).status();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("after 3 attempts"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("SlowDown"), std::string::npos) << status.message();
  EXPECT_EQ(fake.seen().size(), 3u);
}

TEST(S3RetryTest, ClientErrorsAreNotRetried) {
  FakeS3 fake([](const Seen&, int, httplib::Response& response) {
    ErrorDocument(response, 404, "NoSuchKey", "The specified key does not exist.");
  });
  const Status status = Open(ConfigFor(fake.url()))->ReadRange("k", 0, 1).status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.field(), "path");
  EXPECT_EQ(fake.seen().size(), 1u);
}

TEST(S3RetryTest, DroppedConnectionsAreRetried) {
  RawServer server({"", "", RawReply(206, "ok")});
  auto read = Open(ConfigFor(server.url()))->ReadRange("k", 0, 2);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, "ok");
  EXPECT_EQ(server.requests().size(), 3u);
  // Positive control for the bound: one attempt only, the drop is the answer.
  RawServer dropping({""});
  S3StoreConfig config = ConfigFor(dropping.url());
  config.max_attempts = 1;
  const Status status = Open(config)->ReadRange("k", 0, 2).status();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
  EXPECT_NE(status.message().find("after 1 attempt"), std::string::npos) << status.message();
}

// ---- errors ----------------------------------------------------------------------------------

TEST(S3ErrorsTest, CodesMapToStatusAndField) {
  const struct {
    int http;
    std::string code;
    StatusCode want;
    std::string field;
  } cases[] = {
      {404, "NoSuchKey", StatusCode::kNotFound, "path"},
      {404, "", StatusCode::kNotFound, "path"},
      {404, "NoSuchBucket", StatusCode::kNotFound, "bucket"},
      {403, "AccessDenied", StatusCode::kPermissionDenied, ""},
      {403, "", StatusCode::kPermissionDenied, ""},
      {403, "SignatureDoesNotMatch", StatusCode::kUpstreamRejected, "access_key"},
      {403, "InvalidAccessKeyId", StatusCode::kUpstreamRejected, "access_key"},
      {400, "ExpiredToken", StatusCode::kUpstreamRejected, "session_token"},
      {400, "InvalidToken", StatusCode::kUpstreamRejected, "session_token"},
      {301, "PermanentRedirect", StatusCode::kFailedPrecondition, "region"},
      {400, "KMS.NotFoundException", StatusCode::kFailedPrecondition, "sse_kms_key_id"},
      {503, "SlowDown", StatusCode::kUnavailable, ""},
      {500, "", StatusCode::kUnavailable, ""},
      {400, "InvalidArgument", StatusCode::kFailedPrecondition, ""},
  };
  for (const auto& c : cases) {
    const Status status = S3ErrorStatus("S3 GetObject 'k'", c.http, {c.code, "text", ""});
    EXPECT_EQ(status.code(), c.want) << c.http << " " << c.code;
    EXPECT_EQ(status.field(), c.field) << c.http << " " << c.code;
    EXPECT_TRUE(
        status.message().starts_with("S3 GetObject 'k' failed: HTTP " + std::to_string(c.http)))
        << status.message();
  }
}

TEST(S3ErrorsTest, SecretsAreScrubbedFromWhatS3Quotes) {
  const aws::AwsCredentials& credentials = TestCredentials();
  const std::string quoted = "StringToSign uses " + credentials.secret_access_key + " and token " +
                             credentials.session_token;
  for (const auto& [code, field] : std::vector<std::pair<std::string, std::string>>{
           {"SignatureDoesNotMatch", "access_key"}, {"ExpiredToken", "session_token"}}) {
    RawServer server({RawReply(403, ErrorXml(code, quoted))});
    const Status status = Open(ConfigFor(server.url()))->ReadRange("k", 0, 1).status();
    EXPECT_EQ(status.code(), StatusCode::kUpstreamRejected) << status.ToString();
    EXPECT_EQ(status.field(), field);
    EXPECT_EQ(status.message().find(credentials.secret_access_key), std::string::npos);
    EXPECT_EQ(status.message().find(credentials.session_token), std::string::npos);
    EXPECT_NE(status.message().find("<redacted>"), std::string::npos) << status.message();
  }
}

TEST(S3ErrorsTest, ARefusedHeadIsAskedAgainForTheErrorCode) {
  RawServer rejected({RawReply(403), RawReply(403, ErrorXml("InvalidAccessKeyId", "No key."))});
  const Status status = Open(ConfigFor(rejected.url()))->Stat("k").status();
  EXPECT_EQ(status.code(), StatusCode::kUpstreamRejected) << status.ToString();
  EXPECT_EQ(status.field(), "access_key");
  const std::vector<std::string> requests = rejected.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].starts_with("HEAD /bkt/root/k ")) << requests[0];
  EXPECT_TRUE(requests[1].starts_with("GET /bkt/root/k ")) << requests[1];
  EXPECT_NE(requests[1].find("Range: bytes=0-0"), std::string::npos);

  RawServer denied({RawReply(403), RawReply(403, ErrorXml("AccessDenied", "Access Denied"))});
  auto store = Open(ConfigFor(denied.url()));
  EXPECT_EQ(store->Stat("k").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store->Delete("k").code(), StatusCode::kPermissionDenied);
}

// ---- on the wire -----------------------------------------------------------------------------

TEST(S3WireTest, APutCarriesItsHashConditionEncryptionAndToken) {
  FakeS3 fake([](const Seen& seen, int, httplib::Response& response) {
    response.status = 200;
    if (seen.method == "HEAD") {
      response.set_header("Content-Length", "5");
      response.set_header("Last-Modified", "Wed, 12 Oct 2009 17:50:00 GMT");
      response.set_header("ETag", "\"abc\"");
    }
  });
  S3StoreConfig config = ConfigFor(fake.url());
  config.sse_algorithm = "aws:kms";
  config.sse_kms_key_id = "alias/trib";
  config.now_ms = [] { return int64_t{1369353600000}; };  // 2013-05-24T00:00:00Z
  auto store = Open(config);
  auto writer = store->Write("dir/a b.csv", {.overwrite = false, .content_type = "text/csv"});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("hello").ok());
  auto info = (*writer)->Commit();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, 5);
  EXPECT_EQ(info->modified_ms, int64_t{1255369800000});
  EXPECT_EQ(info->etag, "\"abc\"");

  const std::vector<Seen> seen = fake.seen();
  ASSERT_EQ(seen.size(), 2u);
  const Seen& put = seen[0];
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.path, "/bkt/root/dir/a b.csv");  // httplib decodes the path
  EXPECT_EQ(put.body, "hello");
  const auto header = [&](const std::string& name) {
    auto it = put.headers.find(name);
    return it == put.headers.end() ? std::string("<none>") : it->second;
  };
  EXPECT_EQ(header("x-amz-content-sha256"), aws::Sha256Hex("hello"));
  EXPECT_EQ(header("If-None-Match"), "*");
  EXPECT_EQ(header("Content-Type"), "text/csv");
  EXPECT_EQ(header("x-amz-server-side-encryption"), "aws:kms");
  EXPECT_EQ(header("x-amz-server-side-encryption-aws-kms-key-id"), "alias/trib");
  EXPECT_EQ(header("X-Amz-Security-Token"), TestCredentials().session_token);
  EXPECT_EQ(header("X-Amz-Date"), "20130524T000000Z");
  EXPECT_EQ(header("Expect"), "<none>");
  const std::string authorization = header("Authorization");
  EXPECT_TRUE(
      authorization.starts_with("AWS4-HMAC-SHA256 Credential=" + TestCredentials().access_key_id +
                                "/20130524/us-east-1/s3/aws4_request"))
      << authorization;
  EXPECT_NE(authorization.find("SignedHeaders=content-type;host;if-none-match;x-amz-content-"
                               "sha256;x-amz-date;x-amz-security-token;x-amz-server-side-"
                               "encryption;x-amz-server-side-encryption-aws-kms-key-id"),
            std::string::npos)
      << authorization;
  EXPECT_EQ(seen[1].method, "HEAD");
}

// ---- parsing ---------------------------------------------------------------------------------

TEST(S3XmlTest, ListPagesAreDecodedAndMadeRelative) {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bkt</Name><Prefix>root/</Prefix><KeyCount>4</KeyCount><MaxKeys>4</MaxKeys>
  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
  <Contents><Key>root/a+b%2Bc.csv</Key><LastModified>2024-01-02T03:04:05.678Z</LastModified>
    <ETag>"e1"</ETag><Size>12</Size></Contents>
  <Contents><Key>root/folder/</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>"e2"</ETag><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>root/d%C3%BCr/</Prefix></CommonPrefixes>
  <NextContinuationToken>tok+/=</NextContinuationToken>
</ListBucketResult>)";
  auto page = ParseListObjectsV2(xml, "root/");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "a b+c.csv");
  EXPECT_EQ(page->objects[0].size, 12);
  EXPECT_EQ(page->objects[0].etag, "\"e1\"");
  EXPECT_EQ(page->objects[0].modified_ms, int64_t{1704164645678});
  EXPECT_EQ(page->prefixes, std::vector<std::string>{"dür/"});
  EXPECT_EQ(page->next_page_token, "tok+/=");

  EXPECT_FALSE(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                                  "</ListBucketResult>",
                                  "")
                   .ok());
  EXPECT_FALSE(ParseListObjectsV2("<Other/>", "").ok());
  EXPECT_FALSE(ParseListObjectsV2("not xml", "").ok());
}

TEST(S3XmlTest, UploadIdsAndHttpDates) {
  auto id = ParseUploadId(
      "<InitiateMultipartUploadResult xmlns=\"x\"><Bucket>b</Bucket><Key>k</Key>"
      "<UploadId>VXBsb2Fk</UploadId></InitiateMultipartUploadResult>");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "VXBsb2Fk");
  EXPECT_FALSE(ParseUploadId("<InitiateMultipartUploadResult/>").ok());
  auto date = ParseHttpDateMs("Wed, 12 Oct 2009 17:50:00 GMT");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(*date, int64_t{1255369800000});
  EXPECT_FALSE(ParseHttpDateMs("2009-10-12").ok());
  EXPECT_EQ(UrlDecode("a%2Fb+c%zz%4"), "a/b c%zz%4");
}

}  // namespace
}  // namespace trib::objectstore
