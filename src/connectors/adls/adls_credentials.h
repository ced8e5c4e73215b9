// How an adls source authenticates, decided while the caller is known: its account key
// (SharedKey), its service principal (Azure AD client credentials), or, with neither, the
// user-assigned managed identity whose client id is its application_id — which the caller may
// use only when that identity is the cluster role or mapped to their project role (the same
// role mappings as S3's iam_role; audited as datasource.assume_role).
#pragma once

#include <string>

#include "connectors/connector.h"
#include "objectstore/adls/adls_client.h"

namespace trib {

// The Azure AD token URL of the source's service principal, and the field that names it.
struct TokenUrl {
  std::string url;    // "" = Azure AD's default for the tenant
  std::string field;  // what an egress refusal names
};
TokenUrl AdlsTokenUrl(const ConnectorInput& input);

// Errors: kFailedPrecondition naming application_id when there is nothing to authenticate
// with; the role check's refusal naming application_id.
Result<objectstore::AdlsAuth> AdlsCredentials(const ConnectorInput& input);

// A client secret or token may travel over plain http only to this machine.
Status CheckAdlsTokenTransport(const std::string& field, const std::string& url);

}  // namespace trib
