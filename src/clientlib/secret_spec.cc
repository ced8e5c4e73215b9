#include "clientlib/secret_spec.h"

#include <set>

#include "clientlib/field_values.h"

namespace trib::cli {

Result<SecretSpec> ParseSecretSpec(std::string_view text) {
  const size_t eq = text.find('=');
  SecretSpec spec;
  spec.path = std::string(text.substr(0, eq));
  if (spec.path.empty()) {
    return Status::InvalidArgument("", "--secret takes FIELD, FIELD=@FILE or FIELD=-");
  }
  if (eq == std::string_view::npos) return spec;
  const std::string_view source = text.substr(eq + 1);
  if (source == "-") {
    spec.source = SecretSource::kStdin;
  } else if (source.size() > 1 && source.front() == '@') {
    spec.source = SecretSource::kFile;
    spec.file = std::string(source.substr(1));
  } else {
    // Whatever follows '=' may be the secret itself: refuse without repeating it.
    return Status::InvalidArgument(spec.path, SecretHint(spec.path));
  }
  return spec;
}

Status CheckSecretSpecs(const std::vector<SecretSpec>& specs) {
  std::set<std::string> seen;
  int from_stdin = 0;
  for (const auto& spec : specs) {
    if (!seen.insert(spec.path).second) {
      return Status::InvalidArgument(spec.path, "--secret " + spec.path + " is given twice");
    }
    if (spec.source == SecretSource::kStdin && ++from_stdin > 1) {
      return Status::InvalidArgument(
          spec.path, "only one secret can be read from stdin; use =@FILE for the others");
    }
  }
  return Status::Ok();
}

void StripOneTrailingNewline(std::string& value) {
  if (!value.empty() && value.back() == '\n') {
    value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
  }
}

}  // namespace trib::cli
