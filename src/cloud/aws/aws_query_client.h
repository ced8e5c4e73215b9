// One call to an AWS Query-protocol API (STS, Redshift, IAM...): the parameters posted as a
// SigV4-signed form, the XML answer returned, AWS's errors turned into Status values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/aws_xml.h"
#include "cloud/aws/sigv4.h"
#include "common/status.h"

namespace trib::aws {

struct AwsQueryCall {
  std::string endpoint;  // "https://sts.us-east-1.amazonaws.com", "http://127.0.0.1:5000"
  SigV4Scope scope;      // region and signing name
  NameValueList params;  // Action, Version, then the action's own parameters
  int64_t connect_timeout_ms = 5000;
  int64_t read_timeout_ms = 20000;
  net::Egress egress;  // the endpoint's host is resolved and checked through it
};

// An endpoint URL taken apart: "https://host[:port][/path]".
struct AwsEndpoint {
  std::string scheme_host_port;  // what the HTTP client connects to
  std::string host_header;       // the Host sent and signed: no port when it is the default
  std::string path = "/";
  std::string host;  // without brackets: what is resolved
  int port = 443;
};
Result<AwsEndpoint> ParseAwsEndpoint(std::string_view url);

// Posts `call` signed with `credentials` at time `now_ms` and returns the body of a 2xx answer.
// When AWS answers with an error document, `aws_error` (if given) receives its code and
// message (scrubbed of the credentials' secrets) so callers can name the field to blame.
// Transport failures and 5xx answers are kUnavailable; see StatusFromAwsError for the rest.
Result<std::string> CallAwsQuery(const AwsQueryCall& call, const AwsCredentials& credentials,
                                 int64_t now_ms, AwsError* aws_error = nullptr);

// "AssumeRole failed: AccessDenied: ..." with the code AWS's error maps to: kPermissionDenied
// for AccessDenied, kUpstreamRejected for refused credentials or signatures, kUnavailable for
// throttling and server faults, kInvalidArgument for parameter errors, else kFailedPrecondition.
Status StatusFromAwsError(std::string_view action, int http_status, const AwsError& error);

// `text` with every occurrence of the credentials' secret key and session token replaced by
// "<redacted>", cut at the first line break (AWS may quote the canonical request, which holds
// the token) and to at most 500 bytes.
std::string ScrubAwsMessage(std::string_view text, const AwsCredentials& credentials);

}  // namespace trib::aws
