// Parses the JSON body of read, splits and test requests into connector requests, naming the
// offending field on every error.
#pragma once

#include <string>

#include "common/json.h"
#include "common/status.h"
#include "connectors/connector.h"

namespace trib {

// {"query"|"table", "limit", "partition_column", "lower_bound", "upper_bound",
//  "num_partitions", "options": {"statement_timeout_ms", "connect_timeout_ms", "batch_rows"},
//  "format"}; "format" is the REST layer's and is only checked to be a string here.
Result<ReadRequest> ParseReadRequest(const Json& body);

// {"connect_timeout_ms"} (an empty body is fine).
Result<int64_t> ParseConnectTimeout(const Json& body);

// {"access": "read"|"write", "duration_s"} (an empty body: read for an hour).
Result<CredentialsRequest> ParseCredentialsRequest(const Json& body);
// "read" -> false, "write" -> true, else InvalidArgument naming "access".
Result<bool> ParseCredentialsAccess(std::string_view access);

}  // namespace trib
