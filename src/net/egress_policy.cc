#include "net/egress_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/strings.h"

namespace trib::net {

namespace {

constexpr int kV4Offset = 96;  // an IPv4 prefix length counted over ::ffff:a.b.c.d

struct Network {
  IpAddress address;
  int prefix;
};

// Addresses that reach the machine's own cloud control plane, not a database: IPv4 and IPv6
// link-local (169.254.169.254 is in it, as are Azure's and GCP's metadata servers), AWS's IPv6
// metadata endpoint, the NAT64 and 6to4 spellings of IPv4 link-local, and the metadata servers
// of Alibaba Cloud (100.100.100.200) and Oracle Cloud (192.0.0.192).
const std::vector<Network>& SensitiveNetworks() {
  static const std::vector<Network> networks = [] {
    std::vector<Network> out;
    for (const auto& [text, prefix] :
         std::vector<std::pair<const char*, int>>{{"169.254.0.0", kV4Offset + 16},
                                                  {"fe80::", 10},
                                                  {"fd00:ec2::254", 128},
                                                  {"64:ff9b::a9fe:0", 112},
                                                  {"100.100.100.200", kV4Offset + 32},
                                                  {"192.0.0.192", kV4Offset + 32},
                                                  {"2002:a9fe::", 32}}) {
      out.push_back({*ParseIpLiteral(text), prefix});
    }
    return out;
  }();
  return networks;
}

const Network* SensitiveNetworkOf(const IpAddress& address) {
  for (const Network& n : SensitiveNetworks()) {
    if (InNetwork(address, n.address, n.prefix)) return &n;
  }
  return nullptr;
}

bool ParseNumber(std::string_view text, int low, int high, int& out) {
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (value < low || value > high) return false;
  out = value;
  return true;
}

bool ValidHostName(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  std::string_view last;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    const std::string_view label(name.data() + start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    last = label;
    start = dot + 1;
  }
  // A name whose last label is all digits would be read as an address by resolvers.
  return !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool PortMatches(const EgressRule& rule, int port) {
  if (!rule.ports) return true;
  return port > 0 && port >= rule.ports->low && port <= rule.ports->high;
}

std::string CanonicalText(const EgressRule& rule) {
  std::string target;
  bool v6 = false;
  switch (rule.kind) {
    case EgressRule::Kind::kAnyHost:
      target = "*";
      break;
    case EgressRule::Kind::kHost:
      target = rule.host;
      break;
    case EgressRule::Kind::kHostSuffix:
      target = "*" + rule.host;
      break;
    case EgressRule::Kind::kNetwork: {
      v6 = !rule.network.IsV4() || rule.prefix < kV4Offset;
      target = rule.network.ToString();
      const int bits = v6 ? rule.prefix : rule.prefix - kV4Offset;
      if (rule.prefix != 128) target += "/" + std::to_string(bits);
      break;
    }
  }
  if (!rule.ports) return target;
  if (v6) target = "[" + target + "]";
  target += ":" + std::to_string(rule.ports->low);
  if (rule.ports->high != rule.ports->low) target += "-" + std::to_string(rule.ports->high);
  return target;
}

}  // namespace

bool IpAddress::IsV4() const {
  static constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::equal(kMapped.begin(), kMapped.end(), bytes.begin());
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (IsV4()) {
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof(text));
  } else {
    inet_ntop(AF_INET6, bytes.data(), text, sizeof(text));
  }
  return text;
}

std::optional<IpAddress> ParseIpLiteral(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  IpAddress out;
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out.bytes[10] = out.bytes[11] = 0xff;
    std::memcpy(out.bytes.data() + 12, &v4, 4);
    return out;
  }
  if (inet_pton(AF_INET6, s.c_str(), out.bytes.data()) == 1) return out;
  return std::nullopt;
}

bool InNetwork(const IpAddress& address, const IpAddress& network, int prefix) {
  for (int bit = 0; bit < prefix; bit += 8) {
    const int i = bit / 8;
    const int bits = std::min(8, prefix - bit);
    const auto mask = static_cast<uint8_t>(0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (network.bytes[i] & mask)) return false;
  }
  return true;
}

