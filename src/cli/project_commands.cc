// trib project create|list|show, trib project member add|list|remove
#include <memory>

#include "cli/commands.h"
#include "clientlib/http_support.h"
#include "clientlib/output.h"

namespace trib::cli {

namespace {

struct ProjectArgs {
  std::string name;
  std::string description;
  std::string user;
  std::string role;
};

int Create(CliContext& ctx, const ProjectArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  Json body = {{"name", a.name}};
  if (!a.description.empty()) body["description"] = a.description;
  auto answer = (*client)->Post("/projects", body);
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int List(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get("/projects");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderObjects(Member(*answer, "projects"), {{"NAME", "name"},
                                                                 {"ROLE", "role"},
                                                                 {"CREATED_BY", "created_by"},
                                                                 {"CREATED", "created"},
                                                                 {"DESCRIPTION", "description"}}));
  return kExitOk;
}

int Show(CliContext& ctx, const ProjectArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get(ProjectPath(a.name));
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int MemberAdd(CliContext& ctx, const ProjectArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer =
      (*client)->Post(ProjectPath(a.name) + "/members", Json{{"user", a.user}, {"role", a.role}});
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int MemberList(CliContext& ctx, const ProjectArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get(ProjectPath(a.name) + "/members");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderObjects(Member(*answer, "members"),
                                   {{"USER", "user"}, {"ROLE", "role"}, {"ADDED", "added"}}));
  return kExitOk;
}

int MemberRemove(CliContext& ctx, const ProjectArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Delete(ProjectPath(a.name) + "/members/" + EncodeComponent(a.user));
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, "removed " + a.user + " from project " + a.name + "\n");
  return kExitOk;
}

}  // namespace

void AddProjectCommands(CLI::App& app, CliContext& ctx) {
  auto a = std::make_shared<ProjectArgs>();
  CLI::App* project = app.add_subcommand("project", "Projects and their members");
  project->require_subcommand(1);

  CLI::App* create =
      project->add_subcommand("create", "Create a project (you become its data owner)");
  create->add_option("NAME", a->name, "Project name")->required();
  create->add_option("--description", a->description, "What the project is for");
  OnRun(create, ctx, [&ctx, a] { return Create(ctx, *a); });

  CLI::App* list = project->add_subcommand("list", "List your projects (all of them for an admin)");
  OnRun(list, ctx, [&ctx] { return List(ctx); });

  CLI::App* show = project->add_subcommand("show", "Show one project");
  show->add_option("NAME", a->name, "Project name")->required();
  OnRun(show, ctx, [&ctx, a] { return Show(ctx, *a); });

  CLI::App* member = project->add_subcommand("member", "Members of a project and their roles");
  member->require_subcommand(1);

  CLI::App* add = member->add_subcommand("add", "Add a user to a project (data owners only)");
  add->add_option("PROJECT", a->name, "Project name")->required();
  add->add_option("USER", a->user, "User name")->required();
  add->add_option("--role", a->role, "Project role")
      ->required()
      ->check(CLI::IsMember({kProjectRoles[0], kProjectRoles[1]}));
  OnRun(add, ctx, [&ctx, a] { return MemberAdd(ctx, *a); });

  CLI::App* members = member->add_subcommand("list", "List the members of a project");
  members->add_option("PROJECT", a->name, "Project name")->required();
  OnRun(members, ctx, [&ctx, a] { return MemberList(ctx, *a); });

  CLI::App* remove = member->add_subcommand("remove", "Remove a user from a project");
  remove->add_option("PROJECT", a->name, "Project name")->required();
  remove->add_option("USER", a->user, "User name")->required();
  OnRun(remove, ctx, [&ctx, a] { return MemberRemove(ctx, *a); });
}

}  // namespace trib::cli
