// The cluster's egress allowlist: which destinations (host names, address ranges, ports) a
// data source may reach. Pure parsing and matching; resolving names is egress.h's job.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib::net {

// An IPv4 or IPv6 address. IPv4 is kept as IPv4-mapped IPv6 (::ffff:a.b.c.d), so one
// comparison covers both spellings of the same destination.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool IsV4() const;
  std::string ToString() const;  // "169.254.169.254" or "fd00:ec2::254"
  bool operator==(const IpAddress&) const = default;
};

// Strict literals only: dotted-quad IPv4 or RFC 4291 IPv6 text (inet_pton). Decimal or octal
// spellings ("2852039166", "0251.0376.0251.0376") are not literals here; a destination
// spelled so is resolved by getaddrinfo and its numeric result is what gets checked.
std::optional<IpAddress> ParseIpLiteral(std::string_view text);

// `address` within `network`/`prefix` (prefix counted over the 128-bit form).
bool InNetwork(const IpAddress& address, const IpAddress& network, int prefix);

struct PortRange {
  int low = 1;
  int high = 65535;
};

// One allowlist entry: "db.example.com", "*.example.com", "*", "10.0.0.0/8", "::1",
// "[fd00::/8]", each optionally with ":5432" or ":5432-5439" (IPv6 then in brackets).
struct EgressRule {
  enum class Kind { kAnyHost, kHost, kHostSuffix, kNetwork };
  Kind kind = Kind::kHost;
  std::string host;  // kHost: "db.example.com"; kHostSuffix: ".example.com"
  IpAddress network;
  int prefix = 128;                // kNetwork
  std::optional<PortRange> ports;  // none: every port
  std::string text;                // canonical spelling, as stored and shown
};

// Errors are kInvalidArgument on `field` and quote the entry.
Result<EgressRule> ParseEgressRule(std::string_view entry, const std::string& field);

// A host name as compared: lower case, one trailing dot dropped.
std::string NormalizeHostName(std::string_view host);

struct EgressDecision {
  bool allowed = false;
  std::string reason;  // why not, for the error and the audit
};

class EgressPolicy {
 public:
  EgressPolicy() = default;  // allows nothing
  explicit EgressPolicy(std::vector<EgressRule> rules) : rules_(std::move(rules)) {}

  // Every entry checked; the first bad one is the error (field "entries", the entry quoted).
  static Result<EgressPolicy> Parse(const std::vector<std::string>& entries);
  // What a fresh cluster allows: loopback only, so the demo and local databases work.
  static const std::vector<std::string>& DefaultEntries();

  // May a connection go to `address` on `port`, reached by the name `host` (the name as the
  // definition gave it, or the literal)? port 0: not known, then only rules without a port
  // match. Link-local and cloud metadata addresses need a rule that names them explicitly:
  // a range inside theirs, or the exact host name; "0.0.0.0/0", "*" or "*.x" do not count.
  EgressDecision Check(std::string_view host, const IpAddress& address, int port) const;
  // For a destination whose address cannot be seen (an ODBC DSN): only "*" allows it.
  bool AllowsAnyDestination(int port) const;

  std::vector<std::string> Entries() const;

 private:
  std::vector<EgressRule> rules_;
};

}  // namespace trib::net