std::string NormalizeHostName(std::string_view host) {
  std::string out = ToLower(host);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

Result<EgressRule> ParseEgressRule(std::string_view entry, const std::string& field) {
  const std::string shown(entry.substr(0, 100));
  const auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(field, "egress entry '" + shown + "' " + why);
  };
  if (entry.empty()) return bad("is empty");
  if (entry.size() > 300) return bad("is longer than 300 characters");
  for (char c : entry) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return bad("holds a blank or a control character");
    }
  }

  // Split off the port: "[v6]:p", "host:p"; a bare IPv6 address has several colons.
  std::string_view target = entry;
  std::optional<std::string_view> port_text;
  if (entry.front() == '[') {
    const size_t close = entry.find(']');
    if (close == std::string_view::npos) return bad("has '[' without ']'");
    target = entry.substr(1, close - 1);
    const std::string_view rest = entry.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("has text after ']' that is not ':port'");
      port_text = rest.substr(1);
    }
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
    const size_t colon = entry.find(':');
    target = entry.substr(0, colon);
    port_text = entry.substr(colon + 1);
  }

  EgressRule rule;
  if (port_text) {
    const size_t dash = port_text->find('-');
    PortRange range;
    const bool ok =
        dash == std::string_view::npos
            ? ParseNumber(*port_text, 1, 65535, range.low) && (range.high = range.low, true)
            : ParseNumber(port_text->substr(0, dash), 1, 65535, range.low) &&
                  ParseNumber(port_text->substr(dash + 1), 1, 65535, range.high);
    if (!ok || range.low > range.high) {
      return bad("has an invalid port: use a port (5432) or a range (5432-5439) within 1-65535");
    }
    rule.ports = range;
  }

  if (target == "*") {
    rule.kind = EgressRule::Kind::kAnyHost;
  } else if (target.starts_with("*.")) {
    rule.kind = EgressRule::Kind::kHostSuffix;
    const std::string suffix = NormalizeHostName(target.substr(2));
    if (!ValidHostName(suffix)) return bad("is not '*.' followed by a host name");
    rule.host = "." + suffix;
  } else if (const size_t slash = target.find('/'); slash != std::string_view::npos) {
    rule.kind = EgressRule::Kind::kNetwork;
    const std::string_view address_text = target.substr(0, slash);
    const auto address = ParseIpLiteral(address_text);
    if (!address) return bad("is not a CIDR range (a.b.c.d/n or an IPv6 address/n)");
    // The prefix counts bits of the address as written: "::ffff:0:0/96" is IPv6 spelling.
    const bool v6_spelling = address_text.find(':') != std::string_view::npos;
    int bits = 0;
    if (!ParseNumber(target.substr(slash + 1), 0, v6_spelling ? 128 : 32, bits)) {
      return bad("has an invalid prefix length");
    }
    rule.network = *address;
    rule.prefix = v6_spelling ? bits : kV4Offset + bits;
    // Host bits set are most likely a typo for another range: say so rather than guess.
    IpAddress masked;
    for (int i = 0; i < 16; ++i) {
      const int bit = i * 8;
      const int keep = std::clamp(rule.prefix - bit, 0, 8);
      masked.bytes[i] = static_cast<uint8_t>(address->bytes[i] & (0xff << (8 - keep)));
    }
    if (!(masked == *address)) {
      return bad("has bits set after the prefix length; the range starts at " + masked.ToString());
    }
  } else if (const auto address = ParseIpLiteral(target)) {
    rule.kind = EgressRule::Kind::kNetwork;
    rule.network = *address;
    rule.prefix = 128;
  } else {
    rule.kind = EgressRule::Kind::kHost;
    rule.host = NormalizeHostName(target);
    in_addr ignored{};
    if (inet_aton(rule.host.c_str(), &ignored) != 0) {
      return bad("spells an IPv4 address unusually: write it as a.b.c.d");
    }
    if (!ValidHostName(rule.host)) {
      return bad("is not a host name, '*.domain', '*', an IP address or a CIDR range");
    }
  }
  rule.text = CanonicalText(rule);
  return rule;
}

Result<EgressPolicy> EgressPolicy::Parse(const std::vector<std::string>& entries) {
  std::vector<EgressRule> rules;
  for (const std::string& entry : entries) {
    TRIB_ASSIGN_OR_RETURN(EgressRule rule, ParseEgressRule(entry, "entries"));
    rules.push_back(std::move(rule));
  }
  return EgressPolicy(std::move(rules));
}

const std::vector<std::string>& EgressPolicy::DefaultEntries() {
  static const std::vector<std::string> entries = {"127.0.0.0/8", "::1", "localhost"};
  return entries;
}

EgressDecision EgressPolicy::Check(std::string_view host, const IpAddress& address,
                                   int port) const {
  const std::string name = NormalizeHostName(host);
  const Network* sensitive = SensitiveNetworkOf(address);
  bool matched_broadly = false;
  for (const EgressRule& rule : rules_) {
    if (!PortMatches(rule, port)) continue;
    bool match = false;
    bool names_it = false;  // the rule singles this destination out
    switch (rule.kind) {
      case EgressRule::Kind::kAnyHost:
        match = true;
        break;
      case EgressRule::Kind::kHost:
        match = names_it = name == rule.host;
        break;
      case EgressRule::Kind::kHostSuffix:
        match = name.size() > rule.host.size() && name.ends_with(rule.host);
        break;
      case EgressRule::Kind::kNetwork:
        match = InNetwork(address, rule.network, rule.prefix);
        names_it = sensitive != nullptr && rule.prefix >= sensitive->prefix &&
                   InNetwork(rule.network, sensitive->address, sensitive->prefix);
        break;
    }
    if (!match) continue;
    if (sensitive == nullptr || names_it) return {true, ""};
    matched_broadly = true;
  }
  if (matched_broadly) {
    return {false,
            "is a link-local or cloud metadata address, allowed only by an egress entry that "
            "names it explicitly"};
  }
  return {false, "is not in the cluster's egress allowlist"};
}

bool EgressPolicy::AllowsAnyDestination(int port) const {
  return std::any_of(rules_.begin(), rules_.end(), [port](const EgressRule& rule) {
    return rule.kind == EgressRule::Kind::kAnyHost && PortMatches(rule, port);
  });
}

std::vector<std::string> EgressPolicy::Entries() const {
  std::vector<std::string> out;
  out.reserve(rules_.size());
  for (const EgressRule& rule : rules_) out.push_back(rule.text);
  return out;
}

}  // namespace trib::net
