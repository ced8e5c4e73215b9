// Entry point of `trib serve`: the CLI hands it argv from "serve" on (argv[0] == "serve"), so
// the server owns its own options and the CLI does not depend on the server's internals.
#pragma once

namespace trib {

int ServeMain(int argc, char** argv);

}  // namespace trib
