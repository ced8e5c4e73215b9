// trib read and trib write, and the data-reaching verbs of `trib datasource`: test, browse,
// splits, engine-options.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "clientlib/http_support.h"
#include "clientlib/progress_line.h"
#include "clientlib/row_counter.h"

namespace trib::cli {

namespace {

// Single-quoted for a POSIX shell.
std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Vended credentials as the variables the provider's own tools read.
std::string CredentialsAsShell(const Json& vended) {
  std::string text = "# " + vended.value("access", "") + " access to " +
                     vended.value("bucket", "") + "/" + vended.value("prefix", "") + ", expires " +
                     vended.value("expires", "") + "\n";
  const std::pair<const char*, const char*> kAws[] = {
      {"AWS_ACCESS_KEY_ID", "access_key_id"},
      {"AWS_SECRET_ACCESS_KEY", "secret_access_key"},
      {"AWS_SESSION_TOKEN", "session_token"},
      {"AWS_REGION", "region"},
      {"AWS_ENDPOINT_URL_S3", "endpoint"}};
  if (vended.value("provider", "") == "aws") {
    for (const auto& [variable, key] : kAws) {
      text += "export " + std::string(variable) + "=" + ShellQuote(vended.value(key, "")) + "\n";
    }
    return text;
  }
  for (const auto& [key, value] : vended.items()) {
    if (value.is_string()) text += key + "\t" + value.get<std::string>() + "\n";
  }
  return text;
}

struct ReadArgs {
  std::string project;
  std::string name;
  std::string query;
  std::string table;
  int64_t limit = -1;
  std::string out;
  std::string format;
  int64_t statement_timeout_ms = 0;
  int64_t connect_timeout_ms = 0;
  std::string partition_column;
  int64_t lower_bound = 0;
  int64_t upper_bound = 0;
  int64_t num_partitions = 0;
  std::string path;  // file types
  std::string data_format;
  std::vector<std::string> options;  // key=value, the format's options
  std::vector<std::string> columns;
  bool no_progress = false;
};

std::string SourcePath(const std::string& project, const std::string& name) {
  return ProjectPath(project) + "/datasources/" + EncodeComponent(name);
}

Result<Json> ReadBody(const ReadArgs& a) {
  const bool file_read = !a.path.empty() || !a.data_format.empty() || !a.columns.empty();
  if (file_read ? !(a.query.empty() && a.table.empty()) : a.query.empty() == a.table.empty()) {
    return Status::InvalidArgument(
        "query", "give exactly one of --query, --table (SQL sources) and --path (file sources)");
  }
  Json body = Json::object();
  if (!a.query.empty()) body["query"] = a.query;
  if (!a.table.empty()) body["table"] = a.table;
  if (file_read) body["path"] = a.path;
  if (!a.data_format.empty()) body["data_format"] = a.data_format;
  if (!a.columns.empty()) body["columns"] = a.columns;
  if (a.limit >= 0) body["limit"] = a.limit;
  Json options = Json::object();
  for (const std::string& option : a.options) {
    const size_t eq = option.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("option", "--option takes key=value, e.g. header=true");
    }
    options[option.substr(0, eq)] = option.substr(eq + 1);
  }
  if (a.statement_timeout_ms > 0) options["statement_timeout_ms"] = a.statement_timeout_ms;
  if (a.connect_timeout_ms > 0) options["connect_timeout_ms"] = a.connect_timeout_ms;
  if (!options.empty()) body["options"] = options;
  if (!a.partition_column.empty()) {
    body["partition_column"] = a.partition_column;
    body["lower_bound"] = a.lower_bound;
    body["upper_bound"] = a.upper_bound;
    body["num_partitions"] = a.num_partitions;
  }
  return body;
}

int RunRead(CliContext& ctx, const ReadArgs& a) {
  auto body = ReadBody(a);
  if (!body.ok()) return UsageFail(body.status());
  const bool to_stdout = a.out == "-";
  auto format = !a.format.empty() ? ParseOutputFormat(a.format, "format")
                : to_stdout       ? Result<OutputFormat>(OutputFormat::kCsv)
                                  : OutputFormatFromPath(a.out);
  if (!format.ok()) return UsageFail(format.status());
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());

