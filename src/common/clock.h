// Time as an argument: everything that stamps or expires takes a Clock so tests are exact.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace trib {

// Milliseconds since the Unix epoch.
using Clock = std::function<int64_t()>;

int64_t SystemNowMs();
Clock SystemClock();

// "2026-11-25T15:22:54.123Z"
std::string FormatIso8601(int64_t epoch_ms);

}  // namespace trib
