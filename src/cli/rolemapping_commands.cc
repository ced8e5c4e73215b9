// trib rolemapping create|list|delete|cluster-role
#include <memory>

#include "cli/commands.h"
#include "clientlib/http_support.h"
#include "clientlib/output.h"

namespace trib::cli {

namespace {

struct RolemappingArgs {
  std::string project;
  std::string project_role;
  std::string cloud_role;
  bool is_default = false;
  std::string id;
};

const std::vector<Column> kMappingColumns = {{"ID", "id"},
                                             {"PROJECT", "project"},
                                             {"PROJECT_ROLE", "project_role"},
                                             {"CLOUD_ROLE", "cloud_role"},
                                             {"DEFAULT", "default"},
                                             {"CREATED", "created"}};

std::string ClusterRoleText(const Json& role) {
  return "cluster role: " + (role.is_string() ? CellText(role) : std::string("(none)")) + "\n";
}

int Create(CliContext& ctx, const RolemappingArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  Json body = {{"project", a.project},
               {"project_role", a.project_role},
               {"cloud_role", a.cloud_role},
               {"default", a.is_default}};
  auto answer = (*client)->Post("/admin/rolemappings", body);
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int List(CliContext& ctx, const RolemappingArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  // A member sees the mappings of his own role in a project; only an admin sees them all.
  const std::string path =
      a.project.empty() ? "/admin/rolemappings" : ProjectPath(a.project) + "/rolemappings";
  auto answer = (*client)->Get(path);
  if (!answer.ok()) return Fail(answer.status());
  std::string text = RenderObjects(Member(*answer, "rolemappings"), kMappingColumns);
  if (!a.project.empty()) text = ClusterRoleText(Member(*answer, "cluster_role")) + text;
  ctx.Print(*answer, text);
  return kExitOk;
}

int Delete(CliContext& ctx, const RolemappingArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Delete("/admin/rolemappings/" + EncodeComponent(a.id));
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, "deleted role mapping " + a.id + "\n");
  return kExitOk;
}

int ClusterRoleShow(CliContext& ctx) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get("/admin/cluster-role");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, ClusterRoleText(Member(*answer, "cloud_role")));
  return kExitOk;
}

int ClusterRoleSet(CliContext& ctx, const RolemappingArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Put("/admin/cluster-role", Json{{"cloud_role", a.cloud_role}});
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, ClusterRoleText(Member(*answer, "cloud_role")));
  return kExitOk;
}

}  // namespace

void AddRolemappingCommands(CLI::App& app, CliContext& ctx) {
  auto a = std::make_shared<RolemappingArgs>();
  CLI::App* rm = app.add_subcommand(
      "rolemapping", "Which cloud roles (e.g. AWS IAM roles) project members may assume");
  rm->require_subcommand(1);

  CLI::App* create = rm->add_subcommand("create", "Map a project role to a cloud role (admin)");
  create->add_option("--project", a->project, "Project name")->required();
  create->add_option("--project-role", a->project_role, "Project role")
      ->required()
      ->check(CLI::IsMember({kProjectRoles[0], kProjectRoles[1]}));
  create->add_option("--cloud-role", a->cloud_role, "Cloud role, e.g. arn:aws:iam::...:role/x")
      ->required();
  create->add_flag("--default", a->is_default, "The role used when a member names none");
  OnRun(create, ctx, [&ctx, a] { return Create(ctx, *a); });

  CLI::App* list = rm->add_subcommand(
      "list", "List role mappings: all (admin), or yours in one project (--project)");
  list->add_option("--project", a->project, "Only the mappings of your role in this project");
  OnRun(list, ctx, [&ctx, a] { return List(ctx, *a); });

  CLI::App* del = rm->add_subcommand("delete", "Delete a role mapping (admin)");
  del->add_option("ID", a->id, "Mapping id, see `trib rolemapping list`")->required();
  OnRun(del, ctx, [&ctx, a] { return Delete(ctx, *a); });

  CLI::App* cluster = rm->add_subcommand(
      "cluster-role", "The one cluster-wide cloud role, when no mappings are used (admin)");
  cluster->require_subcommand(0, 1);
  CLI::App* show = cluster->add_subcommand("show", "Show the cluster role (the default)");
  CLI::App* set = cluster->add_subcommand("set", "Set the cluster role");
  set->add_option("ROLE", a->cloud_role, "Cloud role")->required();
  OnRun(show, ctx, [&ctx] { return ClusterRoleShow(ctx); });
  OnRun(set, ctx, [&ctx, a] { return ClusterRoleSet(ctx, *a); });
  // Bare `cluster-role` shows it; CLI11 runs this callback after a child's, so skip then.
  cluster->callback([&ctx, show, set] {
    if (!show->parsed() && !set->parsed()) ctx.exit_code = ClusterRoleShow(ctx);
  });
}

}  // namespace trib::cli
