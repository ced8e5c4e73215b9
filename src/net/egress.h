// What every outbound connection asks before it connects: the name resolved once, every
// address checked against the egress allowlist, and only checked addresses handed back, so the
// connection goes where the check looked (no second lookup for DNS rebinding to answer).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "net/egress_policy.h"

namespace trib::net {

class Egress {
 public:
  // Told about each refused destination ({"host", "port", "address", "reason"}), e.g. to audit.
  using RefusalSink = std::function<void(const Json& detail)>;

  // No policy: every destination allowed, names still resolved once (tools and driver tests).
  Egress() = default;
  // Refusals name `field`, the definition's field that holds the host.
  Egress(std::shared_ptr<const EgressPolicy> policy, std::string field, RefusalSink on_refused)
      : policy_(std::move(policy)), field_(std::move(field)), on_refused_(std::move(on_refused)) {}

  // The numeric addresses ("10.1.2.3", "fd00::5") `host` may be reached at on `port` (0: the
  // driver's default, not known here), in the resolver's order; addresses the policy refuses
  // are left out. None left: kPermissionDenied on field() naming the host. A name that does not
  // resolve: kUnavailable on field(). Unix-domain socket paths are refused.
  Result<std::vector<std::string>> Resolve(const std::string& host, int port) const;

  // For a destination the driver resolves out of sight (an ODBC DSN): allowed only when the
  // policy allows every destination ("*"). `what` says what it is, e.g. "ODBC DSN 'sales'".
  Status CheckHidden(const std::string& what, int port) const;

  // For a client that must resolve the name itself (TLS host name checks): whether the
  // connected socket `fd` reached one of `checked` (from Resolve). A different peer (the name
  // answered differently the second time) is refused like any destination.
  Status CheckPeer(const std::string& host, int port, int fd,
                   const std::vector<std::string>& checked) const;

  const std::string& field() const { return field_; }
  Egress WithField(std::string field) const {
    Egress copy = *this;
    copy.field_ = std::move(field);
    return copy;
  }

 private:
  Status Refuse(const std::string& host, int port, const std::string& address,
                const std::string& reason) const;

  std::shared_ptr<const EgressPolicy> policy_;
  std::string field_ = "host";
  RefusalSink on_refused_;
};

}  // namespace trib::net
