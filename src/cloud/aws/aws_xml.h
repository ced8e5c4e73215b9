// Reading the XML answers of AWS's Query-protocol services (STS, Redshift): result fields,
// error documents and timestamps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib::aws {

struct AwsError {
  std::string code;     // "AccessDenied", "ClusterNotFound", ...
  std::string message;  // AWS's text, as sent
  std::string type;     // "Sender" or "Receiver" (may be empty)
};

// The first <Error> of an error answer, whether AWS nests it as <ErrorResponse><Error> or as
// <Response><Errors><Error>; nullopt when `xml` is not such a document.
std::optional<AwsError> ParseAwsError(std::string_view xml);

// The text of the children `names` of the first element called `parent` (namespace prefixes
// ignored). A missing element is an error naming it; the document itself is never quoted, as
// it may hold secrets.
Result<std::map<std::string, std::string>> ExtractXmlFields(std::string_view xml,
                                                            std::string_view parent,
                                                            const std::vector<std::string>& names);

// "2026-11-25T18:35:13.351387Z", "2011-07-15T23:28:33Z", "...+02:00" -> epoch ms.
Result<int64_t> ParseIso8601Ms(std::string_view text);

}  // namespace trib::aws
