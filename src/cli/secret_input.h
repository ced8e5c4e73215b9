// Reads the value of a --secret: from the terminal with echo off, from a file, or from stdin.
// Values never come from argv, and no error message repeats them.
#pragma once

#include <string>

#include "clientlib/secret_spec.h"
#include "common/status.h"

namespace trib::cli {

// One trailing newline is dropped from files and stdin; an empty value is an error.
Result<std::string> ReadSecret(const SecretSpec& spec);

}  // namespace trib::cli
