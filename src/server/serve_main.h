// `trib serve`: the server process.
#pragma once

namespace trib {

// argv[0] is "serve"; answers the process exit code.
int ServeMain(int argc, char** argv);

}  // namespace trib
