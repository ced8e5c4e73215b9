#include "connectors/common/gcp_credentials.h"

#include "connectors/common/field_checks.h"

namespace trib {

std::vector<FieldSpec> ServiceAccountKeyFields() {
  return {
      WithCheck(StringField("key_path",
                            "Absolute path on the server of a service-account key file (JSON); "
                            "use key_path or key_json."),
                CheckAbsolutePath),
      WithCheck(SecretField("key_json",
                            "The content of a service-account key file (JSON), stored encrypted; "
                            "use key_path or key_json."),
                CheckServiceAccountKeyJson),
  };
}

std::vector<std::function<Status(const FieldView&)>> ServiceAccountKeyRules() {
  return {MutuallyExclusive({"key_path", "key_json"}), AtLeastOneOf({"key_path", "key_json"})};
}

}  // namespace trib
