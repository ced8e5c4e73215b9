#include "connectors/gcs/gcs_credentials.h"

#include <fstream>
#include <sstream>

#include "connectors/common/project_paths.h"

namespace trib {

namespace {

constexpr std::streamsize kMaxKeyFileBytes = 64 << 10;  // key files are ~2.4 KB

}  // namespace

Result<LoadedKey> LoadServiceAccountKey(const ConnectorInput& input) {
  if (auto it = input.secrets.find("/key_json"); it != input.secrets.end()) {
    TRIB_ASSIGN_OR_RETURN(gcp::ServiceAccountKey key,
                          gcp::ParseServiceAccountKey(it->second, "key_json"));
    return LoadedKey{std::move(key), "key_json"};
  }
  const std::string path = input.definition.config.value("key_path", "");
  if (path.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  "the source has no service-account key: set key_json or key_path", "key_json");
  }
  TRIB_ASSIGN_OR_RETURN(std::string resolved, ResolveLocalPath("key_path", path, input.project_dir,
                                                               input.local_directories));
  std::ifstream in(resolved, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kFailedPrecondition,
                  "the key file named by 'key_path' cannot be read", "key_path");
  }
  std::string text(static_cast<size_t>(kMaxKeyFileBytes) + 1, '\0');
  in.read(text.data(), kMaxKeyFileBytes + 1);
  text.resize(static_cast<size_t>(in.gcount()));
  if (static_cast<std::streamsize>(text.size()) > kMaxKeyFileBytes) {
    return Status::InvalidArgument("key_path", "the key file named by 'key_path' is too large");
  }
  TRIB_ASSIGN_OR_RETURN(gcp::ServiceAccountKey key, gcp::ParseServiceAccountKey(text, "key_path"));
  return LoadedKey{std::move(key), "key_path"};
}

}  // namespace trib
