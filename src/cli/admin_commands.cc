// trib admin rotate-master-key
#include "cli/commands.h"
#include "clientlib/output.h"

namespace trib::cli {

namespace {

int RotateMasterKey(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Post("/admin/rotate-master-key", Json::object());
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

}  // namespace

void AddAdminCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* admin = app.add_subcommand("admin", "Cluster administration");
  admin->require_subcommand(1);
  CLI::App* rotate = admin->add_subcommand(
      "rotate-master-key", "Make a new master key and re-wrap every stored secret with it");
  OnRun(rotate, ctx, [&ctx] { return RotateMasterKey(ctx); });
}

}  // namespace trib::cli
