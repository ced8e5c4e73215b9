#include "connectors/adls/abfs_options.h"

namespace trib {

const OptionTable& AbfsOptions() {
  using K = OptionKind;
  static const OptionTable table = {
      "ABFS",
      KeyMatch::kExact,
      {
          {"fs.azure.abfs.endpoint", K::kText,
           "the Blob service to use instead of https://<account>.blob.core.windows.net, e.g. "
           "http://127.0.0.1:10000 for Azurite (checked against the egress allowlist)"},
          {"fs.azure.account.oauth2.client.endpoint", K::kText,
           "the Azure AD token URL of the service principal (default: "
           "https://login.microsoftonline.com/<directory_id>/oauth2/v2.0/token)"},
          {"fs.azure.always.use.https", K::kBoolean, "refuse plain http endpoints"},
          {"fs.azure.account.hns.enabled", K::kBoolean,
           "whether the account has a hierarchical namespace (Gen2)"},
          {"fs.azure.io.retry.max.retries",
           K::kInteger,
           "attempts of a failed request",
           {},
           false,
           30},
          {"fs.azure.io.retry.min.backoff.interval",
           K::kInteger,
           "milliseconds before the first retry",
           {},
           false,
           600000},
          {"fs.azure.io.retry.max.backoff.interval",
           K::kInteger,
           "longest wait between retries, in milliseconds",
           {},
           false,
           600000},
          {"fs.azure.read.request.size",
           K::kInteger,
           "bytes per read request",
           {},
           false,
           104857600},
          {"fs.azure.write.request.size",
           K::kInteger,
           "bytes per append request",
           {},
           false,
           104857600},
          {"fs.azure.readaheadqueue.depth", K::kInteger, "reads ahead at once", {}, false, 64},
          {"fs.azure.block.size",
           K::kInteger,
           "bytes per split of a file read",
           {},
           false,
           17179869184},
          {"fs.azure.createRemoteFileSystemDuringInitialization", K::kBoolean,
           "create the container when it does not exist (writes)"},
          {"fs.azure.user.agent.prefix", K::kText, "added to the User-Agent of requests"},
      },
      {
          {"fs.azure.account.auth.type", "service_credential or account_key"},
          {"fs.azure.account.oauth.provider.type", "service_credential"},
          {"fs.azure.account.oauth2.client.id", "application_id"},
          {"fs.azure.account.oauth2.client.secret", "service_credential"},
          {"fs.azure.account.key", "account_key"},
      },
  };
  return table;
}

}  // namespace trib
