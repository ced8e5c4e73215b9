// trib admin rotate-master-key | odbc-drivers [show|set NAME...|reset]
#include <memory>

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

std::string NameList(const Json& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += CellText(name);
  }
  return out.empty() ? "(none)" : out;
}

std::string OdbcDriversText(const Json& answer) {
  const Json allowed = Member(answer, "odbc_drivers");
  return "allowed ODBC drivers: " +
         (allowed.is_array() ? NameList(allowed) : std::string("every registered driver")) +
         "\nregistered in odbcinst.ini: " + NameList(Member(answer, "registered")) + "\n";
}

int OdbcDriversShow(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get("/admin/odbc-drivers");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, OdbcDriversText(*answer));
  return kExitOk;
}

// `names` null: back to every registered driver.
int OdbcDriversPut(CliContext& ctx, const Json& names) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Put("/admin/odbc-drivers", Json{{"odbc_drivers", names}});
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, OdbcDriversText(*answer));
  return kExitOk;
}

}  // namespace

void AddAdminCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* admin = app.add_subcommand("admin", "Cluster administration");
  admin->require_subcommand(1);
  CLI::App* rotate = admin->add_subcommand(
      "rotate-master-key", "Make a new master key and re-wrap every stored secret with it");
  OnRun(rotate, ctx, [&ctx] { return RotateMasterKey(ctx); });

  auto names = std::make_shared<std::vector<std::string>>();
  CLI::App* odbc = admin->add_subcommand(
      "odbc-drivers", "The ODBC drivers (odbcinst.ini names) data sources may name");
  odbc->require_subcommand(0, 1);
  CLI::App* show = odbc->add_subcommand("show", "Show the allowed and registered drivers");
  CLI::App* set = odbc->add_subcommand("set", "Allow only these registered drivers");
  set->add_option("NAME", *names, "Driver names, e.g. \"PostgreSQL Unicode\"")->required();
  CLI::App* reset = odbc->add_subcommand("reset", "Allow every registered driver again");
  OnRun(show, ctx, [&ctx] { return OdbcDriversShow(ctx); });
  OnRun(set, ctx, [&ctx, names] { return OdbcDriversPut(ctx, Json(*names)); });
  OnRun(reset, ctx, [&ctx] { return OdbcDriversPut(ctx, Json()); });
  // Bare `odbc-drivers` shows them; CLI11 runs this callback after a child's, so skip then.
  odbc->callback([&ctx, show, set, reset] {
    if (!show->parsed() && !set->parsed() && !reset->parsed()) {
      ctx.exit_code = OdbcDriversShow(ctx);
    }
  });
}

}  // namespace trib::cli
