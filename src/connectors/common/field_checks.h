// Value checks shared by several type tables. Each takes the field's name (for the message) and
// the value. Some of them see secrets in plaintext, so a message names the field and the rule,
// never the value.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "datasource/field_spec.h"

namespace trib {

using StringCheck = std::function<Status(std::string_view field, std::string_view value)>;

// Attaches a string check to a field, so its errors name that field.
FieldSpec WithCheck(FieldSpec spec, StringCheck check);

// A DNS host name or an IPv4 address (labels of letters, digits and '-').
Status CheckHostname(std::string_view field, std::string_view value);
// "host:port[,host:port...]"; IPv6 hosts in brackets ("[::1]:9092").
Status CheckHostPortList(std::string_view field, std::string_view value);
// "https://host[:port][/path]", no user info.
Status CheckHttpsUrl(std::string_view field, std::string_view value);
// "http(s)://host[:port]" and nothing after it: a storage service's endpoint.
Status CheckServiceEndpoint(std::string_view field, std::string_view value);
// "http(s)://host[:port][/path]", no user info: a service's URL.
Status CheckServiceUrl(std::string_view field, std::string_view value);

// arn:aws:iam::<12 digits>:role/<path/name> (also the aws-cn and aws-us-gov partitions).
Status CheckIamRoleArn(std::string_view field, std::string_view value);
// S3 general-purpose bucket naming rules.
Status CheckS3BucketName(std::string_view field, std::string_view value);

// "/a/b": absolute, no "." or ".." segment, so it cannot climb out of where it points.
Status CheckAbsolutePath(std::string_view field, std::string_view value);
// "a/b/": a key prefix inside a bucket or container: no leading '/', no "." or ".." segment.
Status CheckObjectPrefix(std::string_view field, std::string_view value);

// "jdbc:<subprotocol>:..." carrying no password: neither a password-like parameter
// (password=, pwd=, ...secret=, ...token=) nor "user:password@" user info.
Status CheckJdbcUrl(std::string_view field, std::string_view value);

// Standard base64 (RFC 4648, padded); the decoded length, or nullopt when malformed.
std::optional<size_t> Base64DecodedLength(std::string_view value);
// Valid base64, and exactly `bytes` bytes once decoded when `bytes` is given.
StringCheck Base64Check(std::optional<size_t> bytes);

// The JSON text of a Google service-account key file.
Status CheckServiceAccountKeyJson(std::string_view field, std::string_view value);

}  // namespace trib
