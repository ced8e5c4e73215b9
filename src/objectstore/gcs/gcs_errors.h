// GCS's error answers as Status values: which code, and which field of the data source is to
// blame (the key, the bucket, the path, the customer-supplied encryption key).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "objectstore/gcs/gcs_client.h"

namespace trib::objectstore {

// What a request was about: a 404 of a bucket call is the bucket, of an object call the path
// (unless GCS says the bucket is missing).
enum class GcsTarget { kBucket, kObject };

// `what` says what was asked ("GCS objects.get 'a/b.csv'"); `credential_field` is the key
// field (key_json or key_path) that 401 and 403 name.
Status GcsErrorStatus(std::string_view what, const GcsResponse& answer, GcsTarget target,
                      std::string_view credential_field);

// "HTTP 404 notFound: No such object: ..." (without the reason or message when none came).
std::string DescribeGcsAnswer(const GcsResponse& answer);

// Throttling, server faults, a timed-out request: worth sending again.
bool IsRetryableGcsStatus(int http_status);

}  // namespace trib::objectstore
