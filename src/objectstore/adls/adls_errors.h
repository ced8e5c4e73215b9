// Azure Storage's error answers as Status values: which code, and which field of the data
// source is to blame (the credentials, the container, the account, the path).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "objectstore/adls/adls_client.h"

namespace trib::objectstore {

// `what` says what was asked ("Azure Get Blob 'a/b.csv'"); `credential_field` is the field
// holding the credentials in use. A code "" (HEAD answers have no body, though Azure sends
// x-ms-error-code) leaves the HTTP status to decide.
Status AdlsErrorStatus(std::string_view what, int http_status, const AdlsError& error,
                       std::string_view credential_field);

// "HTTP 404 BlobNotFound: The specified blob does not exist."
std::string DescribeAdlsAnswer(int http_status, const AdlsError& error);

// Server faults and throttling: worth sending again.
bool IsRetryableAdlsAnswer(int http_status, std::string_view code);

}  // namespace trib::objectstore
