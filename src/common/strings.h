// Small string helpers shared across modules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trib {

// ASCII lower case.
std::string ToLower(std::string_view text);

// `text` without leading and trailing spaces and tabs (a view into it).
std::string_view Trim(std::string_view text);

// "a, b, c"
std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ");

// For log lines: control characters (and DEL) as \xNN, '\' as "\\", so a request path cannot
// start a forged line or drive a terminal.
std::string EscapeControl(std::string_view text);

}  // namespace trib