  // Written beside the target and renamed at the end: a failed read leaves no partial file.
  const std::string part = a.out + ".part-" + std::to_string(::getpid());
  std::FILE* file = to_stdout ? stdout : std::fopen(part.c_str(), "wb");
  if (file == nullptr) {
    return UsageFail(Status::InvalidArgument("out", "cannot write " + part));
  }
  RowCounter counter(*format);
  ProgressLine progress(!a.no_progress && ::isatty(STDERR_FILENO) != 0);
  int64_t bytes = 0;
  bool write_failed = false;
  Status status = (*client)->PostDownload(SourcePath(a.project, a.name) + "/read", *body,
                                          std::string(ContentType(*format)),
                                          [&](const char* data, size_t size) {
                                            if (std::fwrite(data, 1, size, file) != size) {
                                              write_failed = true;
                                              return false;
                                            }
                                            bytes += static_cast<int64_t>(size);
                                            counter.Feed(data, size);
                                            progress.Update(counter.rows(), bytes);
                                            return true;
                                          });
  if (to_stdout) {
    std::fflush(stdout);
  } else if (std::fclose(file) != 0) {
    write_failed = true;
  }
  progress.Finish();
  if (write_failed) status = Status::InvalidArgument("out", "writing " + a.out + " failed");
  if (!status.ok()) {
    if (!to_stdout) std::filesystem::remove(part);
    return Fail(status);
  }
  if (!to_stdout) {
    std::error_code ec;
    std::filesystem::rename(part, a.out, ec);
    if (ec) {
      std::filesystem::remove(part);
      return Fail(Status::InvalidArgument("out", "cannot move the result to " + a.out));
    }
    std::cerr << progress.Summary(counter.rows(), bytes) << " -> " << a.out << "\n";
  }
  return kExitOk;
}

void AddReadCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<ReadArgs>();
  CLI::App* read = app.add_subcommand(
      "read",
      "Read a query or a table from a data source into a file (.arrow .parquet .csv "
      ".jsonl) or stdout");
  read->add_option("project", args->project, "Project")->required();
  read->add_option("datasource", args->name, "Data source")->required();
  read->add_option("-q,--query", args->query, "SQL to run");
  read->add_option("-t,--table", args->table, "Table to read ('name' or 'schema.name')");
  read->add_option("--limit", args->limit, "At most this many rows");
  read->add_option("--out", args->out, "Output file; its extension picks the format; - = stdout")
      ->required();
  read->add_option("--format", args->format, "arrow, parquet, csv or jsonl (default: by --out)");
  read->add_option("--statement-timeout-ms", args->statement_timeout_ms,
                   "Stop the statement on the database after this long");
  read->add_option("--connect-timeout-ms", args->connect_timeout_ms, "Connect timeout");
  read->add_option("--partition-column", args->partition_column,
                   "Split the read on this numeric column (with the bounds and --num-partitions)");
  read->add_option("--lower-bound", args->lower_bound, "Partition stride lower bound");
  read->add_option("--upper-bound", args->upper_bound, "Partition stride upper bound");
  read->add_option("--num-partitions", args->num_partitions, "Number of partitions");
  read->add_option("--path", args->path,
                   "File sources: a file, directory or glob below the source's path");
  read->add_option("--data-format", args->data_format,
                   "File sources: parquet, csv or json (default: by the files' extension)");
  read->add_option("--option", args->options, "File sources: a format option key=value")
      ->allow_extra_args(false);
  read->add_option("--columns", args->columns, "File sources: the columns to return")
      ->delimiter(',');
  read->add_flag("--no-progress", args->no_progress, "No progress line on a terminal");
  OnRun(read, ctx, [&ctx, args] { return RunRead(ctx, *args); });
}

struct WriteArgs {
  std::string project, name, path, in, data_format = "parquet", mode = "error";
};

