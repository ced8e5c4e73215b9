// trib user create|list|whoami|new-key
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "clientlib/output.h"

namespace trib::cli {

namespace {

struct UserArgs {
  std::string name;
  bool admin = false;
  std::vector<std::string> scopes;
};

void WarnKeyShownOnce() {
  std::cerr << "warning: this API key is shown only now and cannot be retrieved later; store it "
               "(e.g. in a file only you can read, for --api-key-file)\n";
}

int Create(CliContext& ctx, const UserArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Post("/admin/users", Json{{"name", a.name}, {"admin", a.admin}});
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  WarnKeyShownOnce();
  return kExitOk;
}

int List(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get("/admin/users");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderObjects(Member(*answer, "users"),
                                   {{"NAME", "name"}, {"ADMIN", "admin"}, {"CREATED", "created"}}));
  return kExitOk;
}

int WhoAmI(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get("/users/me");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int NewKey(CliContext& ctx, const UserArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  Json body = Json::object();
  if (!a.scopes.empty()) body["scopes"] = a.scopes;
  auto answer = (*client)->Post("/users/me/apikeys", body);
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  WarnKeyShownOnce();
  return kExitOk;
}

}  // namespace

void AddUserCommands(CLI::App& app, CliContext& ctx) {
  auto a = std::make_shared<UserArgs>();
  CLI::App* user = app.add_subcommand("user", "Users and their API keys");
  user->require_subcommand(1);

  CLI::App* create = user->add_subcommand("create", "Create a user and its first API key (admin)");
  create->add_option("NAME", a->name, "User name")->required();
  create->add_flag("--admin", a->admin, "Make the user an administrator");
  OnRun(create, ctx, [&ctx, a] { return Create(ctx, *a); });

  CLI::App* list = user->add_subcommand("list", "List users (admin)");
  OnRun(list, ctx, [&ctx] { return List(ctx); });

  CLI::App* whoami = user->add_subcommand("whoami", "Show the user the API key belongs to");
  OnRun(whoami, ctx, [&ctx] { return WhoAmI(ctx); });

  CLI::App* new_key = user->add_subcommand("new-key", "Create another API key for yourself");
  new_key->add_option("--scope", a->scopes, "Limit the key to a scope (repeatable)")
      ->allow_extra_args(false);
  OnRun(new_key, ctx, [&ctx, a] { return NewKey(ctx, *a); });
}

}  // namespace trib::cli
