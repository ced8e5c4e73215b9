// What makes a SQLite session read-only beyond SQLITE_OPEN_READONLY: VACUUM INTO and ATTACH
// work on a read-only connection, and a schema's views and triggers may call functions, so a
// read also gets an authorizer that allows only reading, and connection limits that keep other
// files out of reach.
#pragma once

#include <sqlite3.h>

#include "common/status.h"

namespace trib::sql {

// Installs the read-only authorizer and switches off what a read must not use (extensions,
// attached databases, untrusted schema functions). Call right after opening. While
// `*preparing_own_sql` is true the authorizer allows everything: browse's own catalog queries
// use pragma table functions, which SQLite authorizes as an update of sqlite_master.
Status RestrictToReading(sqlite3* db, const bool* preparing_own_sql);

// A read runs one statement that returns rows and writes nothing; refuses anything else
// (VACUUM, PRAGMA assignments, ...) before it is stepped. Errors name "query".
Status CheckReadStatement(sqlite3_stmt* stmt);

}  // namespace trib::sql
