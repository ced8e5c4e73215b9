// trib datasource types|create|list|show|update|delete
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/secret_input.h"
#include "clientlib/field_values.h"
#include "clientlib/http_support.h"
#include "clientlib/output.h"
#include "clientlib/secret_spec.h"
#include "clientlib/type_info.h"

namespace trib::cli {

namespace {

struct DatasourceArgs {
  std::string project;
  std::string name;
  std::string type;
  std::string file;
  std::string description;
  bool description_given = false;
  std::vector<std::string> sets;
  std::vector<std::string> unsets;
  std::vector<std::string> secrets;
};

std::string SourcePath(const DatasourceArgs& a) {
  return ProjectPath(a.project) + "/datasources/" + EncodeComponent(a.name);
}

Result<std::vector<TypeInfo>> FetchTypes(ApiClient& client, Json* raw = nullptr) {
  TRIB_ASSIGN_OR_RETURN(Json answer, client.Get("/datasource-types"));
  if (raw != nullptr) *raw = answer;
  return ParseTypeList(answer);
}

Result<Json> ReadDefinitionFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("file", "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  Result<Json> parsed = ParseJson(text.str());
  if (!parsed.ok()) {
    return Status::InvalidArgument("file", path + ": " + parsed.status().message());
  }
  if (!parsed->is_object()) {
    return Status::InvalidArgument("file", path + ": expected one JSON object, the definition");
  }
  return parsed;
}

// Every argument is checked before the first secret is read, so that a typo does not cost a
// prompt; the secrets are read last and written into `definition`.
Status ApplyEdits(const TypeInfo& type, const DatasourceArgs& a, Json& definition) {
  std::vector<SecretSpec> specs;
  std::vector<FieldPath> targets;
  for (const auto& text : a.secrets) {
    TRIB_ASSIGN_OR_RETURN(SecretSpec spec, ParseSecretSpec(text));
    TRIB_ASSIGN_OR_RETURN(FieldPath path, ResolveFieldPath(type, spec.path));
    TRIB_RETURN_IF_ERROR(CheckSecretTarget(path));
    spec.path = path.Display();
    specs.push_back(std::move(spec));
    targets.push_back(path);
  }
  TRIB_RETURN_IF_ERROR(CheckSecretSpecs(specs));
  if (a.description_given) definition["description"] = a.description;
  for (const auto& path : a.unsets) TRIB_RETURN_IF_ERROR(ApplyUnset(type, path, definition));
  for (const auto& set : a.sets) TRIB_RETURN_IF_ERROR(ApplySet(type, set, definition));
  for (size_t i = 0; i < specs.size(); ++i) {
    TRIB_ASSIGN_OR_RETURN(std::string value, ReadSecret(specs[i]));
    TRIB_RETURN_IF_ERROR(ApplySecret(targets[i], std::move(value), definition));
  }
  return Status::Ok();
}

int Types(CliContext& ctx, const DatasourceArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  Json raw;
  auto types = FetchTypes(**client, &raw);
  if (!types.ok()) return Fail(types.status());
  std::vector<TypeInfo> shown = *types;
  Json shown_raw = raw;
  if (!a.type.empty()) {
    auto one = FindType(*types, a.type);
    if (!one.ok()) return UsageFail(one.status());
    shown = {*one};
    for (const auto& t : Member(raw, "types")) {
      if (Member(t, "type") == a.type) shown_raw = t;
    }
  }
  std::string text;
  for (const auto& t : shown) {
    if (!text.empty()) text += "\n";
    text += CellText(Json(t.name)) + " (" + CellText(Json(t.group)) +
            "): " + CellText(Json(t.description)) + "\n" + RenderFieldTable(t);
  }
  ctx.Print(shown_raw, text);
  return kExitOk;
}

int Create(CliContext& ctx, const DatasourceArgs& a) {
  Json base = Json::object();
  if (!a.file.empty()) {
    auto file = ReadDefinitionFile(a.file);
    if (!file.ok()) return UsageFail(file.status());
    base = DefinitionForCreate(*file);
  }
  std::string type_name = a.type;
  const Json file_type = Member(base, "type");
  if (type_name.empty() && file_type.is_string()) type_name = file_type.get<std::string>();
  if (type_name.empty()) {
    return UsageFail(Status::InvalidArgument("type", "--type is required (or \"type\" in --file)"));
  }
  if (file_type.is_string() && file_type.get<std::string>() != type_name) {
    return UsageFail(Status::InvalidArgument(
        "type", "--type " + type_name + " contradicts \"type\" in " + a.file));
  }

  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto types = FetchTypes(**client);
  if (!types.ok()) return Fail(types.status());
  auto type = FindType(*types, type_name);
  if (!type.ok()) return UsageFail(type.status());

  // name and type first, so that answers and files read naturally.
  Json definition = {{"name", a.name}, {"type", type_name}};
  for (auto it = base.begin(); it != base.end(); ++it) {
    if (it.key() != "name" && it.key() != "type") definition[it.key()] = it.value();
  }
  Status edited = ApplyEdits(*type, a, definition);
  if (!edited.ok()) return UsageFail(edited);
  Status complete = RefuseRedacted(definition);
  if (!complete.ok()) return UsageFail(complete);

  auto answer = (*client)->Post(ProjectPath(a.project) + "/datasources", definition);
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int Update(CliContext& ctx, const DatasourceArgs& a) {
  if (!a.description_given && a.sets.empty() && a.unsets.empty() && a.secrets.empty()) {
    return UsageFail(Status::InvalidArgument(
        "", "nothing to change: give --set, --unset, --secret or --description"));
  }
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto current = (*client)->Get(SourcePath(a));
  if (!current.ok()) return Fail(current.status());
  const Json type_name = Member(*current, "type");
  if (!type_name.is_string()) {
    return Fail(Status::Internal("the server's definition of '" + a.name + "' has no type"));
  }
  auto types = FetchTypes(**client);
  if (!types.ok()) return Fail(types.status());
  auto type = FindType(*types, type_name.get<std::string>());
  if (!type.ok()) return Fail(type.status());

  // Unchanged secrets travel back as "<redacted>", which the server reads as "keep".
  Json definition = DefinitionForUpdate(*current);
  Status edited = ApplyEdits(*type, a, definition);
  if (!edited.ok()) return UsageFail(edited);

  auto answer = (*client)->Put(SourcePath(a), definition);
  if (!answer.ok()) {
    const int code = Fail(answer.status());
    if (answer.status().code() == StatusCode::kConflict) {
      std::cerr << "hint: '" << a.name << "' was changed by someone else after it was read "
                << "(version " << CellText(Member(*current, "version"))
                << "); nothing was saved. Run the command again to apply your changes to the "
                   "current version.\n";
    }
    return code;
  }
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int List(CliContext& ctx, const DatasourceArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get(ProjectPath(a.project) + "/datasources");
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer,
            RenderObjects(Member(*answer, "datasources"), {{"NAME", "name"},
                                                           {"TYPE", "type"},
                                                           {"DEFAULT", "default"},
                                                           {"VERSION", "version"},
                                                           {"UPDATED", "updated"},
                                                           {"DESCRIPTION", "description"}}));
  return kExitOk;
}

int Show(CliContext& ctx, const DatasourceArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Get(SourcePath(a));
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, RenderKeyValues(*answer));
  return kExitOk;
}

int Delete(CliContext& ctx, const DatasourceArgs& a) {
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->Delete(SourcePath(a));
  if (!answer.ok()) return Fail(answer.status());
  ctx.Print(*answer, "deleted data source " + a.name + " from project " + a.project + "\n");
  return kExitOk;
}

void AddEditOptions(CLI::App* cmd, DatasourceArgs& a, bool update) {
  cmd->add_option("--description", a.description, "Description")->each([&a](const std::string&) {
    a.description_given = true;
  });
  cmd->add_option("--set", a.sets,
                  "FIELD=VALUE or MAP.KEY=VALUE (repeatable); not for secret fields")
      ->allow_extra_args(false);
  cmd->add_option("--secret", a.secrets,
                  "FIELD (prompt), FIELD=@FILE or FIELD=- (stdin); also MAP.KEY (repeatable)")
      ->allow_extra_args(false);
  if (update) {
    cmd->add_option("--unset", a.unsets, "FIELD or MAP.KEY to remove (repeatable)")
        ->allow_extra_args(false);
  }
}

}  // namespace

void AddDatasourceCommands(CLI::App& app, CliContext& ctx) {
  auto a = std::make_shared<DatasourceArgs>();
  CLI::App* ds = app.add_subcommand("datasource", "Data sources of a project");
  ds->require_subcommand(1);

  CLI::App* types = ds->add_subcommand("types", "Data source types and their fields");
  types->add_option("TYPE", a->type, "Only this type");
  OnRun(types, ctx, [&ctx, a] { return Types(ctx, *a); });

  CLI::App* create = ds->add_subcommand("create", "Create a data source (data owners only)");
  create->add_option("PROJECT", a->project, "Project name")->required();
  create->add_option("NAME", a->name, "Data source name")->required();
  create->add_option("--type", a->type, "Type, see `trib datasource types`");
  create->add_option("--file", a->file, "JSON file with a base definition (may hold secrets)");
  AddEditOptions(create, *a, /*update=*/false);
  OnRun(create, ctx, [&ctx, a] { return Create(ctx, *a); });

  CLI::App* list = ds->add_subcommand("list", "List the data sources of a project");
  list->add_option("PROJECT", a->project, "Project name")->required();
  OnRun(list, ctx, [&ctx, a] { return List(ctx, *a); });

  CLI::App* show = ds->add_subcommand("show", "Show a data source (secrets redacted)");
  show->add_option("PROJECT", a->project, "Project name")->required();
  show->add_option("NAME", a->name, "Data source name")->required();
  OnRun(show, ctx, [&ctx, a] { return Show(ctx, *a); });

  CLI::App* update = ds->add_subcommand(
      "update", "Change fields of a data source; secrets not mentioned are kept");
  update->add_option("PROJECT", a->project, "Project name")->required();
  update->add_option("NAME", a->name, "Data source name")->required();
  AddEditOptions(update, *a, /*update=*/true);
  OnRun(update, ctx, [&ctx, a] { return Update(ctx, *a); });

  CLI::App* del = ds->add_subcommand("delete", "Delete a data source (not a project's defaults)");
  del->add_option("PROJECT", a->project, "Project name")->required();
  del->add_option("NAME", a->name, "Data source name")->required();
  OnRun(del, ctx, [&ctx, a] { return Delete(ctx, *a); });
}

}  // namespace trib::cli
