// trib audit: who did what, newest first (admin)
#include <memory>

#include "cli/commands.h"
#include "clientlib/http_support.h"
#include "clientlib/output.h"
#include "clientlib/time_arg.h"

namespace trib::cli {

namespace {

struct AuditArgs {
  std::string actor;
  std::string action;
  std::string project;
  std::string since;
  int limit = 0;
};

int Audit(CliContext& ctx, const AuditArgs& a) {
  std::string since_ms;
  if (!a.since.empty()) {
    auto ms = ParseTimeArg(a.since);
    if (!ms.ok()) return UsageFail(ms.status());
    since_ms = std::to_string(*ms);
  }
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  const std::string query = QueryString({{"actor", a.actor},
                                         {"action", a.action},
                                         {"project", a.project},
                                         {"since", since_ms},
                                         {"limit", a.limit > 0 ? std::to_string(a.limit) : ""}});
  auto answer = (*client)->Get("/admin/audit" + query);
  if (!answer.ok()) return Fail(answer.status());
  // Times may come as epoch milliseconds; people read ISO 8601.
  Json events = Member(*answer, "events");
  if (events.is_array()) {
    for (auto& event : events) {
      if (event.is_object() && Member(event, "time").is_number_integer()) {
        event["time"] = FormatEpochMs(event["time"].get<int64_t>());
      }
    }
  }
  ctx.Print(*answer, RenderObjects(events, {{"TIME", "time"},
                                            {"ACTOR", "actor"},
                                            {"ACTION", "action"},
                                            {"PROJECT", "project"},
                                            {"TARGET", "target"},
                                            {"DETAIL", "detail"}}));
  return kExitOk;
}

}  // namespace

void AddAuditCommands(CLI::App& app, CliContext& ctx) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* audit = app.add_subcommand("audit", "Show the audit log, newest first (admin)");
  audit->add_option("--actor", a->actor, "Only events by this user");
  audit->add_option("--action", a->action, "Only this action");
  audit->add_option("--project", a->project, "Only events in this project");
  audit->add_option("--since", a->since,
                    "Only events from this time on: epoch ms or ISO 8601 (UTC unless a zone "
                    "is given)");
  audit->add_option("--limit", a->limit, "At most this many events")->check(CLI::PositiveNumber);
  OnRun(audit, ctx, [&ctx, a] { return Audit(ctx, *a); });
}

}  // namespace trib::cli
