// S3's error answers as Status values: which code, and which field of the data source is to
// blame (the bucket, the access key, the session token, the KMS key, the region).
#pragma once

#include <string>
#include <string_view>

#include "cloud/aws/aws_xml.h"
#include "common/status.h"

namespace trib::objectstore {

// `what` says what was asked ("S3 GetObject 'a/b.csv'"). `error` is S3's error document,
// already scrubbed of secrets; its code is "" when the answer had none (HEAD answers never
// do), and the HTTP status decides alone.
Status S3ErrorStatus(std::string_view what, int http_status, const aws::AwsError& error);

// "HTTP 503 SlowDown: Please reduce your request rate." (or without the code when none came).
std::string DescribeS3Answer(int http_status, const aws::AwsError& error);

// Answers worth sending again: throttling, server faults, a timed-out upload socket.
bool IsRetryableS3Answer(int http_status, std::string_view code);

}  // namespace trib::objectstore
