// A 128-bit integer for decimal128 values and overflow-free arithmetic. GCC/Clang extension,
// named once here so -Wpedantic stays on everywhere else.
#pragma once

namespace trib {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

}  // namespace trib
