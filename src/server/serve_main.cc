// TEMPORARY stub on the wip-cli branch so that `trib` links; replaced by the server's real
// implementation when the branches are merged.
#include "server/serve_main.h"

#include <cstdio>

namespace trib {

int ServeMain(int /*argc*/, char** /*argv*/) {
  std::fputs("error: serve is not built yet\n", stderr);
  return 2;
}

}  // namespace trib
