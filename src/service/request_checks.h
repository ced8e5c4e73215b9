// Small checks shared by the service's request handlers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/status.h"

namespace trib {

// The body is an object and has no key outside `allowed` (the error lists the allowed ones).
Status CheckBodyKeys(const Json& body, std::initializer_list<std::string_view> allowed);

// body[field] as a string; InvalidArgument naming the field when absent (if required) or not a
// string.
Result<std::string> StringMember(const Json& body, std::string_view field, bool required);

}  // namespace trib
