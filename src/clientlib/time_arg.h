// Times on the command line and in tables: `--since` takes epoch milliseconds or ISO 8601;
// tables show epoch milliseconds from the server as ISO 8601 UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::cli {

// "1764084174123", "2026-11-25", "2026-11-25T15:22", "2026-11-25T15:22:54.123Z",
// "2026-11-25T16:22:54+01:00" -> milliseconds since the epoch. No zone means UTC.
Result<int64_t> ParseTimeArg(std::string_view text);

// 1764084174123 -> "2026-11-25T15:22:54.123Z".
std::string FormatEpochMs(int64_t ms);

}  // namespace trib::cli
