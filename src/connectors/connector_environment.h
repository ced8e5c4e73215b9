// Server-wide settings every connector may need, passed explicitly (tests build their own).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "cloud/aws/aws_credentials.h"
#include "cloud/aws/temporary_credentials_cache.h"
#include "cloud/azure/azure_environment.h"
#include "cloud/gcp/gcp_environment.h"
#include "common/clock.h"
#include "sql/odbc/odbc_system.h"

namespace trib {

struct ConnectorEnvironment {
  Clock clock = SystemClock();
  int64_t default_connect_timeout_ms = 10000;
  // The server's own AWS identity and endpoints (AWS_* variables), and the temporary
  // credentials obtained with it (role sessions, Redshift logins), shared by every read.
  aws::AwsEnvironment aws;
  std::shared_ptr<aws::TemporaryCredentialsCache> aws_cache =
      std::make_shared<aws::TemporaryCredentialsCache>(SystemClock());
  // The server's own Azure settings (TRIB_AZURE_* variables: Azure AD host, the managed-identity
  // endpoint azure.imds_endpoint, a CA bundle) and the storage tokens obtained so far.
  azure::AzureEnvironment azure;
  // The administrator's GCP settings (token and storage endpoints besides Google's, CA bundle;
  // TRIB_GCP_* / TRIB_GCS_* variables) and the access tokens obtained, shared by every read.
  gcp::GcpEnvironment gcp;
  // The ODBC drivers and DSNs the system registers (unixODBC's ini files), read on every
  // check so that a driver the administrator removes is refused from then on.
  std::function<Result<sql::OdbcSystem>()> odbc_system = sql::ReadOdbcSystem;
};

}  // namespace trib
