#include "net/egress.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace trib::net {

namespace {

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

std::string Destination(const std::string& host, int port) {
  const std::string shown = host.substr(0, 255);
  return port > 0 ? "'" + shown + "' port " + std::to_string(port) : "'" + shown + "'";
}

}  // namespace

Status Egress::Refuse(const std::string& host, int port, const std::string& address,
                      const std::string& reason) const {
  if (on_refused_) {
    Json detail{{"host", host.substr(0, 255)}, {"reason", reason}};
    if (port > 0) detail["port"] = port;
    if (!address.empty()) detail["address"] = address;
    on_refused_(detail);
  }
  const std::string at = address.empty() || address == host ? "" : " (" + address + ")";
  return Status(StatusCode::kPermissionDenied,
                "egress to " + Destination(host, port) + at + " refused: it " + reason +
                    "; an administrator can allow it (trib admin egress add)",
                field_);
}

Result<std::vector<std::string>> Egress::Resolve(const std::string& host, int port) const {
  if (host.empty() || host.front() == '/' || host.front() == '@') {
    return Refuse(host, port, "", "is a local socket, not a network destination");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &raw);
  std::unique_ptr<addrinfo, AddrInfoDeleter> found(raw);
  if (rc != 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot resolve host " + Destination(host, 0) + ": " + gai_strerror(rc), field_);
  }
  std::vector<std::string> allowed;
  std::string refused_address, refused_reason;
  for (const addrinfo* a = found.get(); a != nullptr; a = a->ai_next) {
    IpAddress address;
    if (a->ai_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
      address.bytes[10] = address.bytes[11] = 0xff;
      std::memcpy(address.bytes.data() + 12, &in->sin_addr, 4);
    } else if (a->ai_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ai_addr);
      std::memcpy(address.bytes.data(), &in6->sin6_addr, 16);
    } else {
      continue;
    }
    const std::string text = address.ToString();
    if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) continue;
    if (policy_) {
      const EgressDecision decision = policy_->Check(host, address, port);
      if (!decision.allowed) {
        if (refused_address.empty()) {
          refused_address = text;
          refused_reason = decision.reason;
        }
        continue;
      }
    }
    allowed.push_back(text);
  }
  if (allowed.empty()) {
    if (refused_address.empty()) {
      return Status(StatusCode::kUnavailable,
                    "host " + Destination(host, 0) + " has no IPv4 or IPv6 address", field_);
    }
    return Refuse(host, port, refused_address, refused_reason);
  }
  return allowed;
}

Status Egress::CheckPeer(const std::string& host, int port, int fd,
                         const std::vector<std::string>& checked) const {
  sockaddr_storage peer{};
  socklen_t length = sizeof(peer);
  IpAddress address;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) {
    return Refuse(host, port, "", "has a connection whose peer address cannot be read");
  }
  if (peer.ss_family == AF_INET) {
    address.bytes[10] = address.bytes[11] = 0xff;
    std::memcpy(address.bytes.data() + 12, &reinterpret_cast<const sockaddr_in*>(&peer)->sin_addr,
                4);
  } else if (peer.ss_family == AF_INET6) {
    std::memcpy(address.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(&peer)->sin6_addr, 16);
  } else {
    return Refuse(host, port, "", "has a connection that is not TCP/IP");
  }
  const std::string text = address.ToString();
  if (std::find(checked.begin(), checked.end(), text) != checked.end()) return Status::Ok();
  return Refuse(host, port, text, "answered with another address on the second lookup");
}

Status Egress::CheckHidden(const std::string& what, int port) const {
  if (!policy_ || policy_->AllowsAnyDestination(port)) return Status::Ok();
  return Refuse(what, port, "",
                "hides its host from tributary, so only an egress allowlist holding '*' "
                "allows it; name the host in the connection string instead");
}

}  // namespace trib::net
