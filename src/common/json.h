// The one JSON type of the project (insertion-ordered, so answers read in declaration order).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "common/status.h"

namespace trib {

using Json = nlohmann::ordered_json;

// Parses untrusted text: rejects malformed JSON and nesting deeper than `max_depth`
// before the parser sees it, so a hostile body cannot exhaust the stack. A key repeated in one
// object is refused, the error's field being its path ("arguments.user").
Result<Json> ParseJson(std::string_view text, int max_depth = 32);

// A short human name of a JSON value's kind, for error messages ("string", "object", ...).
std::string_view JsonKindName(const Json& value);

}  // namespace trib
