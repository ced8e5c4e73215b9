// A jdbc definition parsed the one way create-time validation and every read share: the URL
// with its arguments (sql::ParseJdbcUrl), then the rules that depend on where the server runs
// (local files only inside the project's directory).
#pragma once

#include <map>
#include <string>

#include "common/json.h"
#include "common/status.h"
#include "sql/jdbc_url.h"

namespace trib {

// `config` holds connection_string and arguments (secret entries may be "<redacted>");
// `secrets` the opened secret arguments (JSON pointer -> plaintext), which win. A SQLite or
// DuckDB file is named relative to the project's directory, or by an absolute path (allowed
// only inside the administrator's local directories: CheckJdbcDefinition and use decide).
Result<sql::JdbcTarget> ParseJdbcDefinition(const Json& config,
                                            const std::map<std::string, std::string>& secrets);

// Whether the target reads a local database file (not an in-memory database).
bool IsLocalFile(const sql::JdbcTarget& target);

}  // namespace trib
