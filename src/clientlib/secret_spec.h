// What a --secret argument asks for: which field, and where its value comes from. The value
// itself is never on the command line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trib::cli {

enum class SecretSource {
  kPrompt,  // --secret password        (terminal, echo off)
  kFile,    // --secret password=@FILE
  kStdin,   // --secret password=-
};

struct SecretSpec {
  std::string path;  // "password" or "arguments.password"
  SecretSource source = SecretSource::kPrompt;
  std::string file;  // kFile only
};

Result<SecretSpec> ParseSecretSpec(std::string_view text);

// Checks a whole set of --secret arguments: stdin can be read only once, and a field given
// twice is a mistake rather than "last one wins".
Status CheckSecretSpecs(const std::vector<SecretSpec>& specs);

// Files and pipes usually end with one newline that is not part of the secret.
void StripOneTrailingNewline(std::string& value);

}  // namespace trib::cli