int RunWrite(CliContext& ctx, const WriteArgs& a) {
  const std::string extension = std::filesystem::path(a.in).extension().string();
  const std::string type = extension == ".parquet" ? "application/vnd.apache.parquet"
                           : extension == ".arrow" ? "application/vnd.apache.arrow.stream"
                           : extension == ".csv"   ? "text/csv"
                                                   : "";
  if (type.empty()) {
    return UsageFail(Status::InvalidArgument(
        "in", "--in must be a .parquet, .arrow (IPC stream) or .csv file (with a header)"));
  }
  std::ifstream in(a.in, std::ios::binary);
  if (!in) return UsageFail(Status::InvalidArgument("in", "cannot read " + a.in));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto client = ctx.Client();
  if (!client.ok()) return ClientFail(client.status());
  auto answer = (*client)->PostBytes(
      SourcePath(a.project, a.name) + "/write" +
          QueryString({{"path", a.path}, {"data_format", a.data_format}, {"mode", a.mode}}),
      bytes, type);
  if (!answer.ok()) return Fail(answer.status());
  std::string text;
  for (const auto& file : (*answer)["files"]) text += file.get<std::string>() + "\n";
  text += std::to_string((*answer)["rows"].get<int64_t>()) + " rows, " +
          std::to_string((*answer)["bytes"].get<int64_t>()) + " bytes\n";
  ctx.Print(*answer, text);
  return kExitOk;
}

void AddWriteCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<WriteArgs>();
  CLI::App* write = app.add_subcommand(
      "write", "Write rows from a file as a new file of a file data source (server-side)");
  write->add_option("project", args->project, "Project")->required();
  write->add_option("datasource", args->name, "Data source")->required();
  write
      ->add_option("--path", args->path,
                   "Where: a file, or a directory (ending in /) that gets part-<id> files")
      ->required();
  write->add_option("--in", args->in, "The rows: a .parquet, .arrow or .csv file")->required();
  write->add_option("--data-format", args->data_format, "parquet, csv or json")
      ->capture_default_str();
  write->add_option("--mode", args->mode, "error, overwrite or append")->capture_default_str();
  OnRun(write, ctx, [&ctx, args] { return RunWrite(ctx, *args); });
}

