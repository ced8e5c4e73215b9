#include "connectors/s3/s3a_options.h"

namespace trib {

const OptionTable& S3aOptions() {
  using K = OptionKind;
  static const OptionTable table = {
      "S3A",
      KeyMatch::kExact,
      {
          {"fs.s3a.endpoint", K::kText,
           "the S3 service to use instead of AWS's, e.g. http://127.0.0.1:9000 (checked against "
           "the egress allowlist)"},
          {"fs.s3a.path.style.access", K::kBoolean,
           "address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint>"},
          {"fs.s3a.connection.ssl.enabled", K::kBoolean,
           "use https when the endpoint has no scheme"},
          {"fs.s3a.connection.maximum", K::kInteger, "connections open at once", {}, false, 256},
          {"fs.s3a.connection.timeout",
           K::kInteger,
           "milliseconds a request may stall",
           {},
           false,
           3600000},
          {"fs.s3a.connection.establish.timeout",
           K::kInteger,
           "milliseconds a connection may take",
           {},
           false,
           600000},
          {"fs.s3a.attempts.maximum", K::kInteger, "attempts of a failed request", {}, false, 20},
          {"fs.s3a.multipart.size",
           K::kInteger,
           "bytes per part of a multipart upload",
           {},
           false,
           5368709120},
          {"fs.s3a.block.size",
           K::kInteger,
           "bytes per split of a file read",
           {},
           false,
           17179869184},
          {"fs.s3a.readahead.range",
           K::kInteger,
           "bytes read ahead of a seek",
           {},
           false,
           1073741824},
          {"fs.s3a.requester.pays.enabled", K::kBoolean,
           "the reader pays for requests to a requester-pays bucket"},
          {"fs.s3a.acl.default",
           K::kChoice,
           "canned ACL of written objects",
           {"Private", "BucketOwnerRead", "BucketOwnerFullControl"}},
          {"fs.s3a.fast.upload.buffer",
           K::kChoice,
           "where an engine buffers uploads",
           {"disk", "array", "bytebuffer"}},
      },
      {
          {"fs.s3a.access.key", "access_key"},
          {"fs.s3a.secret.key", "secret_key"},
          {"fs.s3a.session.token", "session_token"},
          {"fs.s3a.assumed.role.arn", "iam_role"},
          {"fs.s3a.endpoint.region", "region"},
          {"fs.s3a.encryption.algorithm", "server_encryption_algorithm"},
          {"fs.s3a.server-side-encryption-algorithm", "server_encryption_algorithm"},
          {"fs.s3a.encryption.key", "server_encryption_key"},
          {"fs.s3a.server-side-encryption.key", "server_encryption_key"},
      },
  };
  return table;
}

}  // namespace trib
