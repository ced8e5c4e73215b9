#include "connectors/gcs/gcs_type.h"

#include "connectors/common/field_checks.h"
#include "connectors/common/gcp_credentials.h"
#include "connectors/gcs/gcs_fields.h"

namespace trib {

TypeSpec MakeGcsType() {
  TypeSpec spec;
  spec.name = "gcs";
  spec.group = "GCP";
  spec.description =
      "A Google Cloud Storage bucket, or a prefix inside it, read and written as files, "
      "optionally with a customer-supplied encryption key.";
  spec.fields = Concat(
      ServiceAccountKeyFields(),
      {
          WithCheck(StringField("bucket", "The name of the bucket, e.g. my-data-lake.").Required(),
                    CheckGcsBucketName),
          WithCheck(StringField("path",
                                "A prefix inside the bucket that this data source is limited to, "
                                "e.g. raw/sales/; the whole bucket when empty."),
                    CheckObjectPrefix),
          EnumField("algorithm",
                    "The algorithm of the customer-supplied encryption key (always AES256).",
                    {"AES256"}),
          WithCheck(SecretField("encryption_key",
                                "A customer-supplied AES-256 key that encrypts the objects: base64 "
                                "of 32 bytes."),
                    Base64Check(32)),
          WithCheck(StringField("encryption_key_hash",
                                "The base64 of the SHA-256 digest of the decoded encryption_key."),
                    Base64Check(32)),
      });
  spec.rules = Concat(ServiceAccountKeyRules(),
                      {
                          AllOrNone({"algorithm", "encryption_key", "encryption_key_hash"}),
                      });
  return spec;
}

}  // namespace trib
