// Each noun registers its verbs on the root app; main.cc only wires them together.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "cli/cli_context.h"

namespace trib::cli {

void AddProjectCommands(CLI::App& app, CliContext& ctx);
void AddDatasourceCommands(CLI::App& app, CliContext& ctx);
void AddUserCommands(CLI::App& app, CliContext& ctx);
void AddRolemappingCommands(CLI::App& app, CliContext& ctx);
void AddAuditCommands(CLI::App& app, CliContext& ctx);
void AddAdminCommands(CLI::App& app, CliContext& ctx);
// `trib read` and datasource test/browse/engine-options (after AddDatasourceCommands).
void AddReadCommands(CLI::App& app, CliContext& ctx);

// Runs `run` when `command` was given on the command line; its result is the exit code.
inline void OnRun(CLI::App* command, CliContext& ctx, std::function<int()> run) {
  command->callback([&ctx, run = std::move(run)] { ctx.exit_code = run(); });
}

inline constexpr const char* kProjectRoles[] = {"data_owner", "data_scientist"};

}  // namespace trib::cli
