// trib admin rotate-master-key | egress [show|set|add|remove|clear|reset] |
//   odbc-drivers [show|set NAME...|reset] | local-directories [show|set DIR...|reset]
#include <algorithm>
#include <memory>

#include "cli/commands.h"
#include "clientlib/output.h"
#include "net/egress_policy.h"

namespace trib::cli {

namespace {

constexpr char kEgressPath[] = "/admin/egress-allowlist";

int RotateMasterKey(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Post("/admin/rotate-master-key", Json::object());
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

std::string EgressText(const Json& answer) {
  const Json& entries = Member(answer, "entries");
  std::string text = "egress allowlist";
  if (Member(answer, "default").is_boolean() && Member(answer, "default").get<bool>()) {
    text += " (the default)";
  }
  if (!entries.is_array() || entries.empty()) {
    return text + ": empty, no data source may connect anywhere\n";
  }
  text += ":\n";
  for (const Json& entry : entries) text += "  " + CellText(entry) + "\n";
  return text;
}

int EgressShow(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get(kEgressPath);
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, EgressText(*answer));
  return kExitOk;
}

int EgressPut(CliContext& ctx, const std::vector<std::string>& entries) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Put(kEgressPath, Json{{"entries", entries}});
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, EgressText(*answer));
  return kExitOk;
}

// Reads the list, changes it, writes it back. Entries compare in canonical spelling, so
// "LOCALHOST." removes "localhost".
int EgressEdit(CliContext& ctx, const std::vector<std::string>& given, bool add) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto current = (*client)->Get(kEgressPath);
  if (!current.ok()) return Fail(current.status());
  std::vector<std::string> entries;
  for (const Json& entry : Member(*current, "entries")) entries.push_back(CellText(entry));
  for (const std::string& text : given) {
    auto rule = net::ParseEgressRule(text, "entries");
    if (!rule.ok()) return Fail(rule.status());
    auto at = std::find(entries.begin(), entries.end(), rule->text);
    if (add && at == entries.end()) entries.push_back(rule->text);
    if (!add) {
      if (at == entries.end()) {
        return Fail(Status::InvalidArgument("entries",
                                            "'" + rule->text + "' is not in the egress allowlist"));
      }
      entries.erase(at);
    }
  }
  return EgressPut(ctx, entries);
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

int LocalDirectoriesCall(CliContext& ctx, const Json* directories) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = directories == nullptr ? (*client)->Get("/admin/local-directories")
                                       : (*client)->Put("/admin/local-directories",
                                                        Json{{"directories", *directories}});
  if (!answer.ok()) return Fail(answer.status());
  const Json& dirs = Member(*answer, "directories");
  ctx.Print(*answer, "local directories: " +
                         (dirs.empty() ? std::string("(none: only each "
                                                     "project's own)")
                                       : NameList(dirs)) +
                         "\n");
  return kExitOk;
}

}  // namespace

void AddAdminCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* admin = app.add_subcommand("admin", "Cluster administration");
  admin->require_subcommand(1);
  CLI::App* rotate = admin->add_subcommand(
      "rotate-master-key", "Make a new master key and re-wrap every stored secret with it");
  OnRun(rotate, ctx, [&ctx] { return RotateMasterKey(ctx); });

  auto entries = std::make_shared<std::vector<std::string>>();
  CLI::App* egress = admin->add_subcommand(
      "egress", "Destinations data sources may reach: host names, *.domain, CIDR ranges, ports");
  egress->require_subcommand(0, 1);
  CLI::App* show = egress->add_subcommand("show", "Show the egress allowlist (the default)");
  CLI::App* set = egress->add_subcommand("set", "Replace the allowlist with these entries");
  set->add_option("ENTRY", *entries, "e.g. db.example.com:5432, *.corp.example, 10.0.0.0/8")
      ->required();
  CLI::App* add = egress->add_subcommand("add", "Allow further destinations");
  add->add_option("ENTRY", *entries, "Entries to add")->required();
  CLI::App* remove = egress->add_subcommand("remove", "Stop allowing destinations");
  remove->add_option("ENTRY", *entries, "Entries to remove")->required();
  CLI::App* clear = egress->add_subcommand("clear", "Allow no destination at all");
  CLI::App* reset = egress->add_subcommand("reset", "Back to the embedded default (loopback only)");
  OnRun(show, ctx, [&ctx] { return EgressShow(ctx); });
  OnRun(set, ctx, [&ctx, entries] { return EgressPut(ctx, *entries); });
  OnRun(add, ctx, [&ctx, entries] { return EgressEdit(ctx, *entries, true); });
  OnRun(remove, ctx, [&ctx, entries] { return EgressEdit(ctx, *entries, false); });
  OnRun(clear, ctx, [&ctx] { return EgressPut(ctx, {}); });
  OnRun(reset, ctx, [&ctx] { return EgressPut(ctx, net::EgressPolicy::DefaultEntries()); });
  // Bare `egress` shows it; CLI11 runs this callback after a child's, so skip then.
  egress->callback([&ctx, egress] {
    if (egress->get_subcommands().empty()) ctx.exit_code = EgressShow(ctx);
  });

  {  // odbc-drivers: its own scope, its subcommands share names with egress's
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
  {  // local-directories: where local database files may lie besides each project's own
    auto dirs = std::make_shared<std::vector<std::string>>();
    CLI::App* local = admin->add_subcommand(
        "local-directories", "Directories where jdbc:sqlite:/jdbc:duckdb: files may also lie");
    local->require_subcommand(0, 1);
    CLI::App* show = local->add_subcommand("show", "Show the allowed directories");
    CLI::App* set = local->add_subcommand("set", "Allow only these absolute directories");
    set->add_option("DIR", *dirs, "Absolute, existing directories outside the data directory")
        ->required();
    CLI::App* reset = local->add_subcommand("reset", "Allow no directory but each project's own");
    OnRun(show, ctx, [&ctx] { return LocalDirectoriesCall(ctx, nullptr); });
    OnRun(set, ctx, [&ctx, dirs] {
      const Json list(*dirs);
      return LocalDirectoriesCall(ctx, &list);
    });
    OnRun(reset, ctx, [&ctx] {
      const Json none = Json::array();
      return LocalDirectoriesCall(ctx, &none);
    });
    local->callback([&ctx, show, set, reset] {
      if (!show->parsed() && !set->parsed() && !reset->parsed()) {
        ctx.exit_code = LocalDirectoriesCall(ctx, nullptr);
      }
    });
  }
}

}  // namespace trib::cli
