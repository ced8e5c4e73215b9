// Driver options that name files (TLS certificates and keys: sql::OptionKind::kProjectFile) are
// project paths like the database files of jdbc:sqlite: and jdbc:duckdb:, checked as text when a
// definition is written and resolved inside the project's directory when it is used.
#pragma once

#include <map>
#include <string>

#include "common/status.h"
#include "sql/jdbc_url.h"

namespace trib {

// Create-time, pure: each file option of `driver` in `options` is a project-relative path.
// Errors name "arguments.<key>" (or "connection_string" for a URL parameter).
Status CheckOptionFiles(sql::SqlDriverKind driver,
                        const std::map<std::string, std::string>& options,
                        const std::map<std::string, std::string>& arguments);

// Use-time: each file option becomes the absolute path inside `project_dir` it resolves to.
Status ResolveOptionFiles(sql::SqlDriverKind driver, std::map<std::string, std::string>& options,
                          const std::map<std::string, std::string>& arguments,
                          const std::string& project_dir);

}  // namespace trib
