#include "connectors/s3/s3_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "common/strings.h"
#include "connectors/common/field_checks.h"
#include "connectors/s3/s3a_options.h"

namespace trib {

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool AllOf(std::string_view s, int (*pred)(int)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return pred(static_cast<unsigned char>(c)) != 0;
  });
}

bool IsLowerWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// "us-east-1", "us-gov-west-1", "ap-southeast-2".
Status CheckRegion(std::string_view field, std::string_view value) {
  const auto parts = Split(value, '-');
  bool ok = parts.size() >= 3 && parts.front().size() >= 2 && parts.front().size() <= 4 &&
            parts.back().size() <= 2 && AllOf(parts.back(), std::isdigit);
  for (size_t i = 0; ok && i + 1 < parts.size(); ++i) ok = IsLowerWord(parts[i]);
  if (ok) return Status::Ok();
  const std::string name(field);
  return Status::InvalidArgument(name, "'" + name + "' must be an AWS region such as us-east-1");
}

bool IsKeyId(std::string_view s) {
  if (s.starts_with("mrk-")) return s.size() == 36 && AllOf(s.substr(4), std::isxdigit);
  const auto groups = Split(s, '-');
  const std::array<size_t, 5> sizes = {8, 4, 4, 4, 12};
  if (groups.size() != sizes.size()) return false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (groups[i].size() != sizes[i] || !AllOf(groups[i], std::isxdigit)) return false;
  }
  return true;
}

bool IsAliasName(std::string_view s) {
  return s.size() > 6 && s.size() <= 256 && s.starts_with("alias/") &&
         std::all_of(s.begin() + 6, s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '_' ||
                  c == '-';
         });
}

// A KMS key: its id, "alias/<name>", or the ARN of either.
Status CheckKmsKey(std::string_view field, std::string_view value) {
  bool ok = IsKeyId(value) || IsAliasName(value);
  if (!ok && value.starts_with("arn:")) {
    const auto parts = Split(value, ':');
    ok = parts.size() == 6 && parts[2] == "kms" && !parts[3].empty() && parts[4].size() == 12 &&
         AllOf(parts[4], std::isdigit) &&
         ((parts[5].starts_with("key/") && IsKeyId(parts[5].substr(4))) || IsAliasName(parts[5]));
  }
  if (ok) return Status::Ok();
  const std::string name(field);
  return Status::InvalidArgument(
      name, "'" + name + "' must be a KMS key id, an alias (alias/<name>) or the ARN of either");
}

// The declared S3A options, and an endpoint the S3 client can use.
Status CheckArguments(const Json& arguments) {
  TRIB_RETURN_IF_ERROR(CheckOptionMap(S3aOptions(), "arguments", arguments));
  auto endpoint = arguments.find("fs.s3a.endpoint");
  if (endpoint == arguments.end() || !endpoint->is_string()) return Status::Ok();
  return CheckServiceEndpoint("arguments.fs.s3a.endpoint", endpoint->get<std::string>());
}

Status TokensNeedTls(const FieldView& view) {
  auto arguments = view.find("arguments");
  if (arguments == view.end() || !arguments->is_object()) return Status::Ok();
  auto endpoint = arguments->find("fs.s3a.endpoint");
  if (endpoint == arguments->end() || !endpoint->is_string()) return Status::Ok();
  return CheckS3TokenTransport(endpoint->get<std::string>(),
                               IsSet(view, "iam_role") || IsSet(view, "session_token"));
}

Status KeyNeedsKms(const FieldView& view) {
  if (!IsSet(view, "server_encryption_key")) return Status::Ok();
  auto algorithm = view.find("server_encryption_algorithm");
  if (algorithm != view.end() && *algorithm == "SSE-KMS") return Status::Ok();
  return Status::InvalidArgument("server_encryption_key",
                                 "'server_encryption_key' is only used with "
                                 "server_encryption_algorithm SSE-KMS");
}

}  // namespace

Status CheckS3TokenTransport(std::string_view endpoint, bool sends_token) {
  if (!sends_token || !ToLower(endpoint).starts_with("http://")) return Status::Ok();
  std::string host(endpoint.substr(7));
  host = host.substr(0, host.find('/'));
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host == "localhost" || host == "::1" || host.starts_with("127.")) return Status::Ok();
  return Status::InvalidArgument(
      "arguments.fs.s3a.endpoint",
      "'arguments.fs.s3a.endpoint' is plain http to another machine, and this source sends a "
      "session token (iam_role or session_token): use https");
}

TypeSpec MakeS3Type() {
  TypeSpec spec;
  spec.name = "s3";
  spec.group = "AWS";
  spec.description =
      "An S3 bucket, or a prefix inside it, read and written as files; authenticate with an IAM "
      "role or with access keys, not both.";
  spec.fields = {
      WithCheck(StringField("bucket", "The name of the bucket, e.g. my-data-lake.").Required(),
                CheckS3BucketName),
      WithCheck(StringField("path",
                            "A key prefix inside the bucket that this data source is limited "
                            "to, e.g. raw/sales/; the whole bucket when empty."),
                CheckObjectPrefix),
      WithCheck(StringField("region", "The AWS region of the bucket, e.g. us-east-1."),
                CheckRegion),
      SecretField("access_key", "The access key id of the IAM user to sign requests with."),
      SecretField("secret_key", "The secret access key that goes with access_key."),
      SecretField("session_token",
                  "A session token, when access_key and secret_key are temporary credentials."),
      WithCheck(StringField("iam_role",
                            "The ARN of an IAM role to assume instead of stored keys, e.g. "
                            "arn:aws:iam::123456789012:role/reader; members may assume only "
                            "the roles mapped to them. With neither keys nor a role, the "
                            "cluster role is used when an administrator set one."),
                CheckIamRoleArn),
      EnumField("server_encryption_algorithm",
                "Server-side encryption of written objects: AES256 (S3-managed keys) or SSE-KMS "
                "(a KMS key).",
                {"AES256", "SSE-KMS"}),
      WithCheck(StringField("server_encryption_key",
                            "The KMS key (id, alias or ARN) that encrypts written objects, with "
                            "SSE-KMS."),
                CheckKmsKey),
      OptionsField("arguments",
                   "Further S3A options (fs.s3a.* keys, declared_keys), e.g. fs.s3a.endpoint "
                   "and fs.s3a.path.style.access for an S3-compatible service.",
                   S3aOptions())
          .Check(CheckArguments),
  };
  spec.rules = {
      MutuallyExclusive({"iam_role", "access_key"}),
      MutuallyExclusive({"iam_role", "secret_key"}),
      MutuallyExclusive({"iam_role", "session_token"}),
      AllOrNone({"access_key", "secret_key"}),
      Requires("session_token", {"access_key", "secret_key"}),
      KeyNeedsKms,
      TokensNeedTls,
  };
  return spec;
}

}  // namespace trib
