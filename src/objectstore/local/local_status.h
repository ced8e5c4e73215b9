// Turns an errno from a local store operation into a Status that names the key, never the
// host path of the store's root.
#pragma once

#include <string_view>

#include "common/status.h"

namespace trib::objectstore {

// `action` is a verb phrase for messages ("read", "write", "list").
Status LocalError(int err, std::string_view key, std::string_view action);

}  // namespace trib::objectstore