void AddDatasourceReadVerbs(CLI::App& app, CliContext& ctx) {
  CLI::App* ds = app.get_subcommand("datasource");
  struct Target {
    std::string project, name, schema, table, path, engine = "spark", access = "read";
    int64_t timeout_ms = 0;
    int64_t duration_s = 3600;
    bool credentials = false;
  };
  auto t = std::make_shared<Target>();

  CLI::App* test = ds->add_subcommand("test", "Connect to the store and make one round trip");
  test->add_option("project", t->project, "Project")->required();
  test->add_option("name", t->name, "Data source")->required();
  test->add_option("--connect-timeout-ms", t->timeout_ms, "Connect timeout");
  OnRun(test, ctx, [&ctx, t]() -> int {
    auto client = ctx.Client();
    if (!client.ok()) return ClientFail(client.status());
    Json body = Json::object();
    if (t->timeout_ms > 0) body["connect_timeout_ms"] = t->timeout_ms;
    auto answer = (*client)->Post(SourcePath(t->project, t->name) + "/test", body);
    if (!answer.ok()) return Fail(answer.status());
    ctx.Print(*answer, "ok (" + std::to_string((*answer)["elapsed_ms"].get<int64_t>()) + " ms)\n");
    return kExitOk;
  });

  CLI::App* browse = ds->add_subcommand(
      "browse",
      "List schemas; with --schema its tables; with --table too, its columns; for file sources "
      "the files and directories below --path");
  browse->add_option("project", t->project, "Project")->required();
  browse->add_option("name", t->name, "Data source")->required();
  browse->add_option("--schema", t->schema, "Schema to list");
  browse->add_option("--table", t->table, "Table whose columns to list (needs --schema)");
  browse->add_option("--path", t->path, "File sources: the directory to list");
  OnRun(browse, ctx, [&ctx, t]() -> int {
    auto client = ctx.Client();
    if (!client.ok()) return ClientFail(client.status());
    auto answer = (*client)->Get(
        SourcePath(t->project, t->name) + "/browse" +
        QueryString({{"schema", t->schema}, {"table", t->table}, {"path", t->path}}));
    if (!answer.ok()) return Fail(answer.status());
    std::string text;
    if (answer->contains("columns")) {
      for (const auto& c : (*answer)["columns"]) {
        text += c["name"].get<std::string>() + "\t" + c["database_type"].get<std::string>() + "\t" +
                c["arrow_type"].get<std::string>() + "\n";
      }
    } else if (answer->contains("files")) {
      for (const auto& p : (*answer)["prefixes"]) text += p.get<std::string>() + "\n";
      for (const auto& f : (*answer)["files"]) {
        text +=
            f["path"].get<std::string>() + "\t" + std::to_string(f["size"].get<int64_t>()) + "\n";
      }
    } else if (answer->contains("tables")) {
      for (const auto& x : (*answer)["tables"]) {
        text += x["name"].get<std::string>() + "\t" + x["kind"].get<std::string>() + "\n";
      }
    } else {
      for (const auto& s : (*answer)["schemas"]) text += s.get<std::string>() + "\n";
    }
    ctx.Print(*answer, text);
    return kExitOk;
  });

  CLI::App* engine = ds->add_subcommand(
      "engine-options", "Options an external engine (Spark) needs to read the source itself");
  engine->add_option("project", t->project, "Project")->required();
  engine->add_option("name", t->name, "Data source")->required();
  engine->add_option("--engine", t->engine, "Engine")->capture_default_str();
  engine->add_flag("--include-credentials", t->credentials,
                   "Add credentials: short-lived vended ones for s3 (members), the stored ones "
                   "for other types (data owners); audited");
  engine->add_option("--access", t->access, "With vended credentials: read or write")
      ->capture_default_str();
  OnRun(engine, ctx, [&ctx, t]() -> int {
    auto client = ctx.Client();
    if (!client.ok()) return ClientFail(client.status());
    const bool vend_write = t->credentials && t->access != "read";
    auto answer = (*client)->Get(SourcePath(t->project, t->name) + "/engine-options" +
                                 QueryString({{"engine", t->engine},
                                              {"include_credentials", t->credentials ? "true" : ""},
                                              {"access", vend_write ? t->access : ""}}));
    if (!answer.ok()) return Fail(answer.status());
    std::string text;
    for (const auto& [k, v] : (*answer)["options"].items()) {
      text += k + "\t" + (v.is_string() ? v.get<std::string>() : v.dump()) + "\n";
    }
    ctx.Print(*answer, text);
    return kExitOk;
  });

  CLI::App* vend = ds->add_subcommand(
      "credentials",
      "Short-lived credentials limited to the source's bucket and path (s3), printed as shell "
      "exports: eval \"$(trib datasource credentials P DS)\"");
  vend->add_option("project", t->project, "Project")->required();
  vend->add_option("name", t->name, "Data source")->required();
  vend->add_option("--access", t->access, "read, or write (data owners)")->capture_default_str();
  vend->add_option("--duration", t->duration_s, "Lifetime in seconds, 900-43200")
      ->capture_default_str();
  OnRun(vend, ctx, [&ctx, t]() -> int {
    auto client = ctx.Client();
    if (!client.ok()) return ClientFail(client.status());
    auto answer = (*client)->Post(SourcePath(t->project, t->name) + "/credentials",
                                  Json{{"access", t->access}, {"duration_s", t->duration_s}});
    if (!answer.ok()) return Fail(answer.status());
    ctx.Print(*answer, CredentialsAsShell(*answer));
    return kExitOk;
  });
}

}  // namespace

void AddReadCommands(CLI::App& app, CliContext& ctx) {
  AddReadCommand(app, ctx);
  AddWriteCommand(app, ctx);
  AddDatasourceReadVerbs(app, ctx);
}

}  // namespace trib::cli
