// `trib`: the command-line client of the tributary REST API, plus `trib serve` (the server,
// which owns its own options and is handed argv untouched).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string_view>

#include "cli/commands.h"
#include "server/serve_main.h"

namespace {

int RunClient(int argc, char** argv) {
  using namespace trib::cli;
  CliContext ctx;
  CLI::App app{"trib: tributary's command-line client (data sources with safely kept credentials)",
               "trib"};
  app.set_version_flag("--version", TRIB_VERSION);
  app.require_subcommand(1);
  // Global options may follow the subcommand: `trib project list --output json`.
  app.fallthrough();
  app.footer(
      "Global options can be given anywhere. Prefer TRIB_API_KEY or --api-key-file to "
      "--api-key: other users of the machine can read command lines.");
  GlobalOptions& o = ctx.options;
  app.add_option("--url", o.url, "Server URL")->envname("TRIB_URL")->capture_default_str();
  app.add_option("--api-key", o.api_key, "API key (prefer TRIB_API_KEY or --api-key-file)");
  app.add_option("--api-key-file", o.api_key_file,
                 "File holding the API key (env TRIB_API_KEY_FILE)");
  app.add_option("--ca-cert", o.ca_cert, "PEM CA certificate(s) for https (env TRIB_CA_CERT)");
  app.add_option("-o,--output", o.output, "table or json (the server's answer, verbatim)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  CLI::App* serve = app.add_subcommand("serve", "Run the server (`trib serve --help`)");
  serve->allow_extras();
  serve->callback([&ctx] {
    std::cerr << "error: `serve` must come first: trib serve [OPTIONS]\n";
    ctx.exit_code = kExitUsage;
  });
  AddProjectCommands(app, ctx);
  AddDatasourceCommands(app, ctx);
  AddUserCommands(app, ctx);
  AddRolemappingCommands(app, ctx);
  AddAuditCommands(app, ctx);
  AddAdminCommands(app, ctx);
  AddReadCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\nRun with --help for more information.\n";
    return kExitUsage;
  }
  return ctx.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "serve") return trib::ServeMain(argc - 1, argv + 1);
  try {
    return RunClient(argc, argv);
  } catch (const std::exception& e) {
    // A bug, not an expected failure; still no stack trace of secrets, just the what().
    std::cerr << "error: internal error in trib: " << e.what() << "\n";
    return 1;
  }
}
