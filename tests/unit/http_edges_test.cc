// The HTTP edge as a hostile client meets it, over a raw socket against the real server:
// ambiguous body framing, methods without a route, oversized headers, control characters in
// logged paths.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <sstream>
#include <string>

#include "test_service.h"

namespace trib::testing {
namespace {

struct RawAnswer {
  int status = 0;
  std::multimap<std::string, std::string> headers;
  std::string body;
  bool closed_after = false;  // the server closed the connection after this answer
};

// One connection: sends `request` as it is, reads one answer (by its Content-Length), then
// waits up to a second to see whether the server closes the connection.
RawAnswer Exchange(int port, const std::string& request) {
  RawAnswer answer;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    ADD_FAILURE() << "cannot connect";
    return answer;
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string data;
  char buf[4096];
  size_t header_end = std::string::npos;
  size_t need = std::string::npos;
  while (need == std::string::npos || data.size() < need) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos &&
        (header_end = data.find("\r\n\r\n")) != std::string::npos) {
      std::istringstream lines(data.substr(0, header_end));
      std::string line;
      std::getline(lines, line);
      answer.status = std::stoi(line.substr(9, 3));
      size_t length = 0;
      while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        answer.headers.emplace(line.substr(0, colon), value);
        if (line.substr(0, colon) == "Content-Length") length = std::stoul(value);
      }
      need = header_end + 4 + length;
    }
  }
  if (need != std::string::npos && data.size() >= need) {
    answer.body = data.substr(header_end + 4, need - header_end - 4);
  }
  timeval short_wait{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short_wait, sizeof short_wait);
  answer.closed_after = ::recv(fd, buf, sizeof buf, 0) == 0;
  ::close(fd);
  return answer;
}

std::string Header(const RawAnswer& answer, const std::string& name) {
  const auto it = answer.headers.find(name);
  return it == answer.headers.end() ? "" : it->second;
}

class HttpEdgeTest : public ::testing::Test {
 protected:
  RawAnswer Send(const std::string& request) { return Exchange(server_.port(), request); }
  Json ErrorOf(const RawAnswer& answer) {
    const Json body = Json::parse(answer.body, nullptr, false);
    return body.is_object() ? body["error"] : Json();
  }
  TestServer server_;
};

TEST_F(HttpEdgeTest, TransferEncodingWithContentLengthIsRefusedAndClosed) {
  const std::string key = server_.env().admin_key;
  const std::string before = server_.Call("GET", "/api/v1/projects", key).raw;
  RawAnswer a = Send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey " + key +
                     "\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(a.status, 400) << a.body;
  EXPECT_EQ(ErrorOf(a)["field"], "Transfer-Encoding") << a.body;
  EXPECT_TRUE(a.closed_after) << "the connection must not serve what follows";
  EXPECT_EQ(server_.Call("GET", "/api/v1/projects", key).raw, before) << "nothing was created";
}

TEST_F(HttpEdgeTest, TwoContentLengthsAreRefusedAndClosed) {
  const std::string key = server_.env().admin_key;
  RawAnswer a = Send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey " + key +
                     "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                     "Content-Length: 3\r\n\r\n{}");
  EXPECT_EQ(a.status, 400) << a.body;
  EXPECT_EQ(ErrorOf(a)["field"], "Content-Length") << a.body;
  EXPECT_TRUE(a.closed_after);
  // A plain request on a fresh connection still works.
  RawAnswer ok = Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(HttpEdgeTest, OptionsAndUnknownMethodsAnswer405WithAllow) {
  for (const char* method : {"OPTIONS", "TRACE", "FOO", "PROPFIND"}) {
    RawAnswer a = Send(std::string(method) + " /api/v1/projects HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(a.status, 405) << method << ": " << a.body;
    EXPECT_EQ(Header(a, "Allow"), "GET, POST") << method;
    EXPECT_EQ(ErrorOf(a)["code"], "invalid_argument") << method << ": " << a.body;
  }
  RawAnswer one = Send("OPTIONS /api/v1/projects/p/datasources/d HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(one.status, 405);
  EXPECT_EQ(Header(one, "Allow"), "GET, PUT, DELETE");
  // A wrong method on a real route, as before, now with Allow too.
  RawAnswer del = Send("DELETE /api/v1/projects HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(Header(del, "Allow"), "GET, POST");
  // A client that asks to close gets the same answer.
  RawAnswer closing =
      Send("TRACE /api/v1/projects HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(closing.status, 405) << closing.body;
  EXPECT_EQ(ErrorOf(closing)["code"], "invalid_argument") << closing.body;
  RawAnswer none = Send("FOO /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(none.status, 404) << none.body;
}

TEST_F(HttpEdgeTest, HundredKilobyteHeaderIs431) {
  RawAnswer a = Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100 * 1024, 'a') +
                     "\r\n\r\n");
  EXPECT_EQ(a.status, 431) << a.body;
  EXPECT_EQ(ErrorOf(a)["field"], "headers") << a.body;
  // Just under the limit is served.
  RawAnswer ok = Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'a') +
                      "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(HttpEdgeTest, LoggedPathsHaveTheirControlCharactersEscaped) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = spdlog::default_logger();
  const auto level = logger->level();
  logger->sinks().push_back(sink);
  logger->set_level(spdlog::level::debug);
  RawAnswer a = Send(
      "GET /api/v1/x%0d%0a2026-01-01%20[warn]%20forged%1b[2J HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n");
  logger->sinks().pop_back();
  logger->set_level(level);
  EXPECT_EQ(a.status, 404);
  const std::string log = captured.str();
  EXPECT_NE(log.find("/api/v1/x\\x0d\\x0a2026-01-01 [warn] forged\\x1b[2J"), std::string::npos)
      << log;
  EXPECT_EQ(log.find('\x1b'), std::string::npos) << log;
  EXPECT_EQ(log.find("\n2026-01-01"), std::string::npos) << log;
}

}  // namespace
}  // namespace trib::testing
